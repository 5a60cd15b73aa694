// Data rights (issue 17), on the real store: `my data` exports every planted marker; `my data delete
// confirm` leaves no trace of the person's name or private texts anywhere in a full dump of the
// database while the project's counts stay; leaving a project ends pairs, prompts and needs there;
// and every column of the live schema that names a person is covered by export and erasure.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../src/core/message.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { PERSON_DATA } from "../../src/store/person-data.ts";
import { FakeClock } from "../fakes/memory-store.ts";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";
import { personColumns } from "../helpers/snapshot.ts";

const NAME = "Zawadi Quillfeather";
/** Hers alone: gone after erasure. */
const PRIVATE = {
  reflection: "PRIVATE-REFLECTION-7f3a the tide tables were wrong",
  need: "PRIVATE-NEED-91cc grant writing in French",
  strength: "PRIVATE-STRENGTH-2b8e participatory mapping",
  preference: "PRIVATE-PREFNOTE-55d1 first authorship matters for my visa",
  mentorNote: "PRIVATE-MENTORNOTE-c4e0 talked about the move",
  nextSteps: "PRIVATE-NEXTSTEPS-8a21 draft section 2",
  dispute: "PRIVATE-DISPUTE-3d9f I led this, not supported it",
};
/** Kept without her name: the project's record. */
const KEPT = {
  credit: "KEPT-CREDIT-4410 interviewed 40 fishers",
  recorded: "KEPT-RECORDED-77a2 translated the interview guide",
  kudosGiven: "KEPT-KUDOSGIVEN-0b5c for the translation",
  kudosReceived: `KEPT-KUDOSRECEIVED-e9d3 thanks ${NAME} for the interviews`,
};

const MINUTE = 60_000;

