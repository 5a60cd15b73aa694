// The real stack (Prisma store, BullMQ on Redis, core) on both databases Mutual supports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../src/core/i18n/index.ts";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";

const fr = translator("fr");
/** A reply that starts with this text, as it is (no pattern characters). */
const startsWith = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);

/** Row counts of every table that a command could change, plus the people's profiles. */
async function snapshot(app: TestApp) {
  const p = app.database.prisma;
  return {
    workspaces: await p.workspace.count(),
    people: await p.person.findMany({ orderBy: { id: "asc" }, select: { id: true, timezone: true, language: true, institutionId: true, careerStage: true, workDays: true, displayName: true } }),
    institutions: await p.institution.count(),
    projects: await p.project.count(),
    memberships: await p.membership.findMany({ orderBy: { id: "asc" }, select: { id: true, role: true } }),
    audit: await p.auditLog.count(),
    receipts: await p.commandReceipt.count(),
  };
}

describe.each(["postgres", "pglite"] as const)("commands on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("saves a profile and shows it back", async () => {
    // The reply to choosing French is the first one in French.
    expect(await app.say("amina", "profile tz=africa/nairobi lang=French")).toContain(`✓ ${fr("profile.saved")}`);
    const shown = await app.say("amina", "profile");
    expect(shown).toMatch(/fuseau horaire:\s+Africa\/Nairobi/);
    expect(shown).toMatch(/langue:\s+français \(fr\)/);
  });

  it("adds institutions once, whatever the spelling, and links people to them", async () => {
    // amina chose French above: her replies are in French, joao's in English.
    expect(await app.say("amina", 'institution add "University of Nairobi" country=Kenya kind=university')).toContain(
      `✓ ${fr("institution.added", { institution: "University of Nairobi · KE · université" })}`,
    );
    expect(await app.say("joao", 'institution add "Universidade Federal do Pará" country=BR ror=https://ror.org/03q9sr818')).toContain("✓ Added");
    expect(await app.say("joao", 'institution add "university of  NAIROBI"')).toContain("already listed");
    expect(await app.say("amina", 'profile institution="university of nairobi" stage="phd candidate" workdays=sun-thu')).toMatch(
      new RegExp(`institution:\\s+University of Nairobi \\(KE\\)[\\s\\S]*${fr("profile.field.stage")}:\\s+${fr("vocab.careerStage.phd_candidate")}[\\s\\S]*${fr("profile.field.workdays")}:\\s+sun-thu`),
    );
    expect(await app.say("joao", "institution list")).toMatch(/University of Nairobi · KE · university — 1 person/);
  });

  it("runs a project: create, join, members, roles, leave — with the lead rules", async () => {
    expect(await app.say("amina", 'project create "Coastal Resilience" lang=en')).toContain(`✓ ${fr("project.created", { name: "Coastal Resilience", slug: "coastal-resilience" })}`);
    expect(await app.say("joao", "project join coastal-resilience")).toContain("✓ Welcome to Coastal Resilience!");
    expect(await app.say("joao", 'project join "coastal resilience"')).toContain("already a member");
    expect(await app.say("joao", "project role coastal-resilience @amina member")).toContain("Only leads of Coastal Resilience can do that.");
    expect(await app.say("amina", "project role coastal-resilience @joao mentor")).toContain(`✓ ${fr("project.role.set", { person: "joao", role: fr("vocab.projectRole.mentor"), name: "Coastal Resilience" })}`);
    expect(await app.say("amina", "project role coastal-resilience @nobody lead")).toContain(fr("person.unknown", { who: "@nobody" }));
    expect(await app.say("amina", "project leave coastal-resilience")).toContain(fr("project.leave.lastLead", { name: "Coastal Resilience" }));
    const members = await app.say("joao", "project members coastal-resilience");
    expect(members).toContain("amina — lead, University of Nairobi, PhD candidate");
    expect(members).toContain("joao — mentor");
    expect(await app.say("joao", "project leave coastal-resilience")).toContain("✓ You left Coastal Resilience.");
    expect(await app.say("joao", "project list")).toContain("Coastal Resilience (coastal-resilience) — 1 member");
    expect(await app.say("joao", "project join coastal-resiliance")).toContain('Did you mean "coastal-resilience"?');
  });

  it("records a retried event once and answers it the same way", async () => {
    const event = shellEvent("amina", 'project create "Saberes do Cerrado" slug=cerrado lang=pt', `retry-${kind}`);
    const before = await app.database.prisma.project.count();
    const replies = await Promise.all([1, 2, 3, 4].map(() => app.mutual.handle(event)));
    const again = await app.mutual.handle(event);
    expect(await app.database.prisma.project.count()).toBe(before + 1);
    const created = [...replies, again].filter((r) => r[0]?.tone === "success");
    expect(created.length).toBeGreaterThanOrEqual(2); // the first run, and every retry after it finished
    expect(again).toEqual(created[0]);
    expect(await app.database.prisma.auditLog.count({ where: { action: "project.create", details: { path: ["slug"], equals: "cerrado" } } })).toBe(1);
  });

  it("lets no project lose its last lead, even when two leads demote each other at once", async () => {
    await app.say("amina", 'project create "Race" slug=race');
    await app.say("joao", "project join race");
    await app.say("amina", "project role race @joao lead");
    await Promise.all([app.say("amina", "project role race @joao member"), app.say("joao", "project role race @amina member")]);
    const project = await app.database.prisma.project.findFirstOrThrow({ where: { slug: "race" } });
    expect(await app.database.prisma.membership.count({ where: { projectId: project.id, role: "LEAD" } })).toBe(1);
  });

  it("answers bad input with one clear line and changes nothing", async () => {
    await app.say("amina", "profile"); // amina exists already; nothing below may change anything
    const before = await snapshot(app);
    const cases: Array<[string, RegExp]> = [
      ["profile tz=Mars/Olympus", startsWith(`⚠ ${fr("validate.timeZone", { value: "Mars/Olympus", didYouMean: "" })}`)],
      // A line that doesn't parse is answered in the language of someone Mutual knows.
      ["profle tz=Africa/Nairobi", startsWith(`⚠ ${fr("parse.unknownCommand", { name: "profle", didYouMean: fr("common.didYouMean", { suggestion: "profile" }) })}`)],
      ['profile institution="University of Nairobi', startsWith(`⚠ ${fr("parse.unclosedQuote", { quote: '"' })}`)],
      [`profile name=${"x".repeat(10_000)}`, startsWith(`⚠ ${fr("parse.tooLong", { length: 10_013, max: 4_000 })}`)],
      [`project create ${"y".repeat(3000)}`, startsWith(`⚠ ${fr("parse.valueTooLong", { option: "name", length: 3_000, max: 120 })}`)],
      ["profile tz=Africa/Nairobi tz=Europe/Zurich", startsWith(`⚠ ${fr("parse.twice", { option: "tz" })}`)],
      ["institution add Somewhere country=Atlantis", startsWith(`⚠ ${fr("validate.country", { value: "Atlantis" })}`)],
      ["institution add Somewhere ror=https://ror.org/03yrm5c27", startsWith(`⚠ ${fr("validate.ror.checksum", { value: "https://ror.org/03yrm5c27" })}`)],
      ["profile stage=professor", startsWith(`⚠ « professor » n’est pas une valeur valide pour stage.`)],
      ["project role coastal-resilience @joao boss", startsWith(`⚠ « boss » n’est pas une valeur valide pour role.`)],
    ];
    for (const [input, expected] of cases) {
      const reply = await app.say("amina", input);
      expect(reply, input).toMatch(expected);
      expect(reply.split("\n").length, input).toBeLessThanOrEqual(2); // the error line and at most a hint
    }
    expect(await snapshot(app)).toEqual(before);
  });

  it("round-trips the smoke job through BullMQ and a worker", async () => {
    expect(await app.say("joao", "ping")).toMatch(/^✓ pong: the scheduler answered in \d+ ms\.$/);
  });
});
