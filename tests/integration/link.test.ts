// `link`: a person on Slack and the same person on Discord become one person, on the real store.
// The merge must move every row (nothing lost, nothing left naming the merged person), refuse bad
// codes without changing anything, and merge exactly once however the command is doubled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPlainText } from "../../src/core/message.ts";
import { mergePeople, PERSON_COLUMNS } from "../../src/store/merge-people.ts";
import { FakeClock } from "../fakes/memory-store.ts";
import { directEvent, startTestApp, type TestApp, type Who } from "../helpers/app.ts";
import { personColumns } from "../helpers/snapshot.ts";

const slack = (user: string, name: string, handle = name): Who => ({ platform: "slack", workspace: "T123", user, name, handle });
const discord = (user: string, name: string, handle = name): Who => ({ platform: "discord", workspace: "456", user, name, handle });
const shell = (name: string): Who => ({ platform: "shell", workspace: "local", user: name, name, handle: name });

const AMINA_SLACK = slack("U01AMINA", "Amina Yusuf", "amina");
const JOAO_SLACK = slack("U03JOAO", "João Silva", "joao");
const AMINA_DISCORD = discord("900000000000000001", "amina_y", "amina");
const KOFI_DISCORD = discord("900000000000000002", "kofi");

const CODE = /Your link code: ([2-9A-Z]{4}-[2-9A-Z]{4})/;
const MINUTE = 60_000;