describe.each(["postgres", "pglite"] as const)("data rights on %s", (kind) => {
  const clock = new FakeClock(new Date("2026-11-23T08:00:00Z"));
  let app: TestApp;
  let seq = 0;

  const handle = (user: string, text: string) => app.mutual.handle(shellEvent(user, text, `data-${kind}-${++seq}`));
  const ok = async (user: string, text: string) => {
    const reply = await app.say(user, text, `data-${kind}-${++seq}`);
    expect(reply, `${user}: ${text}`).not.toMatch(/^⚠/);
    return reply;
  };
  const read = async (reply: OutgoingMessage, ext: string) => {
    const file = reply.files!.find((f) => f.filename.endsWith(ext))!;
    let out = "";
    for await (const chunk of file.chunks()) out += chunk;
    return { name: file.filename, text: out };
  };
  const personOf = async (user: string) => (await app.database.prisma.platformAccount.findFirst({ where: { externalId: user } }))?.personId;

  /** Every row of every table as text: what a full dump holds, on either database. */
  const sqlDump = async () => {
    const db = app.database.prisma;
    const tables = await db.$queryRawUnsafe<Array<{ name: string }>>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const rows = await db.$queryRawUnsafe<Array<{ row: string }>>(`SELECT t::text AS row FROM "${name}" t`);
      parts.push(`-- ${name}\n${rows.map((r) => r.row).join("\n")}`);
    }
    return parts.join("\n");
  };
  const dump = async () => {
    const viaSql = await sqlDump();
    if (kind === "pglite") return viaSql;
    const url = (app.config.database as { url: string }).url;
    return `${viaSql}\n${execFileSync("pg_dump", ["--data-only", "--inserts", url], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })}`;
  };
  const counts = async () => {
    const db = app.database.prisma;
    return {
      contributions: await db.contribution.count(),
      kudos: await db.acknowledgement.count(),
      people: await db.person.count(),
      responses: await db.promptResponse.count(),
      receipts: await db.commandReceipt.count(),
    };
  };

  beforeAll(async () => {
    app = await startTestApp(kind, { redisUrl: undefined }, { clock });
    for (const [user, line] of [
      ["kofi", 'institution add "University of Nairobi" country=KE'],
      ["kofi", 'project create "Coastal Resilience" slug=coastal'],
      ["zawadi", `profile name="${NAME}" institution="University of Nairobi" stage=phd tz=Africa/Nairobi`],
      ["zawadi", "project join coastal"],
      ["joao", "project join coastal"],
      ["kofi", `contribution add @zawadi "${KEPT.credit}" roles=investigation degree=lead`],
      ["kofi", `contribution add @zawadi "a second one" roles=methodology degree=supporting`],
      ["zawadi", "contribution confirm #1"],
      ["zawadi", `contribution dispute #2 "${PRIVATE.dispute}"`],
      ["zawadi", `contribution add @joao "${KEPT.recorded}" roles=translation`],
      ["zawadi", `kudos @joao ${KEPT.kudosGiven}`],
      ["joao", `kudos @zawadi ${KEPT.kudosReceived}`],
      ["zawadi", `preferences set authorship, presenting findings note="${PRIVATE.preference}"`],
      ["kofi", "schedule create set=mutual-learning every=weekly days=mon at=09:00"],
      ["zawadi", "reflect"],
      ["zawadi", `answer ${PRIVATE.reflection}`],
      ["kofi", "mentor pair @zawadi @joao every=2w"],
      ["zawadi", `checkin log #1 "${PRIVATE.mentorNote}" topics=writing next="${PRIVATE.nextSteps}"`],
      ["zawadi", `strengths add academic "${PRIVATE.strength}"`],
      ["zawadi", `needs add academic "${PRIVATE.need}"`],
      ["zawadi", "needs"],
      ["zawadi", "strengths"],
      ["zawadi", "my reflections"],
    ] as const) {
      await ok(user, line);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("covers every column of the live schema that names a person, in export and erasure", async () => {
    const db = app.database.prisma;
    const { foreignKeys: fks, named } = await personColumns(app.database.connection);
    const covered = new Set(Object.keys(PERSON_DATA));
    const missing = [...new Set([...fks, ...named])].filter((c) => !covered.has(c)).sort();
    expect(missing, "columns that name a person but are not in PERSON_DATA (src/store/person-data.ts)").toEqual([]);
    // And nothing stale: every covered column exists.
    const columns = new Set(
      (await db.$queryRawUnsafe<Array<{ c: string }>>(`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'public'`)).map((r) => r.c),
    );
    expect([...covered].filter((c) => !columns.has(c))).toEqual([]);
    // Every table with a person column is covered (the tables, for the closing note).
    const tables = new Set([...covered].map((c) => c.split(".")[0]));
    for (const c of fks) expect(tables.has(c.split(".")[0]!)).toBe(true);
  });

  it("exports everything held about her, as JSON and Markdown named by who and when", async () => {
    const [reply] = await handle("zawadi", "my data");
    expect(renderPlainText(reply!)).toMatch(/^✓ Everything Mutual holds about you, in two files \(JSON and Markdown\): 1 reflection, 2 contributions credited to you, 2 kudos, 1 mentorship pair/);
    expect(reply!.files!.map((f) => f.filename)).toEqual([
      expect.stringMatching(/^mutual-data-zawadi-quillfeather-[a-z0-9]{6}-20261123-080000\.json$/),
      expect.stringMatching(/^mutual-data-zawadi-quillfeather-[a-z0-9]{6}-20261123-080000\.md$/),
    ]);
    const json = await read(reply!, ".json");
    const md = await read(reply!, ".md");
    const data = JSON.parse(json.text) as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(expect.arrayContaining(["profile", "accounts", "memberships", "contributionsCredited", "contributionsRecorded", "kudosGiven", "kudosReceived", "preferences", "reflections", "mentorshipPairs", "needs", "strengths", "notices"]));
    for (const marker of [NAME, ...Object.values(PRIVATE), ...Object.values(KEPT)]) {
      expect(json.text, marker).toContain(marker);
      expect(md.text, marker).toContain(marker);
    }
    expect(md.text).toContain(`# Your data in Mutual: ${NAME}`);
    expect(md.text).toContain("## Reflection answers, private ones included (1)");
    // Two people's exports at one instant never share a name.
    const [joaos] = await handle("joao", "my data");
    expect(joaos!.files![0]!.filename).toMatch(/^mutual-data-joao-[a-z0-9]{6}-20261123-080000\.json$/);
    expect(joaos!.files![0]!.filename).not.toBe(json.name);
    const joao = await read(joaos!, ".json");
    for (const marker of [PRIVATE.reflection, PRIVATE.need, PRIVATE.strength, PRIVATE.preference]) expect(joao.text).not.toContain(marker);
  });

  it("erases her on confirmation within 10 minutes: no name, no private text in a full dump; the project's counts stay", async () => {
    const zawadi = (await personOf("zawadi"))!;
    const projectId = (await app.database.prisma.project.findFirstOrThrow({ where: { slug: "coastal" } })).id;
    const contributionsBefore = await app.database.prisma.contribution.count({ where: { projectId } });
    const byInstitution = async () =>
      (await app.database.prisma.contribution.groupBy({ by: ["affiliationId", "careerStage"], where: { projectId }, _count: { _all: true }, orderBy: { affiliationId: "asc" } })).map((g) => [g.affiliationId, g.careerStage, g._count._all]);
    const sharesBefore = await byInstitution();
    expect(await dump()).toContain(NAME);

    // Confirming without asking first erases nothing.
    const before = await counts();
    expect(await app.say("zawadi", "my data delete confirm")).toMatch(/^⚠ Nothing was erased: `my data delete confirm` must come within 10 minutes of `my data delete`\./);
    expect(await counts()).toEqual(before);

    // Asked, but confirmed too late: nothing either.
    expect(await ok("zawadi", "my data delete")).toContain("To erase, type `my data delete confirm` within 10 minutes.");
    clock.advance(11 * MINUTE);
    expect(await app.say("zawadi", "my data delete confirm")).toMatch(/^⚠ Nothing was erased/);
    expect(await personOf("zawadi")).toBe(zawadi);

    const explained = await ok("zawadi", "my data delete");
    expect(explained).toContain("Erased: your profile and linked accounts");
    expect(explained).toContain("Kept without your name: contributions credited to you and kudos");
    clock.advance(9 * MINUTE);
    app.sent.length = 0;
    expect(await ok("zawadi", "my data delete confirm")).toContain("✓ Your data is erased.");

    // The leads and her mentee are told, without details.
    const told = app.sent.map((s) => `${s.to.displayName}: ${renderPlainText(s.message)}`);
    expect(told).toEqual(
      expect.arrayContaining([
        "kofi: A member of Coastal Resilience erased their data from Mutual. Their contributions stay in the record as “a former member”.",
        "joao: Your mentorship pair #1 in Coastal Resilience has ended: the other person erased their data from Mutual.",
      ]),
    );
    expect(told.join("\n")).not.toContain(NAME);

    // Nowhere in the database: not her name, not her handle, not her id, not one private text.
    const after = await dump();
    for (const marker of [NAME, "Quillfeather", zawadi, ...Object.values(PRIVATE), PRIVATE.reflection.slice(0, 24)]) expect(after, marker).not.toContain(marker);
    expect(after.toLowerCase()).not.toContain("zawadi");
    // Kept, without her name: the project's record and its institutional shares.
    for (const marker of Object.values(KEPT)) expect(after, marker).toContain(marker.replace(NAME, "[…]"));
    expect(await app.database.prisma.contribution.count({ where: { projectId } })).toBe(contributionsBefore);
    expect(await byInstitution()).toEqual(sharesBefore);
    expect(await app.database.prisma.acknowledgement.count()).toBe(before.kudos);
    const credited = await app.database.prisma.contribution.findFirstOrThrow({ where: { projectId, number: 1 } });
    expect(credited).toMatchObject({ contributorPersonId: null, careerStage: "PHD_CANDIDATE", status: "CONFIRMED" });
    expect(credited.affiliationId).not.toBeNull();
    expect(await app.database.prisma.mentorshipPair.count({ where: { projectId } })).toBe(0);

    // Readers see "a former member".
    expect(await ok("kofi", "contribution list")).toContain("a former member (University of Nairobi)");
    // Writing again starts an empty profile.
    expect(await ok("zawadi", "my reflections")).toContain("No reflections yet");
    expect(await personOf("zawadi")).not.toBe(zawadi);
  });

  it("leaving a project ends her pairs, prompts, reminders, needs and contact there; her credit stays", async () => {
    const db = app.database.prisma;
    await ok("lena", 'project create "Mangroves" slug=mangroves');
    await ok("amara", "project join mangroves");
    await ok("tomas", "project join mangroves");
    await ok("lena", "mentor pair @tomas @amara every=2w");
    await ok("lena", "mentor pair @amara @tomas every=monthly");
    await ok("amara", `needs add academic "mangrove taxonomy" project=mangroves`);
    await ok("lena", 'contribution add @amara "Mapped the mangroves" roles=investigation project=mangroves');
    const schedule = await ok("lena", "schedule create set=mutual-learning every=weekly days=mon at=09:00 project=mangroves remind=24h");
    // #1 is the check-in schedule the pairs made.
    expect(schedule).toContain("#2 · reflection");
    await ok("lena", "schedule fire #2 project=mangroves");
    const amara = (await personOf("amara"))!;
    const project = await db.project.findFirstOrThrow({ where: { slug: "mangroves" } });
    expect(await db.promptDelivery.count({ where: { personId: amara, projectId: project.id, status: "SENT" } })).toBe(1);

    expect(await ok("amara", "project leave mangroves")).toContain("You left Mangroves.");
    // Pairs ended, her unanswered prompt skipped (so no reminder), her need closed.
    expect(await db.mentorshipPair.count({ where: { projectId: project.id, endedAt: null } })).toBe(0);
    expect(await db.promptDelivery.count({ where: { personId: amara, projectId: project.id, status: { in: ["SENT", "PENDING"] } } })).toBe(0);
    expect(await db.capacityNeed.count({ where: { personId: amara, projectId: project.id, resolvedAt: null } })).toBe(0);
    expect(await ok("lena", "mentor list project=mangroves")).not.toMatch(/on track|due|overdue/);
    expect(await ok("lena", "project members mangroves")).not.toContain("amara");
    // The next prompts go to members only.
    clock.advance(7 * 24 * 60 * MINUTE);
    await ok("lena", "schedule fire #2 project=mangroves");
    expect(await db.promptDelivery.count({ where: { personId: amara, projectId: project.id } })).toBe(1);
    // What she contributed stays credited to her.
    expect(await ok("lena", "contribution list project=mangroves")).toContain("amara");
    expect(await db.contribution.count({ where: { projectId: project.id, contributorPersonId: amara } })).toBe(1);
  });

  it("prunes command receipts older than the retention period", async () => {
    const db = app.database.prisma;
    const all = await db.commandReceipt.count();
    expect(all).toBeGreaterThan(0);
    expect(await app.store.receipts.prune(new Date(clock.now().getTime() - 30 * 24 * 60 * MINUTE))).toBe(0);
    expect(await db.commandReceipt.count()).toBe(all);
    expect(await app.store.receipts.prune(new Date(clock.now().getTime() + MINUTE))).toBe(all);
    expect(await db.commandReceipt.count()).toBe(0);
  });
});
