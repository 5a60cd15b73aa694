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

describe("words a newcomer types", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("pglite", { redisUrl: undefined });
    expect(await app.say("lea", 'project create "Coastal Resilience" slug=coastal')).toContain("You are its lead");
    for (const name of ["amina", "joao"]) expect(await app.say(name, "project join coastal")).not.toMatch(/^⚠/);
    expect(await app.say("lea", 'contribution add @amina "Interviewed 40 fishers" roles=investigation')).toMatch(/^✓/);
    expect(await app.say("lea", 'contribution add @joao "Translated the guide" roles=translation')).toMatch(/^✓/);
    expect(await app.say("joao", "contribution confirm #2")).toMatch(/^✓/);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  describe("every choice error names the values to type, each with its meaning", () => {
    it("answer visibility=public", async () => {
      expect(await app.say("amina", "answer hello visibility=public")).toBe(
        '⚠ "public" is not a valid visibility. Choose one of: private (only you), project (shared with the project, with your name), or anonymous (counted anonymously, never shown).',
      );
    });

    it("summary format=pdf: every format, none cut off", async () => {
      const reply = await app.say("lea", "summary format=pdf");
      expect(reply).toMatch(/^⚠ "pdf" is not a valid format\. Choose one of: markdown \(/);
      for (const format of ["markdown", "csv", "json", "credit", "jats", "tenzing", "report"]) expect(reply).toContain(`${format} (`);
      expect(reply).toContain(", or all (every format).");
      expect(reply).not.toContain("…");
    });

    it("summary by=planet: the value knowledge, not its label", async () => {
      const reply = await app.say("lea", "summary by=planet");
      expect(reply).toBe('⚠ "planet" is not a valid by. Choose one of: person, institution, role, or knowledge (form of knowledge).');
    });

    it("a value typed at length is echoed clipped, and the choices still fit", async () => {
      const reply = await app.say("lea", `summary format=${"x".repeat(300)}`);
      expect(reply).toContain(`"${"x".repeat(59)}…" is not a valid format.`);
      expect(reply).toContain(", or all (every format).");
    });
  });

  describe("one word for one thing", () => {
    it("contribution status: help, errors and lists all say unconfirmed", async () => {
      expect(await app.say("lea", "help contribution")).toContain("[status=<unconfirmed|confirmed|disputed>]");
      const error = await app.say("lea", "contribution list status=bogus");
      expect(error).toBe('⚠ "bogus" is not a valid status. Choose one of: unconfirmed, confirmed, or disputed.');
      const unconfirmed = await app.say("lea", "contribution list status=unconfirmed");
      expect(unconfirmed).toContain("Interviewed 40 fishers");
      expect(unconfirmed).not.toContain("Translated the guide");
      expect(unconfirmed).toContain("unconfirmed");
      // "recorded", the status's value in CSV and JSON exports, is still understood.
      expect(await app.say("lea", "contribution list status=recorded")).toBe(unconfirmed);
    });

    it("schedule fire says members were left out only when someone was", async () => {
      expect(await app.say("lea", "schedule create every=weekly days=mon at=09:00")).toMatch(/^✓/);
      const all = await app.say("lea", "schedule fire #1");
      expect(all).toBe("✓ Sent to 3 of 3 members of Coastal Resilience.");
      expect(await app.say("amina", "pause 2w")).toMatch(/^✓/);
      expect(await app.say("lea", "schedule fire #1")).toBe("✓ Sent to 2 of 2 members of Coastal Resilience.\n1 member who is away was left out.");
      expect(await app.say("joao", "pause 2w")).toMatch(/^✓/);
      expect(await app.say("lea", "schedule fire #1")).toBe("✓ Sent to 1 of 1 members of Coastal Resilience.\n2 members who are away were left out.");
    });
  });

  describe("no silent rewrites", () => {
    const projects = () => app.database.prisma.project.findMany({ orderBy: { slug: "asc" } });

    it("a short name that is not one is refused, with the one it could be; nothing is created", async () => {
      const before = await projects();
      expect(await app.say("lea", 'project create "Bad Slug" slug="bad slug!!"')).toBe(
        '⚠ "bad slug!!" can\'t be a short name: use only lower-case letters, digits and hyphens.\nFor example: slug=bad-slug',
      );
      expect(await app.say("lea", 'project create "Bad Slug" slug=bad_slug')).toMatch(/^⚠ "bad_slug" can't be a short name/);
      expect(await app.say("lea", 'project create "Bad Slug" slug=bad--slug')).toMatch(/^⚠ "bad--slug" can't be a short name/);
      expect(await projects()).toEqual(before);
      // Short names are matched without case: Bad-Slug is bad-slug.
      expect(await app.say("lea", 'project create "Bad Slug" slug=Bad-Slug')).toMatch(/^✓ Created Bad Slug \(bad-slug\)/);
    });

    it("backslash escapes in a quoted value are read, not stored garbled", async () => {
      expect(await app.say("lea", 'project create "Say \\"hi\\" \\\\ o/" slug=say-hi')).toMatch(/^✓ Created Say "hi" \\ o\/ \(say-hi\)/);
      expect((await projects()).find((p) => p.slug === "say-hi")!.name).toBe('Say "hi" \\ o/');
      expect(await app.say("lea", 'profile name="\\"x\\""')).toMatch(/^✓/);
      expect((await app.database.prisma.person.findFirstOrThrow({ where: { accounts: { some: { externalId: "lea" } } } })).displayName).toBe('"x"');
    });
  });

  describe("two projects of one name", () => {
    it("creating the second says so, with the short names", async () => {
      const reply = await app.say("joao", 'project create "coastal resilience"');
      expect(reply).toBe(
        [
          "✓ Created coastal resilience (coastal-resilience). You are its lead.",
          "Another project is also called coastal resilience: coastal. Name this one by its short name, coastal-resilience, to tell them apart.",
          "Others join with: project join coastal-resilience",
        ].join("\n"),
      );
    });

    it("naming them by name asks which, by short name, and changes nothing", async () => {
      const before = await app.database.prisma.membership.count();
      expect(await app.say("amina", 'project join "Coastal Resilience"')).toBe(
        '⚠ 2 projects are called "Coastal Resilience": coastal or coastal-resilience.\nName one by its short name, e.g. coastal.',
      );
      expect(await app.database.prisma.membership.count()).toBe(before);
      expect(await app.say("amina", "project join coastal-resilience")).toMatch(/^✓ Welcome/);
    });

    it("project list shows each one's short name", async () => {
      const list = await app.say("amina", "project list");
      expect(list).toContain("Coastal Resilience (coastal)");
      expect(list).toContain("coastal resilience (coastal-resilience)");
    });
  });
});