describe.each(["postgres", "pglite"] as const)("link on %s", (kind) => {
  const clock = new FakeClock(new Date("2026-11-23T08:00:00Z"));
  let app: TestApp;

  const say = async (who: Who, text: string, id?: string) => (await app.mutual.handle(directEvent(who, text, id))).map(renderPlainText).join("\n");
  const ok = async (who: Who, text: string) => {
    const reply = await say(who, text);
    expect(reply, text).not.toMatch(/^⚠/);
    return reply;
  };
  const codeFor = async (who: Who) => CODE.exec(await ok(who, "link"))![1]!;
  const personOf = async (who: Who) =>
    (await app.database.prisma.platformAccount.findFirstOrThrow({ where: { externalId: who.user, workspace: { externalId: who.workspace } } })).personId;

  /** Rows in every table of the schema (the migrations' bookkeeping aside). */
  const counts = async () => {
    const db = app.database.prisma;
    const tables = await db.$queryRawUnsafe<Array<{ name: string }>>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
    );
    const out: Record<string, number> = {};
    for (const { name } of tables) out[name] = (await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${name}"`))[0]!.n;
    return out;
  };
  /** Rows anywhere that still name the person. */
  const mentions = async (personId: string) => {
    const db = app.database.prisma;
    const found: Record<string, number> = {};
    for (const column of [...PERSON_COLUMNS.foreignKeys, ...PERSON_COLUMNS.plain]) {
      const [table, name] = column.split(".");
      const n = (await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${table}" WHERE "${name}" = $1`, personId))[0]!.n;
      if (n > 0) found[column] = n;
    }
    return found;
  };

  beforeAll(async () => {
    app = await startTestApp(kind, {}, { clock });
    // Slack, workspace T123: Amina's profile, project, credit both ways, kudos both ways, a reflection,
    // preferences, a mentorship pair with a check-in and a reminder, a strength and a need.
    for (const [who, line] of [
      [AMINA_SLACK, 'institution add "University of Nairobi" country=KE'],
      [AMINA_SLACK, 'profile tz=Africa/Nairobi institution="University of Nairobi" stage=phd'],
      [AMINA_SLACK, 'project create "Coastal Resilience" slug=coastal'],
      [JOAO_SLACK, "project join coastal"],
      [JOAO_SLACK, 'contribution add @amina "Interviewed 40 fishers" roles=investigation degree=lead'],
      [AMINA_SLACK, "contribution confirm #1"],
      [AMINA_SLACK, 'contribution add @joao "Translated the interview guide" roles=translation'],
      [AMINA_SLACK, "kudos @joao for the translation"],
      [JOAO_SLACK, "kudos @amina for the interviews"],
      [AMINA_SLACK, "preferences set authorship, presenting findings"],
      [AMINA_SLACK, "schedule create set=mutual-learning every=weekly days=mon at=09:00"],
      [AMINA_SLACK, "reflect"],
      [AMINA_SLACK, "answer The fishers read the tides better than our models"],
      [AMINA_SLACK, "mentor pair @amina @joao every=2w"],
      [AMINA_SLACK, "schedule fire #2"],
      [AMINA_SLACK, 'checkin log #1 "Went through the reviews" topics=writing'],
      [AMINA_SLACK, 'strengths add academic "qualitative methods"'],
      [AMINA_SLACK, 'needs add academic "grant writing"'],
      // Discord, guild 456: the same woman as another person, with a history of her own just as
      // wide, so that every column that names a person has rows to move when she is merged.
      [AMINA_DISCORD, 'institution add "Universidade Federal do Pará" country=BR'],
      [AMINA_DISCORD, "profile tz=America/Sao_Paulo country=BR quiet=22:00-06:00"],
      [AMINA_DISCORD, 'project create "Mangroves" slug=mangroves'],
      [KOFI_DISCORD, "project join mangroves"],
      [KOFI_DISCORD, 'contribution add @amina "Mapped the mangroves" roles=investigation'],
      [AMINA_DISCORD, "contribution confirm #1"],
      [AMINA_DISCORD, 'contribution add @kofi "Flew the drone survey" roles=resources'],
      [KOFI_DISCORD, "kudos @amina for mapping the mangroves"],
      [AMINA_DISCORD, "kudos @kofi for the drone"],
      [AMINA_DISCORD, "preferences set dataset credit"],
      [AMINA_DISCORD, "schedule create set=mutual-learning every=weekly days=tue at=09:00"],
      [AMINA_DISCORD, "reflect"],
      [AMINA_DISCORD, "answer Mangrove roots hold the coast together"],
      [AMINA_DISCORD, "mentor pair @amina @kofi every=2w"],
      [AMINA_DISCORD, "mentor pair @kofi @amina every=monthly"],
      [AMINA_DISCORD, "schedule fire #2"],
      [AMINA_DISCORD, 'checkin log #1 "Planned the drone flights" topics=methods'],
      [AMINA_DISCORD, 'strengths add translational "policy briefs"'],
      [AMINA_DISCORD, 'needs add intercultural "working in Portuguese"'],
      [AMINA_DISCORD, 'institution contact "Universidade Federal do Pará" @amina'],
      [AMINA_DISCORD, "project invite mangroves"],
    ] as const) {
      await ok(who, line);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("guards the merge: every column that names a person in the live schema is merged", async () => {
    const { foreignKeys: fks, named } = await personColumns(app.database.connection);
    expect([...fks].sort()).toEqual([...PERSON_COLUMNS.foreignKeys].sort());
    // Columns without a foreign key, found by name: who created, logged or changed something.
    const handled = new Set<string>([...PERSON_COLUMNS.foreignKeys, ...PERSON_COLUMNS.plain]);
    expect(named.filter((c) => !handled.has(c))).toEqual([]);
  });

  it("links a Slack and a Discord account: one person, one history, no row lost", async () => {
    const survivor = await personOf(AMINA_SLACK);
    const merged = await personOf(AMINA_DISCORD);
    expect(survivor).not.toBe(merged);

    const replacedCode = await codeFor(AMINA_SLACK);
    const issued = await say(AMINA_SLACK, "link");
    expect(issued).toContain("Your accounts so far:\n  • Slack (T123) — this account");
    expect(issued).toMatch(/give Mutual the command `link [2-9A-Z]{4}-[2-9A-Z]{4}` within 15 minutes/);
    expect(issued).not.toMatch(/Amina|amina|U01AMINA/); // no personal data besides the code
    // A second `link` replaced the first code: one live code per person.
    expect(await app.database.prisma.linkCode.count({ where: { personId: survivor } })).toBe(1);
    expect(await say(AMINA_DISCORD, `link ${replacedCode}`)).toMatch(/^⚠ That code doesn't work/);
    const code = CODE.exec(issued)![1]!;

    // Before: her Discord self is named in every column that can name a person (but a link code).
    expect(Object.keys(await mentions(merged)).sort()).toEqual([...PERSON_COLUMNS.foreignKeys, ...PERSON_COLUMNS.plain].filter((c) => c !== "LinkCode.personId").sort());
    const before = await counts();
    const preferencesOfMerged = await app.database.prisma.acknowledgementPreference.count({ where: { personId: merged } });
    // Typed in lower case, without the dash, with a space in the middle.
    const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(5).toLowerCase()}`;
    const reply = await say(AMINA_DISCORD, `link ${typed}`);
    expect(reply).toBe(
      [
        "✓ Linked: these accounts are now one person.",
        "  • Slack (T123)",
        "  • Discord (guild 456) — this account",
        "Your reflections, contributions, kudos, check-ins, needs, strengths and preferences are one history now, whichever account you use.",
        "Your profile is the one of the account that made the code; anything it lacked was filled in from this one.",
      ].join("\n"),
    );

    // Every table keeps its rows but for the merged person, their duplicate ranking (the survivor's
    // stays), the code used up, and the link's audit row and receipt.
    expect(await counts()).toEqual({
      ...before,
      Person: before.Person! - 1,
      AcknowledgementPreference: before.AcknowledgementPreference! - preferencesOfMerged,
      LinkCode: before.LinkCode! - 1,
      AuditLog: before.AuditLog! + 1,
      CommandReceipt: before.CommandReceipt! + 1,
    });
    expect(await mentions(merged)).toEqual({});
    expect(await personOf(AMINA_DISCORD)).toBe(survivor);
    expect(await app.store.identity.accounts(survivor)).toEqual([
      { platform: "slack", workspaceId: "T123", externalId: AMINA_SLACK.user },
      { platform: "discord", workspaceId: "456", externalId: AMINA_DISCORD.user },
    ]);

    // From either account, both histories are hers: reflections, profile, preferences, strengths.
    for (const who of [AMINA_DISCORD, AMINA_SLACK]) {
      const reflections = await say(who, "my reflections");
      expect(reflections).toContain("Your reflections (2)");
      expect(reflections).toContain("The fishers read the tides better than our models");
      expect(reflections).toContain("Mangrove roots hold the coast together");
      expect(await say(who, "strengths")).toMatch(/qualitative methods[\s\S]*policy briefs/);
    }
    const profile = await say(AMINA_DISCORD, "profile");
    expect(profile).toMatch(/name:\s+Amina Yusuf/); // the survivor's name and zone stay…
    expect(profile).toMatch(/time zone:\s+Africa\/Nairobi/);
    expect(profile).toMatch(/institution:\s+University of Nairobi \(KE\)/);
    expect(profile).toMatch(/career stage:\s+PhD candidate/);
    expect(profile).toMatch(/country:\s+BR\n/); // …and what she lacked comes from the Discord person
    expect(profile).toMatch(/quiet hours:\s+22:00–06:00/);
    expect(await say(AMINA_DISCORD, "preferences")).toBe("  • 1. authorship\n  • 2. presenting findings");
    // Credit: the Slack contribution and the Discord kudos name the same person.
    const coastal = await app.database.prisma.project.findFirstOrThrow({ where: { slug: "coastal" } });
    expect((await app.store.credit.list(coastal.id, { personId: survivor, limit: 10 })).map((c) => c.description)).toEqual(["Interviewed 40 fishers"]);
    const mangroves = await app.database.prisma.project.findFirstOrThrow({ where: { slug: "mangroves" } });
    expect((await app.store.credit.list(mangroves.id, { personId: survivor, limit: 10 })).map((c) => [c.description, c.status])).toEqual([["Mapped the mangroves", "confirmed"]]);
    expect(await app.database.prisma.acknowledgement.count({ where: { toPersonId: survivor } })).toBe(2);
    expect(await app.database.prisma.acknowledgement.count({ where: { fromPersonId: survivor } })).toBe(2);
    expect(await say(AMINA_DISCORD, "summary mangroves")).toMatch(/Amina Yusuf/);
    expect(await say(AMINA_SLACK, "summary coastal")).toMatch(/Amina Yusuf/);
    // Both projects are hers, as lead, each seen from its own workspace.
    expect(await say(AMINA_SLACK, "project list")).toContain("you: lead");
    expect(await say(AMINA_DISCORD, "project list")).toContain("you: lead");
    expect(await say(AMINA_DISCORD, "needs project=mangroves")).not.toMatch(/^⚠/);
    expect(await app.database.prisma.capacityNeed.count({ where: { personId: survivor } })).toBe(2);
    expect(await app.database.prisma.mentorshipPair.count({ where: { mentorId: survivor } })).toBe(2);
    expect(await app.database.prisma.mentorshipPair.count({ where: { menteeId: survivor } })).toBe(1);
    expect(await say(AMINA_DISCORD, "checkin history #1")).toContain("Planned the drone flights");
    expect(await app.database.prisma.notice.count({ where: { personId: survivor } })).toBeGreaterThanOrEqual(1);

    // Typing the used code again (a new event) is kind to her, and says nothing to anyone else.
    const again = await counts();
    expect(await say(AMINA_DISCORD, `link ${code}`)).toBe("✓ Already linked: these accounts are one person.\n  • Slack (T123)\n  • Discord (guild 456) — this account");
    expect(await say(KOFI_DISCORD, `link ${code}`)).toBe("⚠ That code doesn't work: it may be mistyped, older than 15 minutes, or already used.\nGet a new one with `link` on your other account, and type it here.");
    expect(await counts()).toEqual({ ...again, CommandReceipt: again.CommandReceipt! + 1 });
  });

  it("refuses unknown, malformed, replaced and expired codes, and two accounts of one workspace, changing nothing", async () => {
    const replaced = await codeFor(JOAO_SLACK);
    const joaos = await codeFor(JOAO_SLACK); // a new `link` replaces the code shown before
    const ana = slack("U04ANA", "Ana");
    const lea = shell("lea");
    await ok(ana, "profile");
    await ok(lea, "profile");
    const before = await counts();
    const cases: Array<[Who, string, RegExp]> = [
      [KOFI_DISCORD, "link ZZZZ-ZZZZ", /^⚠ That code doesn't work: it may be mistyped, older than 15 minutes, or already used\.$/m],
      [KOFI_DISCORD, "link hello", /^⚠ That is not a link code: a code has 8 letters and digits, like ABCD-EFGH\./],
      [KOFI_DISCORD, "link ABCD-EFG0", /^⚠ That is not a link code/],
      [KOFI_DISCORD, `link ${replaced}`, /^⚠ That code doesn't work/],
      [ana, `link ${joaos}`, /^⚠ Both accounts are in this same workspace/],
      // Amina is one person with a Slack account in T123 now, like João: refused too.
      [AMINA_DISCORD, `link ${joaos}`, /^⚠ Both accounts are in this same workspace/],
    ];
    for (const [who, line, expected] of cases) {
      const reply = await say(who, line);
      expect(reply, line).toMatch(expected);
      expect(reply, line).not.toMatch(/João|joao|U03JOAO/); // never whose code it was
    }
    // Expired: 15 minutes and a second after it was made.
    clock.advance(15 * MINUTE + 1000);
    try {
      expect(await say(lea, `link ${joaos}`)).toMatch(/^⚠ That code doesn't work/);
    } finally {
      clock.advance(-(15 * MINUTE + 1000));
    }
    expect(await counts()).toEqual(before);
  });

  it("merges two people of one project (data `link` refuses to make) by the collision rules", async () => {
    // Two people in one workspace can't be linked; mergePeople still keeps its rules for any pair
    // of rows that would collide on a unique key: the survivor's row stays.
    const xavier = slack("U10XAVIER", "Xavier");
    const yara = slack("U11YARA", "Yara");
    for (const [who, line] of [
      [xavier, "profile tz=Europe/Lisbon"],
      [yara, "profile country=PT stage=postdoc"],
      [xavier, "project join coastal"],
      [yara, "project join coastal"],
      [AMINA_SLACK, "project role coastal @yara lead"],
      [AMINA_SLACK, "mentor pair @xavier @joao every=2w"],
      [AMINA_SLACK, "mentor pair @yara @joao every=weekly"],
      [xavier, "preferences set authorship"],
      [yara, "preferences set co-design, team recognition"],
    ] as const) {
      await ok(who, line);
    }
    const [into, from] = [await personOf(xavier), await personOf(yara)];
    expect(await say(yara, `link ${await codeFor(xavier)}`)).toMatch(/^⚠ Both accounts are in this same workspace/);
    const db = app.database.prisma;
    const yaraPair = await db.mentorshipPair.findFirstOrThrow({ where: { mentorId: from } });
    await ok(yara, `checkin log #${yaraPair.number} "Reviewed the methods chapter"`);
    const before = await counts();

    await db.$transaction((tx) => mergePeople(tx, from, into));

    expect(await counts()).toEqual({
      ...before,
      Person: before.Person! - 1,
      Membership: before.Membership! - 1, // both were members of coastal
      MentorshipPair: before.MentorshipPair! - 1, // both mentored João in coastal
      AcknowledgementPreference: before.AcknowledgementPreference! - 2, // Yara's ranking
    });
    expect(await mentions(from)).toEqual({});
    const coastal = await db.project.findFirstOrThrow({ where: { slug: "coastal" } });
    // Xavier's membership stays, with Yara's stronger role: coastal keeps the lead she was.
    expect(await app.store.projects.roleOf(coastal.id, into)).toBe("lead");
    // Xavier's pair stays (his cadence), and Yara's check-in moved to it.
    const pair = await db.mentorshipPair.findFirstOrThrow({ where: { mentorId: into }, include: { checkIns: true } });
    expect(pair.cadence).toMatchObject({ weeks: 2 });
    expect(pair.checkIns.map((c) => c.mentorNote)).toEqual(["Reviewed the methods chapter"]);
    expect((await app.store.credit.preferences(into)).forms).toEqual(["authorship"]);
    const profile = await app.store.profiles.get(into);
    expect([profile.displayName, profile.timezone, profile.country, profile.careerStage]).toEqual(["Xavier", "Europe/Lisbon", "PT", "postdoc"]);
  });

  it("answers a person's own code with 'already linked' and keeps the code for the other account", async () => {
    const loner = shell("tomas");
    const code = await codeFor(AMINA_SLACK);
    const own = await codeFor(loner);
    const before = await counts();
    expect(await say(AMINA_SLACK, `link ${code}`)).toBe("✓ Already linked: these accounts are one person.\n  • Slack (T123) — this account\n  • Discord (guild 456)");
    expect(await say(loner, `link ${own}`)).toBe("✓ Already linked: these accounts are one person.\n  • shell — this account\nTo link another account, type the code there.");
    expect(await counts()).toEqual({ ...before, CommandReceipt: before.CommandReceipt! + 2 });
  });

  it("merges once when two accounts type the same code at once: one is linked, the other kindly refused", async () => {
    const sita = slack("U05SITA", "Sita");
    const code = await codeFor(sita);
    const rivals = [discord("900000000000000005", "sita"), shell("sita")];
    for (const who of rivals) await ok(who, "profile");
    const people = await app.database.prisma.person.count();
    const replies = await Promise.all(rivals.map((who) => say(who, `link ${code}`)));
    expect(replies.filter((r) => r.startsWith("✓ Linked")).length, replies.join("\n---\n")).toBe(1);
    expect(replies.filter((r) => r.startsWith("⚠ That code doesn't work")).length, replies.join("\n---\n")).toBe(1);
    expect(await app.database.prisma.person.count()).toBe(people - 1);
    expect((await app.store.identity.accounts(await personOf(sita))).length).toBe(2);
  });

  it("merges once when one account sends the same code twice (two events): the second is 'already linked'", async () => {
    const lea = slack("U06LEA", "Léa");
    const code = await codeFor(lea);
    const leaDiscord = discord("900000000000000006", "lea");
    await ok(leaDiscord, "profile");
    const people = await app.database.prisma.person.count();
    const replies = await Promise.all([say(leaDiscord, `link ${code}`), say(leaDiscord, `link ${code}`)]);
    expect(replies.map((r) => r.split("\n")[0]).sort()).toEqual(["✓ Already linked: these accounts are one person.", "✓ Linked: these accounts are now one person."]);
    expect(await app.database.prisma.person.count()).toBe(people - 1);
  });

  it("answers a retried event (same id) with the first answer, merging once", async () => {
    const mei = slack("U07MEI", "Mei");
    const code = await codeFor(mei);
    const meiDiscord = discord("900000000000000007", "mei");
    await ok(meiDiscord, "profile");
    const people = await app.database.prisma.person.count();
    const id = `retry-link-${kind}`;
    const first = await Promise.all([say(meiDiscord, `link ${code}`, id), say(meiDiscord, `link ${code}`, id)]);
    const later = await say(meiDiscord, `link ${code}`, id);
    expect(first.filter((r) => r.startsWith("✓ Linked"))).toHaveLength(1);
    expect(later).toBe(first.find((r) => r.startsWith("✓ Linked")));
    expect(await app.database.prisma.person.count()).toBe(people - 1);
    expect(await app.database.prisma.auditLog.count({ where: { action: "person.link", entityId: await personOf(mei) } })).toBe(1);
  });
});
