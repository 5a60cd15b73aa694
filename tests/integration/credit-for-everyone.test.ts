// Issue 19 on the real store, on both databases: people who are not on the chat credited through
// every export, ORCID iDs, naming wishes obeyed in every format, contributions counted in every
// period they overlap, and a lead merging an off-chat person into their chat account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../src/core/message.ts";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";
import { fingerprint } from "../helpers/snapshot.ts";

async function read(file: NonNullable<OutgoingMessage["files"]>[number]) {
  let out = "";
  for await (const chunk of file.chunks()) out += chunk;
  return out;
}

describe.each(["postgres", "pglite"] as const)("credit for everyone on %s", (kind) => {
  let app: TestApp;
  /** Every file of `summary format=all`, by extension (tenzing's CSV as "tenzing", Zenodo's as "zenodo"). */
  const exportAll = async (user: string, period = "2026") => {
    const [, exported] = await app.mutual.handle(shellEvent(user, `summary format=all period=${period}`));
    const files = exported!.files!;
    const texts = await Promise.all(files.map(read));
    return Object.fromEntries(
      files.map((f, i) => [f.filename.endsWith(".zenodo.json") ? "zenodo" : f.filename.endsWith("-tenzing.csv") ? "tenzing" : f.filename.endsWith("-credit-statement.txt") ? "credit" : f.filename.split(".").pop()!, texts[i]!]),
    );
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    const setup: Array<[string, string]> = [
      ["amina", 'institution add "University of Nairobi" country=KE ror=https://ror.org/02y9nww90'],
      ["amina", 'institution add "Kilifi Women\'s Group" country=KE kind=community'],
      ["amina", 'project create "Coastal Resilience" slug=coastal'],
      ["joao", 'profile institution="University of Nairobi" given=João family=Silva orcid=0000-0001-5109-3700'],
      ["joao", "project join coastal"],
      ["joao", 'contribution add @amina "Designed the survey" roles=methodology date=2026-02-02'],
      ["amina", 'contribution add @joao "Ran the focus groups" roles="investigation, formal analysis" date=2026-03-01'],
    ];
    for (const [user, line] of setup) expect(await app.say(user, line), line).not.toMatch(/^⚠/);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("adds a person who is not on the chat, once per event, and refuses a second of the same name", async () => {
    const line = 'person add "Mama Zawadi" institution="Kilifi Women\'s Group" orcid=0000-0002-1694-233x email=zawadi@example.org';
    const reply = await app.say("joao", line, "i19:add-zawadi");
    expect(reply).toContain("✓ Added Mama Zawadi to Coastal Resilience, not on the chat");
    // The same event again (a retry): the first record stands.
    expect(await app.say("joao", line, "i19:add-zawadi")).toContain("Added Mama Zawadi");
    expect(await app.database.prisma.person.count({ where: { displayName: "Mama Zawadi" } })).toBe(1);
    expect(await app.say("amina", 'person add "mama zawadi"')).toContain("Coastal Resilience already has Mama Zawadi, not on the chat; nothing changed.");
    const row = await app.database.prisma.person.findFirstOrThrow({ where: { displayName: "Mama Zawadi" }, include: { accounts: true, memberships: true } });
    expect(row.accounts).toEqual([]);
    expect(row.memberships.map((m) => m.role)).toEqual(["MEMBER"]);
    expect(row.orcid).toBe("https://orcid.org/0000-0002-1694-233X");
    expect(await app.say("joao", "person list")).toContain("Mama Zawadi (not on the chat) (Kilifi Women's Group) · https://orcid.org/0000-0002-1694-233X");
    // Email is the leads' record, not a shared output.
    expect(await app.say("joao", "person list")).not.toContain("zawadi@example.org");
  });

  it("refuses a wrong ORCID iD or email in one line and changes nothing", async () => {
    const before = await fingerprint(app.database.connection);
    for (const line of ['person add "Juma Bakari" orcid=0000-0002-1825-0098', 'person add "Juma Bakari" email=juma', "profile orcid=0000-0002-1694-2330", 'person add "Juma" institution="Nowhere Institute"']) {
      const reply = await app.say("joao", line);
      expect(reply, line).toMatch(/^⚠ /);
      expect(reply.split("\n")[0], line).toMatch(/ORCID iD|email address|institution/);
    }
    expect(await fingerprint(app.database.connection)).toEqual(before);
  });

  it("credits them by name in contributions and kudos, told to nobody, and a lead answers for them", async () => {
    const sent = app.sent.length;
    const reply = await app.say("joao", 'contribution add "MAMA ZAWADI" "Guided the transect walks" roles="field data collection, translation" date=2026-03-10 until=2026-04-20');
    expect(reply).toContain("#3 · 2026-03-10–2026-04-20 · Mama Zawadi (not on the chat) (Kilifi Women's Group) — Data collection in the field, Translation / interpretation");
    expect(await app.say("joao", 'kudos "Mama Zawadi" for the transect walks contribution=#3')).toContain("Thanks recorded for Mama Zawadi");
    expect(app.sent.length).toBe(sent); // nobody to tell
    expect(await app.say("joao", "contribution confirm #3")).toContain("Only a lead of Coastal Resilience can confirm #3: Mama Zawadi is not on the chat.");
    expect(await app.say("amina", "contribution confirm #3")).toContain("✓ Confirmed #3");
    // Nobody prompts a person who has no chat account: two members are on the chat.
    expect(await app.say("amina", "schedule create every=weekly days=mon")).toContain("Schedule created");
    expect(await app.say("amina", "schedule fire #1")).toContain("Sent to 2 of 2 members");
    expect(await app.say("amina", "contribution list")).toContain("Mama Zawadi (not on the chat)");
    const hers = await app.say("amina", 'contribution list who="mama zawadi"');
    expect(hers).toContain("#3 ·");
    expect(hers).not.toContain("#1 ·");
  });

  it("refuses a name that fits an institution and a person, never guessing", async () => {
    expect(await app.say("amina", 'person add "Kilifi Women\'s Group"')).toContain("✓");
    const before = await fingerprint(app.database.connection);
    const reply = await app.say("amina", 'kudos "kilifi women\'s group" for hosting');
    expect(reply).toContain("\"kilifi women's group\" could be more than one: Kilifi Women's Group, Kilifi Women's Group.");
    expect(await fingerprint(app.database.connection)).toEqual(before);
  });

  it("counts a contribution in every period it overlaps", async () => {
    // #3 runs 10 March – 20 April: in Q1 and in Q2, and once in the year.
    expect(await app.say("amina", "summary period=2026-Q1 by=person")).toContain("Mama Zawadi");
    expect(await app.say("amina", "summary period=2026-Q2 by=person")).toContain("Mama Zawadi");
    expect(await app.say("amina", "summary period=2026-Q3 by=person")).not.toContain("Mama Zawadi");
    const q2 = await exportAll("amina", "2026-Q2");
    expect(q2.csv!.split("\r\n").filter((l) => l.startsWith("3,"))).toHaveLength(1);
    expect(JSON.parse(q2.json!).totals).toMatchObject({ total: 1 });
  });

  it("credits the off-chat person through every export, with their ORCID iD and never their email", async () => {
    const files = await exportAll("amina");
    expect(Object.keys(files).sort()).toEqual(["credit", "csv", "html", "json", "md", "tenzing", "xml", "zenodo"]);
    for (const [name, text] of Object.entries(files)) {
      // The report (html) shows institutions and aggregates, not people.
      if (name !== "html") expect(text, name).toContain("Mama Zawadi");
      expect(text, name).not.toContain("zawadi@example.org");
    }
    expect(files.md).toContain("Mama Zawadi (not on the chat)");
    expect(files.csv).toMatch(/\r\n3,2026-03-10,2026-04-20,person,Mama Zawadi,Kilifi Women's Group,KE,,,/);
    expect(files.credit).toContain("Also credited: Mama Zawadi: Translation / interpretation, Data collection in the field.");
    expect(files.xml).toContain('<contrib-id contrib-id-type="orcid">https://orcid.org/0000-0002-1694-233X</contrib-id>');
    expect(files.xml).toContain("<name><surname>Silva</surname><given-names>João</given-names></name>");
    expect(files.xml).toContain('<institution-id institution-id-type="ror">https://ror.org/02y9nww90</institution-id>');
    const zenodo = JSON.parse(files.zenodo!) as { creators: unknown[]; contributors: unknown[] };
    expect(zenodo.contributors).toContainEqual({ name: "Mama Zawadi", affiliation: "Kilifi Women's Group", orcid: "0000-0002-1694-233X", type: "DataCollector" });
    expect(files.tenzing).toContain("Mama Zawadi");
  });

  it("obeys naming wishes in every format; counts stay true and nobody else can change them", async () => {
    const before = await exportAll("amina");
    expect(await app.say("joao", "preferences naming=initials")).toContain("Exports, digests and statements will show you as “J. S.” (your initials).");
    // A lead's own wish is theirs; there is no way to set another person's.
    expect(await app.say("amina", "preferences naming=full")).toContain("“amina”");
    const after = await exportAll("amina");
    for (const [name, text] of Object.entries(after)) {
      expect(text, name).not.toContain("João");
      expect(text, name).not.toContain("0000-0001-5109-3700");
    }
    expect(after.csv).toContain(",J. S.,"); // recorded_by
    expect(after.xml).toContain("<name><surname>S.</surname><given-names>J.</given-names></name>");
    expect(after.tenzing).toMatch(/,J\.,,S\.,/);
    expect(JSON.parse(after.json!).totals).toEqual(JSON.parse(before.json!).totals);
    expect(JSON.parse(after.json!).equity).toEqual(JSON.parse(before.json!).equity);
    expect(await app.say("joao", "preferences")).toContain("“J. S.” (your initials)");

    expect(await app.say("joao", "preferences naming=institution")).toContain("“a member of University of Nairobi”");
    const byInstitution = await exportAll("amina");
    for (const [name, text] of Object.entries(byInstitution)) expect(text, name).not.toContain("J. S.");
    expect(byInstitution.md).toContain("a member of University of Nairobi");
    expect(await app.say("joao", "preferences naming=full")).toContain("“joao” (your full name)");
  });

  it("lets a lead merge the off-chat person into their chat account, like link", async () => {
    expect(await app.say("zawadi", "profile")).not.toMatch(/^⚠/);
    expect(await app.say("joao", 'person merge "Mama Zawadi" @zawadi')).toMatch(/^⚠ .*leads/);
    expect(await app.say("amina", 'person merge "Mama Zawad" @zawadi')).toContain('Did you mean "Mama Zawadi"?');
    expect(await app.say("amina", 'person merge "Mama Zawadi" @zawadi')).toContain("✓ Merged Mama Zawadi into zawadi");
    const c = await app.database.prisma.contribution.findFirstOrThrow({ where: { number: 3 }, include: { contributorPerson: { include: { accounts: true } } } });
    expect(c.contributorPerson?.displayName).toBe("zawadi");
    expect(c.contributorPerson?.accounts).toHaveLength(1);
    expect(c.contributorPerson?.orcid).toBe("https://orcid.org/0000-0002-1694-233X"); // filled from the merged record
    expect(await app.database.prisma.person.count({ where: { displayName: "Mama Zawadi" } })).toBe(0);
    const list = await app.say("amina", "contribution list");
    expect(list).toContain("#3 · 2026-03-10–2026-04-20 · zawadi (Kilifi Women's Group)");
    expect(list).not.toContain("not on the chat) (Kilifi Women's Group) — Data collection");
    // Now on the chat, she answers for her own contribution.
    expect(await app.say("zawadi", "contribution dispute #3 \"I also interpreted\"")).toContain("Disputed #3");
  });

  it("gives a lead an off-chat person's data and erases them at their request; their credit stays, unnamed", async () => {
    expect(await app.say("joao", 'person add "Elder Amadou" email=amadou@example.org')).toContain("Added Elder Amadou");
    expect(await app.say("joao", 'contribution add "Elder Amadou" "Told the flood history of the creek" roles=investigation knowledge="lived experience" date=2026-05-05')).toContain("Elder Amadou (not on the chat)");
    const number = (await app.database.prisma.contribution.findFirstOrThrow({ where: { description: "Told the flood history of the creek" } })).number;

    // Their data, for a lead to hand over: the same files `my data` gives, email included.
    expect(await app.say("joao", 'person data "Elder Amadou"')).toMatch(/^⚠ .*leads/);
    const [reply] = await app.mutual.handle(shellEvent("amina", 'person data "Elder Amadou"'));
    expect(reply!.files?.map((f) => f.filename.split(".").pop())).toEqual(["json", "md"]);
    const json = JSON.parse(await read(reply!.files![0]!)) as { profile: { displayName: string; email: string | null }; contributionsCredited: Array<{ description: string }> };
    expect(json.profile).toMatchObject({ displayName: "Elder Amadou", email: "amadou@example.org" });
    expect(json.contributionsCredited.map((c) => c.description)).toEqual(["Told the flood history of the creek"]);

    // Erasing: first what it does (nothing changes), then, confirmed by a lead, once.
    // (The explanation's reply is kept as a command receipt, like every reply of a command that writes: bookkeeping.)
    const records = async () => {
      const { CommandReceipt: _receipts, ...rest } = await fingerprint(app.database.connection);
      return rest;
    };
    const before = await records();
    expect(await app.say("amina", 'person remove "Elder Amadou"')).toContain('person remove "Elder Amadou" confirm');
    expect(await app.say("joao", 'person remove "Elder Amadou" confirm')).toMatch(/^⚠ .*leads/);
    expect(await records()).toEqual(before);
    const erased = await app.say("amina", 'person remove "elder amadou" confirm', "i19:erase-amadou");
    expect(erased).toContain("✓ Elder Amadou is erased from Coastal Resilience");
    expect(await app.say("amina", 'person remove "elder amadou" confirm', "i19:erase-amadou")).toBe(erased); // a retry: the same answer, nothing more
    expect(await app.database.prisma.person.count({ where: { OR: [{ displayName: "Elder Amadou" }, { email: "amadou@example.org" }] } })).toBe(0);
    const [audit] = await app.database.connection.query<{ quoting: number }>(
      `SELECT count(*)::int AS quoting FROM "AuditLog" WHERE details::text ILIKE '%Amadou%' OR details::text ILIKE '%amadou@example.org%'`,
    );
    expect(audit?.quoting).toBe(0);
    // The credit stays, as a former member, so the project's counts stay true.
    expect(await app.say("amina", `contribution list`)).toContain(`#${number} · 2026-05-05 · a former member`);
    expect(await app.say("amina", 'person data "Elder Amadou"')).toMatch(/^⚠ .*nobody called "Elder Amadou"/);
  });
});
