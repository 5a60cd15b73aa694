// After a partnership (issue 20), on the real store: care follow-ups 3 and 12 months after the project
// closes, driven by the fake clock through the dispatcher's ticks (retried, doubled, reopened, closed
// again); and the alliance of an institution registered in the partner's workspace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { startApp } from "../../src/app.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { TICK_MS } from "../../src/core/reflection/dispatch.ts";
import { FakeClock } from "../fakes/memory-store.ts";
import { directEvent, startTestApp, type TestApp, type Who } from "../helpers/app.ts";
import { fingerprint } from "../helpers/snapshot.ts";

const en = translator("en");

const LEA: Who = { platform: "slack", workspace: "T0UNIBE", user: "U01LEA", name: "Léa Martin", handle: "lea" };
const AMINA: Who = { platform: "slack", workspace: "T0UNIBE", user: "U02AMINA", name: "Amina Yusuf", handle: "amina" };
const JOAO: Who = { platform: "discord", workspace: "900000000000000777", user: "900000000000000042", name: "João Silva", handle: "joao" };
const KOFI: Who = { platform: "discord", workspace: "900000000000000777", user: "900000000000000043", name: "Kofi Mensah", handle: "kofi" };
// A server that shares no project with Léa.
const ZED: Who = { platform: "discord", workspace: "900000000000000999", user: "900000000000000099", name: "Zed Okafor", handle: "zed" };
/** Tests that run a day or two of quarter-hour ticks: ~100 ticks each, slow on a loaded 2-core machine with PGlite. */
const TICKS_TIMEOUT_MS = 120_000;
const INVITE = /Invitation to [^:]+: ([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})/;

