// Partnerships beyond one workspace (issue 20), on the real store: a project led from a Slack workspace
// that a person of a Discord server joins with an invitation code; then closed (read-only, summaries
// still work, care follow-ups the only write) and reopened.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../src/core/i18n/index.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { FakeClock } from "../fakes/memory-store.ts";
import { directEvent, startTestApp, type TestApp, type Who } from "../helpers/app.ts";
import { fingerprint } from "../helpers/snapshot.ts";
import { listEnabledSchedules } from "../../src/store/index.ts";

const en = translator("en");

const LEA: Who = { platform: "slack", workspace: "T0UNIBE", user: "U01LEA", name: "Léa Martin", handle: "lea" };
const AMINA: Who = { platform: "slack", workspace: "T0UNIBE", user: "U02AMINA", name: "Amina Yusuf", handle: "amina" };
const JOAO: Who = { platform: "discord", workspace: "900000000000000777", user: "900000000000000042", name: "João Silva", handle: "joao" };
const KOFI: Who = { platform: "discord", workspace: "900000000000000777", user: "900000000000000043", name: "Kofi Mensah", handle: "kofi" };
const INVITE = /Invitation to [^:]+: ([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})/;

describe.each(["postgres", "pglite"] as const)("a partnership across a Slack workspace and a Discord server, on %s", (kind) => {
  const clock = new FakeClock(new Date("2026-11-23T08:00:00Z"));
  let app: TestApp;
  const say = async (who: Who, text: string) => (await app.mutual.handle(directEvent(who, text))).map(renderPlainText).join("\n");
  const ok = async (who: Who, text: string) => {
    const reply = await say(who, text);
    expect(reply, text).not.toMatch(/^⚠/);
    return reply;
  };
  const inviteCode = async () => INVITE.exec(await ok(LEA, "project invite coastal"))![1]!;
  const unchanged = async (who: Who, text: string, expected: string) => {
    await app.scheduler.settle(); // the notices of the commands before (a pair ended, a project closed) are out
    const before = await fingerprint(app.database.connection);
    const reply = await say(who, text);
    expect(reply, text).toBe(expected);
    expect(await fingerprint(app.database.connection), `${text} changed nothing`).toEqual(before);
  };

  beforeAll(async () => {
    app = await startTestApp(kind, { redisUrl: undefined }, { clock });
    await ok(LEA, 'project create "Coastal Resilience" slug=coastal');
    await ok(AMINA, "project join coastal");
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("a person of another workspace can't name the project before joining", async () => {
    expect(await say(JOAO, "project members coastal")).toMatch(/^⚠ There is no project "coastal"/);
  });

  it("invite: a lead gets a one-time code; members who are not leads don't", async () => {
    expect(await say(AMINA, "project invite coastal")).toBe(`⚠ ${en("access.leadsOnly", { project: "Coastal Resilience" })}\n${en("access.leadsOnly.hint", { slug: "coastal" })}`);
    expect(await inviteCode()).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  });

  it("join <code> from the Discord server: a member, once; a wrong or used code changes nothing", async () => {
    const code = await inviteCode();
    const invalid = `⚠ ${en("project.invite.invalid", { days: 7 })}\n${en("project.invite.invalid.hint")}`;
    await unchanged(JOAO, "project join ZZZZ-ZZZZ-ZZZZ", invalid);
    // Any case: the code a person reads off an e-mail.
    expect(await ok(JOAO, `project join ${code.toLowerCase()}`)).toContain("Welcome to Coastal Resilience!");
    await ok(KOFI, "project list"); // a first contact makes Kofi's account; the refusal below makes nothing
    await unchanged(KOFI, `project join ${code}`, invalid);
    await ok(KOFI, `project join ${await inviteCode()}`);
    const members = await ok(JOAO, "project members coastal");
    expect(members).toContain("João Silva");
    expect(members).toContain("Léa Martin");
    // Named from the Discord server, by short name or as their only project.
    expect(await ok(JOAO, "project list")).toContain("coastal");
  });

  it("an expired code doesn't work", async () => {
    const code = await inviteCode();
    clock.advance(7 * 24 * 3_600_000 + 1);
    await unchanged(JOAO, `project join ${code}`, `⚠ ${en("project.invite.invalid", { days: 7 })}\n${en("project.invite.invalid.hint")}`);
  });

  it("a name of a code's shape is refused, so a code is never read as a name", async () => {
    await unchanged(LEA, 'project create "Research Data" slug=researchdata', `⚠ ${en("project.slug.codeLike", { slug: "researchdata" })}\n${en("project.slug.codeLike.hint")}`);
  });

  it("kudos and contributions across: people of the other workspace are found among the project's members", async () => {
    expect(await ok(JOAO, 'kudos @lea "for the field guide"')).toContain("Léa Martin");
    expect(await ok(LEA, 'kudos @joao "for translating the interviews"')).toContain("João Silva");
    await ok(LEA, 'contribution add @joao "Interviews in Portuguese" roles=investigation,translation');
    await ok(JOAO, 'contribution add @amina "Survey design" roles=methodology');
    const thanks = await app.database.prisma.acknowledgement.findMany({ include: { toPerson: true } });
    expect(thanks.map((k) => k.toPerson?.displayName).sort()).toEqual(["João Silva", "Léa Martin"]);
  });

  it("a prompt reaches both workspaces, and the summary counts both", async () => {
    await ok(LEA, "schedule create every=weekly days=mon at=09:00");
    app.sent.length = 0;
    expect(await ok(LEA, "schedule fire #1")).toMatch(/^✓/);
    expect(new Set(app.sent.map((s) => s.to.displayName))).toEqual(new Set(["Léa Martin", "Amina Yusuf", "João Silva", "Kofi Mensah"]));
    const summary = await ok(LEA, "summary coastal by=person");
    expect(summary).toContain("João Silva");
    expect(summary).toContain("Amina Yusuf");
  });

  describe("closing", () => {
    it("close: leads only; pairs end, the record is read-only with one clear line that changes nothing", async () => {
      await ok(LEA, "mentor pair @lea @amina every=2w days=tue");
      expect(await say(JOAO, "project close coastal")).toMatch(/^⚠ Only leads/);
      expect(await ok(LEA, "project close coastal")).toBe(`✓ ${en("project.closed.done", { name: "Coastal Resilience", pairs: 1 })}\n${en("project.closed.after", { slug: "coastal" })}`);
      const closed = `⚠ ${en("project.closed", { project: "Coastal Resilience" })}\n${en("project.closed.hint", { slug: "coastal" })}`;
      for (const [who, line] of [
        [JOAO, 'kudos @lea "again"'],
        [LEA, 'contribution add @joao "More interviews" roles=investigation'],
        [AMINA, "contribution confirm #2"],
        [AMINA, "reflect"],
        [AMINA, "needs add academic \"Qualitative coding\""],
        [LEA, "schedule create every=weekly days=tue"],
        [LEA, "mentor pair @lea @amina every=2w days=tue"],
        [LEA, "project invite coastal"],
      ] as const) {
        await unchanged(who, line, closed);
      }
      expect(await app.database.prisma.mentorshipPair.count({ where: { endedAt: null } })).toBe(0);
      expect(await ok(LEA, "project close coastal")).toBe(en("project.close.already", { name: "Coastal Resilience", slug: "coastal" }));
    });

    it("reads still work: summaries, exports, members, contributions", async () => {
      expect(await ok(LEA, "summary coastal by=person")).toContain("João Silva");
      expect(await ok(LEA, "summary coastal format=csv")).not.toMatch(/^⚠/);
      expect(await ok(JOAO, "contribution list")).toContain("Interviews in Portuguese");
    });

    it("its schedules send nothing; a care schedule is the one write it keeps, and it sends the follow-up set", async () => {
      app.sent.length = 0;
      await ok(LEA, "schedule fire #1");
      expect(app.sent).toEqual([]);
      expect(await ok(LEA, 'schedule create care cron="0 10 1 */3 *"')).toMatch(/^✓/);
      const care = await app.database.prisma.schedule.findFirstOrThrow({ where: { kind: "CARE" } });
      expect(care.promptSet).toBe("follow-up");
      await ok(LEA, `schedule fire #${care.number}`);
      expect(new Set(app.sent.map((s) => s.to.displayName))).toEqual(new Set(["Léa Martin", "Amina Yusuf", "João Silva", "Kofi Mensah"]));
      const deliveries = await app.database.prisma.promptDelivery.findMany({ where: { scheduleId: care.id } });
      expect(deliveries.every((d) => d.promptId.startsWith("follow-up/"))).toBe(true);
      // The scheduler is reconciled from these: a closed project keeps only its care schedule's job.
      const reflection = await app.database.prisma.schedule.findFirstOrThrow({ where: { kind: "REFLECTION" } });
      const jobs = (await listEnabledSchedules(app.database.prisma)).map((s) => s.id);
      expect(jobs).toContain(care.id);
      expect(jobs).not.toContain(reflection.id);
    });

    it("reopen: writes work again; pairs ended stay ended, and it says so", async () => {
      expect(await say(AMINA, "project reopen coastal")).toMatch(/^⚠ Only leads/);
      expect(await ok(LEA, "project reopen coastal")).toBe(`✓ ${en("project.reopened", { name: "Coastal Resilience" })}\n${en("project.reopened.pairs", { slug: "coastal" })}`);
      expect(await ok(JOAO, 'kudos @lea "again"')).toMatch(/^✓/);
      expect(await app.database.prisma.mentorshipPair.count({ where: { endedAt: null } })).toBe(0);
      const reflection = await app.database.prisma.schedule.findFirstOrThrow({ where: { kind: "REFLECTION" } });
      expect((await listEnabledSchedules(app.database.prisma)).map((s) => s.id)).toContain(reflection.id);
      expect(await ok(LEA, "project reopen coastal")).toBe(en("project.reopen.notClosed", { name: "Coastal Resilience" }));
    });
  });

  describe("alliance memory", () => {
    beforeAll(async () => {
      // A second project, led by Léa, that João joins and works in, then closed.
      await ok(LEA, 'project create "Delta Voices" slug=delta');
      const code = INVITE.exec(await ok(LEA, "project invite delta"))![1]!;
      await ok(JOAO, `project join ${code}`);
      await ok(LEA, 'contribution add @joao "Community radio episodes" roles=community_liaison project=delta');
      await ok(LEA, 'kudos @joao "for the radio" contribution=#1 project=delta');
      await ok(JOAO, 'reflect project=delta');
      await ok(JOAO, "answer A private thought about the radio");
      await ok(LEA, "project close delta");
    }, 60_000);

    it("a lead of both sees both projects, active and closed, by role; no private text", async () => {
      const view = await ok(LEA, "alliance @joao");
      expect(view).toContain("João Silva: 2 projects");
      expect(view).toMatch(/Coastal Resilience \(coastal\): since 2026-11-\d\d, ongoing; 1 contribution, 1 acknowledgement/);
      expect(view).toMatch(/Delta Voices \(delta\): since 2026-\d\d-\d\d, closed on 2026-\d\d-\d\d; 1 contribution, 1 acknowledgement/);
      expect(view).toContain("Community liaison: 1 contribution, 1 acknowledgement");
      expect(view).toContain("Investigation: 1 contribution, 0 acknowledgements");
      expect(view).not.toContain("private thought");
      expect(view).not.toContain("radio episodes");
      expect(view).not.toMatch(/not counted/);
    });

    it("a member who leads neither sees nothing but how many are hidden; the person sees their own", async () => {
      const amina = await ok(AMINA, "alliance @joao");
      expect(amina).toContain(en("alliance.none", { who: "João Silva" }));
      expect(amina).toContain(en("alliance.hidden", { count: 2 }));
      expect(amina).not.toContain("Delta");
      const own = await ok(JOAO, "alliance @joao");
      expect(own).toContain("João Silva: 2 projects");
    });

    it("an unknown name is one kind line", async () => {
      expect(await say(LEA, "alliance @nobody")).toBe(`⚠ ${en("alliance.unknown", { who: "@nobody" })}\n${en("alliance.unknown.hint")}`);
    });
  });
});
