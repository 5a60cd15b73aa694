// Contributions, kudos, preferences and summaries on the real store, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../src/core/i18n/index.ts";
import type { OutgoingMessage } from "../../src/core/message.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { creditRoleUri, CREDIT_ROLES } from "../../src/core/vocabulary.ts";
import { creditStore } from "../../src/store/credit.ts";
import { observeStatements } from "../../src/store/driver.ts";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";

async function read(file: NonNullable<OutgoingMessage["files"]>[number]) {
  let out = "";
  for await (const chunk of file.chunks()) out += chunk;
  return out;
}

describe.each(["postgres", "pglite"] as const)("credit on %s", (kind) => {
  let app: TestApp;
  const counts = async () => ({
    contributions: await app.database.prisma.contribution.count(),
    roles: (await app.database.prisma.contribution.findMany({ select: { roles: true } })).flatMap((c) => c.roles).length,
    kudos: await app.database.prisma.acknowledgement.count(),
    statuses: await app.database.prisma.contribution.findMany({ select: { status: true }, orderBy: { number: "asc" } }),
  });

  beforeAll(async () => {
    app = await startTestApp(kind);
    const setup: Array<[string, string]> = [
      ["amina", 'institution add "University of Nairobi" country=KE'],
      ["amina", 'institution add "Universidade Federal do Pará" country=BR ror=https://ror.org/03q9sr818'],
      ["amina", 'institution add "Coletivo Maré" country=BR kind=community'],
      ["amina", 'profile institution="University of Nairobi" stage=phd'],
      ["amina", 'project create "Coastal Resilience" slug=coastal'],
      ["joao", 'profile institution="Universidade Federal do Pará" stage=established'],
      ["joao", "project join coastal"],
      ["ana", 'profile institution="Coletivo Maré" stage=non-academic'],
      ["ana", "project join coastal"],
      ["outsider", "profile"],
    ];
    for (const [user, line] of setup) expect(await app.say(user, line), line).not.toMatch(/^⚠/);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("records a contribution with forgivingly matched roles and tells the credited person", async () => {
    const reply = await app.say("joao", 'contribution add @amina "Interviewed 40 fishers" roles="data-curation; INVESTIGATION" knowledge="lived experience, academic" degree=lead date=2026-03-02');
    expect(reply).toContain("✓ Recorded in Coastal Resilience:");
    expect(reply).toContain("#1 · 2026-03-02 · amina (University of Nairobi) — Data curation, Investigation (lead) · lived experience, disciplinary (academic) · unconfirmed — Interviewed 40 fishers");
    const told = app.sent.find((s) => s.to.displayName === "amina");
    expect(told && renderPlainText(told.message)).toContain("contribution confirm #1 project=coastal");
    const row = await app.database.prisma.contribution.findFirstOrThrow({ where: { number: 1 }, include: { affiliation: true } });
    expect(row.affiliation?.name).toBe("University of Nairobi"); // snapshot of the affiliation then
    expect(row.careerStage).toBe("PHD_CANDIDATE");
    expect(await app.say("joao", 'contribution add @ana "Mapping" roles="writing review editing, community liaison" date=2026-04-10')).toContain("Writing – review & editing, Community liaison (equal)");
    expect(await app.say("ana", 'contribution add "Coletivo Maré" "Hosted the workshops" roles="resources, translation" knowledge=indigenous date=2026-04-11')).toContain(
      "#3 · 2026-04-11 · Coletivo Maré — Resources, Translation / interpretation (equal) · Indigenous / local knowledge · unconfirmed",
    );
  });

  it("refuses unknown roles and other bad input, writing nothing", async () => {
    const before = await counts();
    const cases: Array<[string, string, RegExp]> = [
      ["joao", 'contribution add @amina "x" roles="data curration"', /^⚠ "data curration" is not a role I know\. Did you mean "Data curation"\?/],
      ["joao", 'contribution add @amina "x" roles="investigation, wizardry"', /^⚠ "wizardry" is not a role I know\./],
      ["joao", 'contribution add @amina "x" roles=investigation knowledge=astrology', /^⚠ "astrology" is not a form of knowledge I know\./],
      ["joao", 'contribution add @amina "x" roles=investigation date=2026-02-30', /^⚠ date must be a date written YYYY-MM-DD/],
      ["joao", 'contribution add @amina "x" roles=investigation date=2099-01-01', /^⚠ 2099-01-01 is in the future/],
      ["joao", 'contribution add @nobody "x" roles=investigation', /^⚠ I don't know @nobody yet\./],
      ["joao", 'contribution add "Universty of Nairobi" "x" roles=investigation', /Did you mean "University of Nairobi"\?/],
      ["joao", 'contribution add @amina "x" roles=investigation link=javascript:alert(1)', /^⚠ link must start with http/],
      ["outsider", 'contribution add @amina "x" roles=investigation project=coastal', /^⚠ You are not a member of Coastal Resilience/],
      ["joao", "contribution confirm #1", /^⚠ Only amina can confirm #1\./],
      ["joao", "contribution confirm #99", /^⚠ Coastal Resilience has no contribution #99\./],
      ["amina", "kudos @amina for being me", /^⚠ Thanking yourself doesn't count/],
      ["amina", "preferences set authorship, fame", /^⚠ "fame" is not a form of acknowledgement I know\./],
      ["joao", "summary format=csv", /^⚠ Only leads of Coastal Resilience can export/],
      ["amina", "summary period=2026-Q5", /^⚠ "2026-Q5" is not a period I understand\./],
    ];
    for (const [user, line, expected] of cases) expect(await app.say(user, line), line).toMatch(expected);
    expect(await counts()).toEqual(before);
  });

  it("records a retried event once, however often it is delivered", async () => {
    const before = await app.database.prisma.contribution.count();
    const event = shellEvent("joao", 'contribution add @ana "Translated the guide" roles=translation date=2026-02-01', `credit-retry-${kind}`);
    const replies = await Promise.all([1, 2, 3, 4].map(() => app.mutual.handle(event)));
    const again = await app.mutual.handle(event);
    expect(await app.database.prisma.contribution.count()).toBe(before + 1);
    expect(renderPlainText(again[0]!)).toContain("Translated the guide");
    expect(replies.some((r) => r[0]?.tone === "success")).toBe(true);
    const kudos = shellEvent("amina", "kudos @joao for the first draft", `kudos-retry-${kind}`);
    await Promise.all([app.mutual.handle(kudos), app.mutual.handle(kudos)]);
    await app.mutual.handle(kudos);
    expect(await app.database.prisma.acknowledgement.count({ where: { idempotencyKey: `kudos-retry-${kind}` } })).toBe(1);
  });

  it("lets the credited person confirm, and dispute with a comment that the recorder and leads see", async () => {
    expect(await app.say("amina", "contribution confirm #1")).toContain("✓ Confirmed #1.");
    app.sent.length = 0;
    const disputed = await app.say("ana", 'contribution dispute #2 "I led the mapping, it was not only review"');
    expect(disputed).toContain("disputed: “I led the mapping, it was not only review”");
    const recipients = app.sent.map((s) => s.to.displayName).sort();
    expect(recipients).toEqual(["amina", "joao"]); // the lead and the recorder
    // A member of the credited institution speaks for it once a lead has confirmed them as its contact.
    expect(await app.say("ana", "contribution confirm #3")).toMatch(/^⚠ Only a lead of Coastal Resilience or a confirmed contact of Coletivo Maré/);
    expect(await app.say("amina", 'institution contact "Coletivo Maré" @ana')).toContain("✓ ana is now a confirmed contact of Coletivo Maré in Coastal Resilience");
    expect(await app.say("ana", "contribution confirm #3")).toContain("✓ Confirmed #3.");
    expect(await app.say("amina", "contribution list status=disputed")).toContain("#2 ·");
  });

  it("thanks people and institutions, tied to contributions when asked", async () => {
    expect(await app.say("amina", 'kudos "Coletivo Maré" for hosting us contribution=#3')).toContain("✓ Thanks recorded for Coletivo Maré in Coastal Resilience.");
    expect(await app.say("joao", "kudos @amina for the interviews contribution=#1")).toContain("They have been told.");
    expect(await app.say("amina", "preferences set authorship, presenting findings note=\"Conference talks matter to me\"")).toContain("1. authorship");
    expect(await app.say("amina", "preferences")).toContain("Note: Conference talks matter to me");
  });

  it("summarises for leads by person, institution, role and knowledge, with the equity view", async () => {
    const byPerson = await app.say("amina", "summary period=2026");
    expect(byPerson).toContain("Coastal Resilience — contributions, 2026-01-01 to 2026-12-31");
    expect(byPerson).toContain("4 contributions (2 confirmed, 1 unconfirmed, 1 disputed); 1 at lead degree; 3 acknowledgements.");
    expect(byPerson).toContain("ana — 2 contributions (1 unconfirmed, 1 disputed) · 0 kudos · 0 lead");
    expect(byPerson).toContain("joao — 0 contributions · 1 kudos · 0 lead");
    expect(byPerson).toContain("amina — 1 contribution (1 confirmed) · 1 kudos · 1 lead · values authorship, presenting findings (“Conference talks matter to me”)");
    expect(byPerson).toMatch(/Coletivo Maré: \d+% of contributions/);
    const byInstitution = await app.say("amina", "summary by=institution");
    expect(byInstitution).toContain("Coletivo Maré — 3 contributions");
    expect(byInstitution).toContain("University of Nairobi — 1 contribution (1 confirmed) · 1 kudos · 1 lead");
    expect(await app.say("amina", "summary by=role")).toContain("Translation / interpretation — 2 contributions");
    expect(await app.say("amina", "summary by=knowledge")).toContain("Indigenous / local knowledge — 1 contribution (1 confirmed) · 1 kudos · 0 lead");
    const equity = await app.say("amina", "summary by=institution");
    expect(equity).toContain("Universidade Federal do Pará: 0% of contributions, 33% of acknowledgements, 0% of lead roles");
    expect(equity).toContain("Coletivo Maré: 75% of contributions, 33% of acknowledgements, 0% of lead roles — under-acknowledged");
    expect(equity).toContain("Under-acknowledged: Coletivo Maré");
  });

  it("gives members their own summary only", async () => {
    const own = await app.say("ana", "summary");
    expect(own).toContain("your contributions");
    expect(own).toContain("ana — 2 contributions");
    expect(own).not.toContain("amina");
    expect(own).not.toContain("Equity");
  });

  it("exports every format for leads, streaming the contributions", async () => {
    const [, exported] = await app.mutual.handle(shellEvent("amina", "summary format=all period=2026"));
    const files = exported!.files!;
    expect(files.map((f) => f.filename.split(".").pop())).toEqual(["md", "csv", "json", "txt", "xml", "csv", "json", "html"]);
    const [md, csv, json, credit, jats, tenzing] = await Promise.all(files.map(read));
    expect(md).toContain("Coastal Resilience");
    expect(csv!.split("\r\n")[1]).toMatch(/^1,2026-03-02,,person,amina,University of Nairobi,KE,,PhD candidate,Data curation; Investigation,/);
    expect(JSON.parse(json!).contributions).toHaveLength(4);
    expect(credit).toContain("amina: Data curation, Investigation.");
    expect(credit).not.toMatch(/ana: .*Writing – review/); // #2 is disputed
    const uris = new Set(CREDIT_ROLES.ids.map(creditRoleUri));
    const found = [...jats!.matchAll(/vocab-term-identifier="([^"]+)"/g)].map((m) => m[1]!);
    expect(found.length).toBeGreaterThan(0);
    for (const uri of found) expect(uris.has(uri)).toBe(true);
    expect(tenzing!.split("\r\n")[0]).toMatch(/^Order in publication,Firstname,Middle name,Surname,Conceptualization,/);
  });

  it("pages an export in number order, each contribution once, across page boundaries", async () => {
    const project = await app.database.prisma.project.findFirstOrThrow({ where: { slug: "coastal" } });
    const store = creditStore(app.database.prisma, app.database.connection, { pageRows: 2 });
    const pages: number[][] = [];
    for await (const page of store.contributions(project.id, { from: null, to: null })) pages.push(page.map((c) => c.number));
    expect(pages).toEqual([[1, 2], [3, 4], []]); // a full last page is followed by one empty read
    const inApril: number[] = [];
    for await (const page of store.contributions(project.id, { from: "2026-04-01", to: "2026-04-30" })) inApril.push(...page.map((c) => c.number));
    expect(inApril).toEqual([2, 3]);
  });

  it("answers each person, and tells them, in their own language", async () => {
    const pt = translator("pt");
    expect(await app.say("lucia", "profile lang=pt")).not.toMatch(/^⚠/);
    expect(await app.say("lucia", "project join coastal")).not.toMatch(/^⚠/);
    app.sent.length = 0;
    // amina reads English; the notice to lucia is in Portuguese.
    expect(await app.say("amina", 'contribution add @lucia "Translated the survey" roles=translation date=2026-05-02')).toContain("✓ Recorded in Coastal Resilience:");
    const told = app.sent.find((s) => s.to.displayName === "lucia")!;
    expect(told.message.language).toBe("pt");
    const notice = renderPlainText(told.message);
    expect(notice).toContain(pt("contribution.notice.recorded", { actor: "amina" }));
    expect(notice).toContain("#5 · 2026-05-02 · lucia — Tradução / interpretação (igual) · não confirmada — Translated the survey");
    expect(notice).toContain("`contribution dispute #5 <motivo> project=coastal`");
    // lucia's replies are in Portuguese; the leads are told in theirs.
    app.sent.length = 0;
    const disputed = await app.say("lucia", 'contribution dispute #5 "Eu também revisei as respostas"');
    expect(disputed).toContain(`✓ ${pt("contribution.disputed", { number: 5 })}`);
    expect(disputed).toContain("contestada: “Eu também revisei as respostas”");
    expect(renderPlainText(app.sent.find((s) => s.to.displayName === "amina")!.message)).toContain("lucia disputed a contribution:");
    app.sent.length = 0;
    expect(await app.say("amina", "kudos @lucia for the survey")).toContain("✓ Thanks recorded for lucia in Coastal Resilience.");
    expect(renderPlainText(app.sent.find((s) => s.to.displayName === "lucia")!.message)).toBe("amina agradeceu a você em Coastal Resilience: “for the survey”");
    const own = await app.say("lucia", "summary");
    expect(own).toContain("Coastal Resilience — suas contribuições, todo o período");
    expect(own).toContain("lucia — 1 contribuição (1 contestada) · 1 kudos · 0 com grau principal");
    expect(await app.say("lucia", "summary format=csv")).toMatch(/^⚠ Só quem coordena Coastal Resilience pode exportar as contribuições\./);
    expect(await app.say("lucia", "contribution add @amina x roles=magia")).toContain('⚠ "magia" não é um papel que eu conheça.');
  });

  it("knows a person mentioned in the command from the event's own resolution, without looking them up again", async () => {
    const event = { ...shellEvent("amina", "kudos <@joao> for the mention"), mentions: [{ externalId: "joao", displayName: "joao", handle: "joao" }] };
    const lookups: string[] = [];
    observeStatements((text) => void (text.includes('ORDER BY a."createdAt" LIMIT 1') && lookups.push(text)));
    let replies: OutgoingMessage[];
    try {
      replies = await app.mutual.handle(event);
    } finally {
      observeStatements(undefined);
    }
    expect(replies.map(renderPlainText).join("\n")).toContain("✓ Thanks recorded for joao in Coastal Resilience.");
    await app.scheduler.settle();
    expect(renderPlainText(app.sent.at(-1)!.message)).toContain("for the mention");
    // Only PostgreSQL's statements are observed (PGlite runs in this process, unobserved).
    if (kind === "postgres") expect(lookups).toEqual([]);
  });

  it("writes a contribution and its notice in one statement, the notice carrying the view find() reads", async () => {
    const project = await app.database.prisma.project.findFirstOrThrow({ where: { slug: "coastal" } });
    const event = `test:${process.pid}:one-statement`;
    const line = 'contribution add @joao "Tide tables" roles="software, data curation" knowledge="practical action" date=2026-05-04 until=2026-05-06 link=https://example.org/tides';
    const reply = await app.say("amina", line, event);
    const number = Number(/#(\d+) · 2026-05-04/.exec(reply)?.[1]);
    expect(number, reply).toBeGreaterThan(0);
    const notice = await app.database.prisma.notice.findUniqueOrThrow({ where: { dedupeKey: `${event}:contributionRecorded:${(await app.database.prisma.person.findFirstOrThrow({ where: { displayName: "joao" } })).id}` } });
    const data = notice.data as { actor: string; slug: string; contribution: { number: number } };
    expect(data).toMatchObject({ actor: "amina", slug: "coastal" });
    // The statement builds the view in SQL; it is the one the reader of the store makes of the row.
    expect(data.contribution).toEqual(await creditStore(app.database.prisma, app.database.connection).find(project.id, number));
    expect(data.contribution).toMatchObject({ affiliation: { name: "Universidade Federal do Pará", country: "BR" }, careerStage: "established", recordedBy: "amina", endedOn: "2026-05-06" });
    // A retry of the event writes neither a second record nor a second notice.
    const before = { contributions: await app.database.prisma.contribution.count(), notices: await app.database.prisma.notice.count() };
    expect(await app.say("amina", line, event)).toBe(reply);
    expect({ contributions: await app.database.prisma.contribution.count(), notices: await app.database.prisma.notice.count() }).toEqual(before);
  });
});