describe.each(["postgres", "pglite"] as const)("after the partnership, on %s", (kind) => {
  const clock = new FakeClock(new Date("2026-11-23T08:00:00Z"));
  let app: TestApp;
  let careId: string;
  const say = async (who: Who, text: string) => (await app.mutual.handle(directEvent(who, text))).map(renderPlainText).join("\n");
  const ok = async (who: Who, text: string) => {
    const reply = await say(who, text);
    expect(reply, text).not.toMatch(/^⚠/);
    return reply;
  };
  const unchanged = async (who: Who, text: string, expected: string) => {
    await app.scheduler.settle(); // the notices of the commands before are out
    const before = await fingerprint(app.database.connection);
    expect(await say(who, text), text).toBe(expected);
    expect(await fingerprint(app.database.connection), `${text} changed nothing`).toEqual(before);
  };
  const refusal = (id: Parameters<typeof en>[0], values: Record<string, unknown> = {}, hint: Parameters<typeof en>[0] = "care.after.hint", hintValues = {}) =>
    `⚠ ${en(id, values as never)}\n${en(hint, hintValues as never)}`;
  /** Every quarter-hour tick of the care schedule in [from, to), as the scheduler fires them. */
  const ticks = async (fromIso: string, toIso: string, target: Pick<TestApp, "dispatcher"> = app) => {
    for (let t = Date.parse(fromIso); t < Date.parse(toIso); t += TICK_MS) {
      clock.set(new Date(t));
      await target.dispatcher.tick(careId, new Date(t));
    }
  };
  // Closing again skips what was left unanswered (src/store/projects.ts close): a sent prompt is one with a sentAt.
  const careSent = async () =>
    (await app.database.prisma.promptDelivery.findMany({ where: { scheduleId: careId, sentAt: { not: null } }, include: { person: true }, orderBy: { occurrence: "asc" } })).map(
      (d) => `${d.person.displayName} ${d.occurrence.toISOString().slice(0, 16)}Z ${d.promptId.split("/")[0]}`,
    );
  const listed = async () => (await ok(LEA, "schedule list project=coastal")).split("\n").find((l) => l.includes("care follow-ups"));

  beforeAll(async () => {
    app = await startTestApp(kind, { redisUrl: undefined }, { clock });
    await ok(LEA, 'project create "Coastal Resilience" slug=coastal');
    await ok(LEA, "profile tz=Europe/Zurich country=CH");
    await ok(AMINA, "project join coastal");
    await ok(AMINA, "profile tz=Africa/Nairobi country=KE");
    for (const [who, profile] of [
      [JOAO, "profile tz=America/Sao_Paulo country=BR lang=pt"],
      [KOFI, "profile tz=Africa/Accra country=GH"],
    ] as const) {
      await ok(who, `project join ${INVITE.exec(await ok(LEA, "project invite coastal"))![1]!}`);
      await ok(who, profile);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  describe("care follow-ups", () => {
    it("bad after= input is one kind line and changes nothing", async () => {
      await unchanged(LEA, "schedule create care after=soon", refusal("care.after.invalid", { input: "soon" }));
      await unchanged(LEA, "schedule create care after=0,3", refusal("care.after.range", { max: 120, count: 12 }));
      await unchanged(LEA, 'schedule create care after="11 years"', refusal("care.after.range", { max: 120, count: 12 }));
      await unchanged(LEA, "schedule create care after=3 every=weekly", refusal("care.after.both"));
      await unchanged(LEA, "schedule create after=3", refusal("care.after.careOnly"));
      await unchanged(LEA, "schedule create digest after=3", refusal("care.after.careOnly"));
    });

    it("created on the open project: planned, dormant until it closes, and it says so", async () => {
      const reply = await ok(LEA, 'schedule create care after="3 months, 1 year"');
      expect(reply).toContain("3 months and 12 months after the project closes, at 09:00 (each person's local time) · starts when the project closes");
      expect(reply).toContain(en("care.created.dormant", { project: "Coastal Resilience" }));
      const care = await app.database.prisma.schedule.findFirstOrThrow({ where: { kind: "CARE" } });
      careId = care.id;
      expect([care.cadence, care.promptSet, care.timezone]).toEqual([{ type: "after-close", months: [3, 12] }, "follow-up", "Europe/Zurich"]);
      // Open: no tick sends anything, whatever the date.
      await ticks("2027-02-23T00:00:00Z", "2027-02-24T00:00:00Z");
      expect(await careSent()).toEqual([]);
    }, TICKS_TIMEOUT_MS);

    it("closed on 2026-11-23: list says when each follow-up falls", async () => {
      clock.set(new Date("2026-11-23T15:00:00Z"));
      await ok(LEA, "project close coastal");
      expect(await listed()).toContain("3 months after closing: 2027-02-23; 12 months after closing: 2027-11-23 · reminder after 24 h · active");
      // The same in Portuguese, for João.
      expect(await ok(JOAO, "schedule list project=coastal")).toContain("3 meses depois do encerramento: 2027-02-23; 12 meses depois do encerramento: 2027-11-23");
    });

    it("3 months after: once each, at 09:00 in each person's zone, from the follow-up set; nothing before", async () => {
      await ticks("2027-02-22T18:00:00Z", "2027-02-24T00:00:00Z");
      expect(await careSent()).toEqual([
        "Amina Yusuf 2027-02-23T06:00Z follow-up",
        "Léa Martin 2027-02-23T08:00Z follow-up",
        "Kofi Mensah 2027-02-23T09:00Z follow-up",
        "João Silva 2027-02-23T12:00Z follow-up",
      ]);
    }, TICKS_TIMEOUT_MS);

    it("a retried tick, the same ticks again and concurrent ticks send nothing more", async () => {
      const count = app.sent.length;
      await ticks("2027-02-23T00:00:00Z", "2027-02-24T00:00:00Z");
      await Promise.all(["2027-02-23T12:00:00Z", "2027-02-23T12:15:00Z", "2027-02-23T12:00:00Z"].map((t) => app.dispatcher.tick(careId, new Date(t))));
      expect(app.sent.length).toBe(count);
      expect(await careSent()).toHaveLength(4);
    }, TICKS_TIMEOUT_MS);

    it("reopened, the follow-ups wait; closed again, they count from the new closing date", async () => {
      const sent = (await careSent()).length;
      clock.set(new Date("2027-06-01T10:00:00Z"));
      await ok(LEA, "project reopen coastal");
      expect(await listed()).toContain("· starts when the project closes ·");
      // The 12-month follow-up of the first closing does not come while the project is open.
      await ticks("2027-11-22T18:00:00Z", "2027-11-24T00:00:00Z");
      expect(await careSent()).toHaveLength(sent);
      clock.set(new Date("2027-12-01T10:00:00Z"));
      await ok(LEA, "project close coastal");
      expect(await listed()).toContain("3 months after closing: 2028-03-01; 12 months after closing: 2028-12-01");
      await ticks("2028-02-29T18:00:00Z", "2028-03-02T00:00:00Z");
      expect((await careSent()).slice(sent)).toEqual([
        "Amina Yusuf 2028-03-01T06:00Z follow-up",
        "Léa Martin 2028-03-01T08:00Z follow-up",
        "Kofi Mensah 2028-03-01T09:00Z follow-up",
        "João Silva 2028-03-01T12:00Z follow-up",
      ]);
    }, TICKS_TIMEOUT_MS);

    it("two processes (on PGlite, one process twice) ticking the 12-month follow-up deliver each once", async () => {
      // PGlite is one process's embedded database: there, the same ticks run twice at once in one app.
      const second =
        kind === "postgres"
          ? await startApp(app.config, { logger: pino({ level: "silent" }), chat: { send: async (to, m) => void app.sent.push({ to, message: m }), post: async () => undefined }, clock })
          : { dispatcher: app.dispatcher, close: async () => undefined };
      try {
        const before = app.sent.length;
        // Friday 2028-12-01; in Ghana it is Farmers' Day, so Kofi's moves to his next working day, Monday.
        clock.set(new Date("2028-12-04T09:05:00Z"));
        const at = ["2028-12-01T12:00:00Z", "2028-12-04T09:00:00Z", "2028-12-01T08:00:00Z", "2028-12-01T06:00:00Z"].map((t) => new Date(t));
        await Promise.all(at.flatMap((t) => [app.dispatcher.tick(careId, t), second.dispatcher.tick(careId, t)]));
        expect(app.sent.slice(before).map((s) => s.to.displayName).sort()).toEqual(["Amina Yusuf", "João Silva", "Kofi Mensah", "Léa Martin"]);
        expect((await careSent()).slice(8)).toEqual([
          "Amina Yusuf 2028-12-01T06:00Z follow-up",
          "Léa Martin 2028-12-01T08:00Z follow-up",
          "João Silva 2028-12-01T12:00Z follow-up",
          "Kofi Mensah 2028-12-04T09:00Z follow-up",
        ]);
        expect(await careSent()).toHaveLength(12);
      } finally {
        await second.close();
      }
    }, 60_000);

    it("a closed project still refuses any other schedule, and a care schedule with bad input changes nothing", async () => {
      await unchanged(LEA, "schedule create after=3", `⚠ ${en("project.closed", { project: "Coastal Resilience" })}\n${en("project.closed.hint", { slug: "coastal" })}`);
      await unchanged(LEA, "schedule create care after=3y,soon", refusal("care.after.invalid", { input: "3y,soon" }));
      expect(await ok(LEA, "schedule create care after=6")).toContain("6 months after closing: 2028-06-01");
    });
  });

  describe("alliance with an institution of the partner's workspace", () => {
    beforeAll(async () => {
      clock.set(new Date("2028-03-10T10:00:00Z"));
      await ok(LEA, "project reopen coastal");
      // Enda Santé is registered in the Discord server only; João works there.
      await ok(JOAO, 'institution add "Enda Santé" country=SN');
      await ok(JOAO, 'profile institution="Enda Santé"');
      // A project of the Discord server João is in and Léa is not: counted for her, never named.
      await ok(KOFI, 'project create "Accra Lab" slug=accralab');
      await ok(JOAO, `project join ${INVITE.exec(await ok(KOFI, "project invite accralab"))![1]!}`);
      // UCAD is registered in both workspaces, under two names, with one ROR id: one institution.
      await ok(AMINA, 'institution add "Université Cheikh Anta Diop" ror=https://ror.org/04je6yw13');
      await ok(AMINA, 'profile institution="Université Cheikh Anta Diop"');
      await ok(KOFI, 'institution add "UCAD" ror=https://ror.org/04je6yw13');
      await ok(KOFI, 'profile institution="UCAD"');
      // A server that shares no project with Léa.
      await ok(ZED, 'institution add "Hidden Institute"');
      await ok(ZED, 'profile institution="Hidden Institute"');
    }, 60_000);

    it("a lead sees the partner institution of the other workspace: her project, the other counted as hidden", async () => {
      const view = await ok(LEA, 'alliance "Enda Santé"');
      expect(view).toContain("Enda Santé: 1 project");
      expect(view).toMatch(/Coastal Resilience \(coastal\): since \d{4}-\d\d-\d\d, ongoing/);
      expect(view).toContain(en("alliance.hidden", { count: 1 }));
      expect(view).not.toContain("Accra");
    });

    it("a member who is not a lead finds it too, and reads nothing but the count", async () => {
      const view = await ok(AMINA, 'alliance "enda sante"');
      expect(view).toContain(en("alliance.none", { who: "Enda Santé" }));
      expect(view).toContain(en("alliance.hidden", { count: 2 }));
    });

    it("one ROR id in two workspaces is one institution, by either name, with the viewer's own", async () => {
      for (const name of ["Université Cheikh Anta Diop", "UCAD"]) {
        const view = await ok(LEA, `alliance "${name}"`);
        expect(view).toContain("Université Cheikh Anta Diop: 1 project");
        expect(view).toContain("Worked with: Enda Santé.");
        // Kofi's Accra Lab, through the Discord server's row: counted, not named.
        expect(view).toContain(en("alliance.hidden", { count: 1 }));
      }
    });

    it("a workspace that shares no project with the viewer is out of reach", async () => {
      await unchanged(LEA, 'alliance "Hidden Institute"', `⚠ ${en("alliance.unknown", { who: "Hidden Institute" })}\n${en("alliance.unknown.hint")}`);
    });

    it("the same name in two workspaces, not one ROR id: refused with the workspaces; workspace= picks one", async () => {
      await ok(LEA, 'institution add "Enda Santé"');
      const workspaces = "T0UNIBE (Slack) and 900000000000000777 (Discord)";
      await unchanged(
        LEA,
        'alliance "Enda Santé"',
        `⚠ ${en("alliance.ambiguous", { who: "Enda Santé", count: 2, workspaces })}\n${en("alliance.ambiguous.hint", { who: "Enda Santé", example: "T0UNIBE" })}`,
      );
      expect(await ok(LEA, 'alliance "Enda Santé" workspace=900000000000000777')).toContain("Enda Santé: 1 project");
      expect(await ok(LEA, 'alliance "Enda Santé" workspace=t0unibe')).toContain(en("alliance.none", { who: "Enda Santé" }));
      await unchanged(
        LEA,
        'alliance "Enda Santé" workspace=nowhere',
        `⚠ ${en("alliance.workspace.none", { who: "Enda Santé", workspace: "nowhere", workspaces })}\n${en("alliance.unknown.hint")}`,
      );
    });
  });
});
