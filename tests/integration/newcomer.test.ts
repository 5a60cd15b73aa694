// What a newcomer trips over (issue 22), on the real store (PGlite, embedded scheduler): answering
// again, choice errors that name the values to type, one word for one thing, no silent rewrites,
// projects of the same name, and export files that never overwrite each other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../src/core/i18n/index.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";

const en = translator("en");

describe("answering again", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("pglite", { redisUrl: undefined });
    expect(await app.say("lea", 'project create "Coastal Resilience" slug=coastal')).toContain("You are its lead");
    expect(await app.say("amina", "project join coastal")).not.toMatch(/^⚠/);
    expect(await app.say("lea", "schedule create every=weekly days=mon at=09:00")).toMatch(/^✓/);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  const answers = () => app.database.prisma.promptResponse.findMany({ include: { person: true } });

  it("typed: a second answer replaces the first, within the prompt's cycle", async () => {
    expect(await app.say("lea", "schedule fire #1")).toMatch(/^✓/);
    expect(await app.say("amina", "answer first")).toMatch(/^✓ Thank you — answer saved/);
    expect(await app.say("amina", "answer second visibility=project")).toMatch(/^✓ Answer updated \(shared with the project\)/);
    const mine = (await answers()).filter((a) => a.person.displayName === "amina");
    expect(mine.map((a) => [a.text, a.visibility])).toEqual([["second", "PROJECT"]]);
    expect(await app.say("amina", "my reflections")).toContain("second");
  });

  it("through the button (to=<delivery>): replaces the same answer", async () => {
    const delivery = await app.database.prisma.promptDelivery.findFirstOrThrow({ where: { person: { displayName: "amina" } } });
    expect(await app.say("amina", `answer third to=${delivery.id}`)).toMatch(/^✓ Answer updated/);
    const mine = (await answers()).filter((a) => a.person.displayName === "amina");
    expect(mine.map((a) => a.text)).toEqual(["third"]);
  });

  it("a new prompt starts a new cycle: the next answer is a new one, and answering again replaces that", async () => {
    expect(await app.say("amina", "reflect")).not.toMatch(/^⚠/);
    expect(await app.say("amina", "answer fourth")).toMatch(/^✓ Thank you — answer saved/);
    expect(await app.say("amina", "answer fifth")).toMatch(/^✓ Answer updated/);
    const mine = (await answers()).filter((a) => a.person.displayName === "amina");
    expect(mine.map((a) => a.text).sort()).toEqual(["fifth", "third"]);
  });

  it("a skipped latest prompt is let go: answering says there is no open prompt and changes nothing", async () => {
    expect(await app.say("amina", "reflect")).not.toMatch(/^⚠/);
    expect(await app.say("amina", "skip")).toMatch(/^✓/);
    const before = await answers();
    expect(await app.say("amina", "answer sixth")).toBe(`⚠ ${en("reflection.prompt.noneOpen")}\n${en("reflection.prompt.noneOpen.hint")}`);
    expect(await answers()).toEqual(before);
  });
});
