// `summary format=report`: a partnership report for a seeded partnership — three institutions (one
// named with HTML in it), people at four career stages, contributions over five months, kudos,
// a dispute, preferences, a mentorship pair with check-ins, a skipped cycle and overdue flags,
// capacity needs (a shown group, merged small groups, and a second project under the threshold),
// reflection prompts answered, shared, anonymous and skipped. On both databases: the new store
// queries give exact counts, the report's figures agree with `summary format=json`, every chart
// has its text alternative, and nothing private appears. On PostgreSQL, headless Chromium opens
// the page (phone and print) and takes a screenshot.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExportFile, Period } from "../../src/core/credit/model.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { FakeClock } from "../fakes/memory-store.ts";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";

const HOUR = 3600_000;
const MARE = "Coletivo <Maré> & Co";

/** Texts that only their authors (or the pair) may see: none may reach a report. */
const PRIVATE = {
  sharedAnswer: "The tide tables taught me patience SHARED-ANSWER",
  privateAnswer: "I doubt my own method PRIVATE-ANSWER",
  anonymousAnswer: "Power sits with the funder ANON-ANSWER",
  checkInNote: "Amina worries about her visa CHECKIN-NOTE",
  nextSteps: "send chapter two NEXT-STEPS",
  menteeNote: "I felt heard MENTEE-NOTE",
  skipReason: "Amina is on fieldwork SKIP-REASON",
  need: "grant writing for small NGOs NEED-TEXT",
  dispute: "I led the mapping DISPUTE-COMMENT",
  preference: "Name my community PREFERENCE-NOTE",
  description: "Interviewed forty fishers DESCRIPTION",
};

async function read(file: ExportFile) {
  let out = "";
  for await (const chunk of file.chunks()) out += chunk;
  return out;
}

const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/** The report's data tables: name → row key → column id → value (numbers as numbers). */
function tables(html: string) {
  const out = new Map<string, Map<string, Record<string, number | string> & { label: string }>>();
  for (const t of html.matchAll(/<table id="[^"]*" data-table="([^"]+)">([\s\S]*?)<\/table>/g)) {
    const rows = new Map<string, Record<string, number | string> & { label: string }>();
    for (const r of t[2]!.matchAll(/<tr data-key="([^"]*)"><th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)) {
      const row: Record<string, number | string> & { label: string } = { label: decode(r[2]!) };
      for (const c of r[3]!.matchAll(/data-col="([^"]*)" data-value="([^"]*)"/g)) row[decode(c[1]!)] = /^-?[\d.]+$/.test(c[2]!) ? Number(c[2]) : decode(c[2]!);
      rows.set(decode(r[1]!), row);
    }
    out.set(t[1]!, rows);
  }
  return out;
}

describe.each(["postgres", "pglite"] as const)("partnership report on %s", (kind) => {
  const clock = new FakeClock(new Date("2026-03-02T06:00:00Z")); // a Monday
  let app: TestApp;
  let ids: Record<string, string>;
  const say = async (user: string, line: string) => {
    const reply = await app.say(user, line);
    expect(reply, `${user}: ${line}`).not.toMatch(/^⚠/);
    return reply;
  };
  const at = (iso: string) => clock.set(new Date(iso));
  const tickHourly = async (scheduleId: string, from: string, to: string) => {
    for (let t = Date.parse(from); t <= Date.parse(to); t += HOUR) {
      clock.set(new Date(t));
      await app.dispatcher.tick(scheduleId, new Date(t));
    }
  };
  const files = async (user: string, line: string) => {
    const replies = await app.mutual.handle(shellEvent(user, line));
    expect(replies.map((r) => r.tone)).not.toContain("error");
    return replies.flatMap((r) => r.files ?? []);
  };
  const reportOf = async (user: string, line: string) => {
    const [file] = (await files(user, line)).filter((f) => f.filename.endsWith(".html"));
    expect(file!.mediaType).toBe("text/html; charset=utf-8");
    return { filename: file!.filename, html: await read(file!) };
  };

  beforeAll(async () => {
    app = await startTestApp(kind, {}, { clock });
    for (const [user, line] of [
      ["lea", 'institution add "University of Nairobi" country=KE kind=university'],
      ["lea", 'institution add "Universidade Federal do Pará" country=BR kind=university'],
      ["lea", `institution add "${MARE}" country=BR kind=community`],
      ["lea", 'profile institution="University of Nairobi" stage=established tz=Africa/Nairobi lang=fr'],
      ["lea", 'project create "Coastal & Marine Resilience" slug=coastal'],
      ["kofi", 'profile institution="Universidade Federal do Pará" stage=established tz=Africa/Accra'],
      ["amina", 'profile institution="University of Nairobi" stage=phd tz=Africa/Nairobi'],
      ["wanjiru", 'profile institution="University of Nairobi" stage=phd'],
      ["baraka", 'profile institution="University of Nairobi" stage=phd'],
      ["joao", 'profile institution="Universidade Federal do Pará" stage=phd tz=America/Sao_Paulo'],
      ["ana", `profile institution="${MARE}" stage=non-academic`],
      ["tomas", "profile stage=early-career"],
    ] as const) {
      await say(user, line);
    }
    for (const user of ["kofi", "amina", "wanjiru", "baraka", "joao", "ana", "tomas"]) await say(user, "project join coastal");

    // Mentorship: a pair from 2 March, check-ins on 2 and 16 March.
    await say("lea", "mentor pair @kofi @amina every=2w days=mon at=10:00");
    at("2026-03-02T12:00:00Z");
    await say("kofi", `checkin log #1 "${PRIVATE.checkInNote}" topics=writing next="${PRIVATE.nextSteps}"`);
    await say("amina", `checkin confirm #1 ${PRIVATE.menteeNote}`);
    at("2026-03-16T12:00:00Z");
    await say("kofi", "checkin log #1 Short call");

    // Contributions from January to May (recorded on 1 June), kudos, a dispute, preferences.
    at("2026-06-01T09:00:00Z");
    const contributions: Array<[string, string]> = [
      ["lea", `contribution add @amina "${PRIVATE.description}" roles="investigation, data curation" knowledge="lived experience, academic" degree=lead date=2026-01-12`],
      ["lea", 'contribution add @amina "Coded the interviews" roles="formal analysis" knowledge=academic degree=equal date=2026-02-03'],
      ["amina", 'contribution add @lea "Framed the study" roles=conceptualization knowledge=academic degree=lead date=2026-01-05'],
      ["amina", 'contribution add @kofi "Secured the grant" roles="funding acquisition" degree=lead date=2026-02-20'],
      ["lea", 'contribution add @joao "Mapped the mangroves" roles="investigation, visualization" knowledge="practical action" degree=supporting date=2026-03-09'],
      ["lea", `contribution add "${MARE}" "Hosted the workshops" roles="resources, community liaison" knowledge=indigenous degree=lead date=2026-03-21`],
      ["lea", 'contribution add @ana "Translated the guide" roles=translation knowledge="lived experience" degree=equal date=2026-04-02'],
      ["lea", 'contribution add @ana "Organised the boats" roles="field logistics" degree=supporting date=2026-05-15'],
      ["joao", 'contribution add @tomas "Drafted the policy brief" roles="writing original draft, science policy translation" knowledge="non academic" degree=equal date=2026-05-20'],
      ["lea", 'contribution add @wanjiru "Reviewed the draft" roles="writing review editing" degree=supporting date=2025-12-20'], // before the period
    ];
    for (const [user, line] of contributions) await say(user, line);
    await say("amina", "contribution confirm #1");
    await say("ana", `contribution dispute #8 "${PRIVATE.dispute}"`);
    for (const [user, line] of [
      ["lea", "kudos @amina for the interviews contribution=#1"],
      ["joao", "kudos @amina for the coding"],
      ["amina", "kudos @lea for the framing"],
      ["amina", "kudos @kofi for the grant"],
      ["lea", "kudos @joao for the maps"],
      ["kofi", "kudos @tomas for the brief"],
    ] as const) {
      await say(user, line);
    }
    await say("amina", `preferences set authorship, presenting findings note="${PRIVATE.preference}"`);
    await say("ana", "preferences set institutional credit, authorship");
    await say("joao", "preferences set authorship");

    // Overdue: no check-in since 16 March; flagged to kofi at 1.5 cycles (6 April), to lea at 2 (13 April).
    const checkin = (await app.database.prisma.schedule.findFirstOrThrow({ where: { kind: "CHECKIN" } })).id;
    await tickHourly(checkin, "2026-04-06T00:00:00Z", "2026-04-06T23:00:00Z");
    await tickHourly(checkin, "2026-04-13T00:00:00Z", "2026-04-13T23:00:00Z");
    at("2026-04-13T15:00:00Z");
    await say("kofi", `checkin skip #1 ${PRIVATE.skipReason}`);

    // Reflection: a prompt to everyone on 4 May; answers shared, anonymous and private; a skip.
    at("2026-05-04T08:00:00Z");
    await say("lea", "schedule create every=weekly days=mon at=09:00");
    await say("lea", "schedule fire #2");
    await say("amina", `answer ${PRIVATE.sharedAnswer} visibility=project`);
    await say("joao", `answer ${PRIVATE.anonymousAnswer} visibility=anonymous`);
    await say("wanjiru", `answer ${PRIVATE.privateAnswer}`);
    await say("tomas", "skip");

    // Needs: three PhD candidates of one institution (a group), three others (merged); Kofi's is met.
    for (const user of ["amina", "wanjiru", "baraka"]) await say(user, `needs add academic "${PRIVATE.need}" priority=high`);
    await say("joao", "needs add translational policy briefs");
    await say("ana", "needs add institutional finance systems priority=low");
    await say("tomas", "needs add intercultural working across languages");
    await say("amina", "needs add intercultural Portuguese");

    // A second project with two respondents only.
    await say("lea", 'project create "Delta Futures" slug=delta');
    for (const user of ["amina", "joao"]) {
      await say(user, "project join delta");
      await say(user, `needs add academic "${PRIVATE.need}" project=delta`);
    }
    at("2026-06-15T09:00:00Z");

    const people = await app.database.prisma.person.findMany({ select: { id: true, displayName: true } });
    const institutions = await app.database.prisma.institution.findMany({ select: { id: true, name: true } });
    ids = Object.fromEntries([...people.map((p) => [p.displayName, p.id]), ...institutions.map((i) => [i.name, i.id])]);
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  const PERIOD: Period = { from: "2026-01-01", to: "2026-12-31" };

  it("counts per month, per lead role, valued forms, mentorship activity and participation in the database", async () => {
    const project = await app.database.prisma.project.findFirstOrThrow({ where: { slug: "coastal" } });
    const credit = app.store.credit;
    const timeline = await credit.timeline(project.id, PERIOD);
    expect(timeline.roles.filter((r) => r.key === "investigation")).toEqual([
      { month: "2026-01", key: "investigation", n: 1 },
      { month: "2026-03", key: "investigation", n: 1 },
    ]);
    expect(timeline.knowledge.filter((r) => r.month === "2026-01")).toEqual([
      { month: "2026-01", key: "disciplinary", n: 2 },
      { month: "2026-01", key: "lived_experience", n: 1 },
    ]);
    expect(timeline.contributions.filter((r) => r.key === "all").map((r) => [r.month, r.n])).toEqual([
      ["2026-01", 2],
      ["2026-02", 2],
      ["2026-03", 2],
      ["2026-04", 1],
      ["2026-05", 2],
    ]);
    expect(timeline.contributions.filter((r) => r.key === "none" && r.n > 0).map((r) => [r.month, r.n])).toEqual([
      ["2026-02", 1],
      ["2026-05", 1],
    ]);
    const lead = await credit.leadRoles(project.id, PERIOD);
    expect(lead.map((l) => [l.institution, l.role, l.contributions])).toEqual([
      [MARE, "community_liaison", 1],
      [MARE, "resources", 1],
      ["Universidade Federal do Pará", "funding_acquisition", 1],
      ["University of Nairobi", "conceptualization", 1],
      ["University of Nairobi", "data_curation", 1],
      ["University of Nairobi", "investigation", 1],
    ]);
    expect(await credit.valuedForms(project.id)).toEqual({
      people: 3,
      forms: [
        { form: "authorship", people: 3, first: 2 },
        { form: "institutional_credit", people: 1, first: 1 },
        { form: "presenting_findings", people: 1, first: 0 },
      ],
    });
    expect(await app.store.mentorship.activity(project.id, PERIOD)).toEqual({
      months: [
        { month: "2026-03", checkIns: 2, confirmed: 1, skipped: 0 },
        { month: "2026-04", checkIns: 0, confirmed: 0, skipped: 1 },
      ],
      overdue: { stretches: 1, reachedLeads: 1 },
    });
    expect(await app.store.mentorship.activity(project.id, { from: "2026-05-01", to: null })).toEqual({ months: [], overdue: { stretches: 0, reachedLeads: 0 } });
    expect(await app.store.reflections.participation(project.id, PERIOD)).toEqual([{ month: "2026-05", sent: 8, answered: 3, shared: 1, anonymous: 1, skipped: 1 }]);
    expect(await app.store.reflections.participation(project.id, { from: "2026-06-01", to: null })).toEqual([]);
  });

  it("writes one HTML file whose figures agree with summary format=json", async () => {
    const { filename, html } = await reportOf("lea", "summary coastal format=report period=2026");
    expect(filename).toBe("coastal-report-2026-01-01-to-2026-12-31.html");
    const [json] = await files("lea", "summary coastal format=json period=2026 by=institution");
    const summary = JSON.parse(await read(json!));
    const byRole = JSON.parse(await read((await files("lea", "summary coastal format=json period=2026 by=role"))[0]!));
    const byKnowledge = JSON.parse(await read((await files("lea", "summary coastal format=json period=2026 by=knowledge"))[0]!));
    const t = tables(html);

    // Contributions and acknowledgements by institution and career stage: the equity view, exactly.
    for (const [name, dimension] of [["equity-institution", "institution"], ["equity-career-stage", "career stage"]] as const) {
      const rows = summary.equity.filter((e: { dimension: string }) => e.dimension === dimension);
      expect(t.get(name)!.size).toBe(rows.length);
      for (const e of rows) {
        const row = t.get(name)!.get(e.key ?? "")!;
        expect(row, `${dimension} ${e.label}`).toMatchObject({
          contributions: e.contributions,
          acknowledgements: e.acknowledgements,
          leadRoles: e.leadRoles,
          contributionShare: Math.round(e.contributionShare * 10_000) / 10_000,
          acknowledgementShare: Math.round(e.acknowledgementShare * 10_000) / 10_000,
          underAcknowledged: e.underAcknowledged ? "yes" : "no",
        });
      }
    }
    // …and the institutions' rows are `summary by=institution`'s groups.
    for (const g of summary.groups) {
      expect(t.get("equity-institution")!.get(g.key)).toMatchObject({ contributions: g.contributions.total, acknowledgements: g.acknowledgements, leadRoles: g.leadRoles });
    }
    const sum = (rows: Map<string, Record<string, number | string>>, col: string) => [...rows.values()].reduce((n, r) => n + Number(r[col]), 0);
    expect(sum(t.get("equity-institution")!, "contributions")).toBe(summary.totals.total);
    expect(sum(t.get("equity-career-stage")!, "acknowledgements")).toBe(summary.totals.acknowledgements);

    // Lead-degree roles by institution, from the exported contributions themselves; each row's
    // lead-degree contributions are summary by=institution's.
    const expected = new Map<string, number>();
    for (const c of summary.contributions) {
      if (c.degree !== "lead") continue;
      for (const role of c.roles) expected.set(`${c.affiliation?.id ?? ""}/${role}`, (expected.get(`${c.affiliation?.id ?? ""}/${role}`) ?? 0) + 1);
    }
    const lead = t.get("lead-roles")!;
    const cells = new Map<string, number>();
    for (const [k, row] of lead) for (const [col, v] of Object.entries(row)) if (col !== "label" && col !== "leadRoles" && v !== 0) cells.set(`${k}/${col}`, Number(v));
    expect(cells).toEqual(expected);
    for (const g of summary.groups.filter((g: { leadRoles: number }) => g.leadRoles > 0)) expect(lead.get(g.key)!.leadRoles).toBe(g.leadRoles);
    expect(lead.get(ids[MARE]!)!.label).toBe(MARE);

    // Roles and forms of knowledge over time: each row's total is summary by=role / by=knowledge.
    const roles = t.get("roles-over-time")!;
    expect(roles.size).toBe(byRole.groups.length);
    for (const g of byRole.groups) expect(roles.get(g.key.toLowerCase())!.total, g.label).toBe(g.contributions.total);
    const knowledge = t.get("knowledge-over-time")!;
    for (const g of byKnowledge.groups) expect(knowledge.get(g.key.toLowerCase())!.total, g.label).toBe(g.contributions.total);
    expect(knowledge.get("none")!.total).toBe(summary.contributions.filter((c: { knowledgeForms: string[] }) => c.knowledgeForms.length === 0).length);
    // A month's cell counts the contributions that started that month.
    const march = summary.contributions.filter((c: { startedOn: string; roles: string[] }) => c.startedOn.startsWith("2026-03") && c.roles.includes("investigation")).length;
    expect(roles.get("investigation")!["2026-03"]).toBe(march);
    expect(Object.keys(roles.get("investigation")!).filter((k) => /^\d{4}-\d{2}$/.test(k))).toHaveLength(12); // months of 2026

    // Valued forms, mentorship, needs and reflection against the database.
    expect(t.get("valued-forms")!.get("authorship")).toMatchObject({ people: 3, first: 2 });
    const checkIns = await app.database.prisma.checkIn.count();
    expect(sum(t.get("check-ins")!, "checkIns")).toBe(checkIns);
    expect(t.get("check-ins")!.get("2026-04")).toMatchObject({ checkIns: 0, skipped: 1 });
    expect(t.get("needs-by-category")!.get("academic")).toMatchObject({ people: 3, high: 3, medium: 0, low: 0 });
    expect(t.get("needs-by-category")!.get("intercultural")).toMatchObject({ people: 2 });
    expect([...t.get("needs-by-group")!.values()].map((g) => [g.label, g.people])).toEqual([
      ["University of Nairobi · doctorant·e", 3],
      ["Autres membres (petits groupes regroupés)", 3],
    ]);
    const deliveries = await app.database.prisma.promptDelivery.count({ where: { sentAt: { not: null }, project: { slug: "coastal" } } });
    expect(t.get("reflection")!.get("2026-05")).toMatchObject({ sent: deliveries, answered: 3, shared: 1, anonymous: 1, skipped: 1 });

    // In the lead's language (French), with the equity flag worded as a fact.
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(html).toContain("<title>Coastal &amp; Marine Resilience — rapport de partenariat</title>");
    expect(html).toContain(`${MARE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")} (institution) a fait 33`);
    expect(html).toContain("Pistes de discussion pour le partenariat");
  });

  it("gives every chart a text alternative with its figures, and shows nothing private nor any small group", async () => {
    const { html } = await reportOf("lea", "summary coastal format=all period=2026");
    const svgs = [...html.matchAll(/<svg\b[^>]*>/g)].map((m) => m[0]);
    expect(svgs.length).toBe(9);
    for (const svg of svgs) {
      expect(svg).toMatch(/ role="img"/);
      expect(svg).toMatch(/ width="100%"/);
      expect(svg).toMatch(/ viewBox="0 0 [\d.]+ [\d.]+"/);
      const label = / aria-labelledby="([^"]+)"/.exec(svg)![1]!;
      const described = / aria-describedby="([^"]+)"/.exec(svg)![1]!;
      expect(html).toMatch(new RegExp(`<figcaption id="${label}">[^<]+</figcaption>`));
      const table = new RegExp(`<table id="${described}" data-table="[^"]+">[\\s\\S]*?</table>`).exec(html)?.[0];
      expect(table, described).toMatch(/data-value="\d/);
    }
    // Self-contained: no script, no external resource.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(?!#)/);
    // Escaped everywhere: the institution's name never reads as markup.
    expect(html).not.toContain("<Maré>");
    expect(html).toContain("Coletivo &lt;Maré&gt; &amp; Co");
    // Nothing private: no answer (not even the shared one), note, next step, reason, need, comment or description.
    for (const [what, text] of Object.entries(PRIVATE)) expect(html.includes(text.split(" ").pop()!), what).toBe(false);
    // No person is named, and no group of fewer than three people is shown.
    for (const name of ["amina", "kofi", "joao", "wanjiru", "baraka", "tomas", "ana"]) expect(html).not.toMatch(new RegExp(`>${name}<|\\b${name}\\b`));
    expect(html).not.toContain("Universidade Federal do Pará · ");
    expect(html).not.toContain("institution non renseignée ·");

    // Under three respondents: the count only.
    const delta = (await reportOf("lea", "summary delta format=report")).html;
    expect(delta).toContain("Moins de 3 membres ont exprimé des besoins");
    expect(delta).not.toContain('data-table="needs-by-category"');
    expect(delta).not.toContain("NEED-TEXT");
  });

  it("is for leads only, and part of format=all", async () => {
    const all = await files("lea", "summary coastal format=all period=2026");
    expect(all.map((f) => f.filename.split(".").pop())).toEqual(["md", "csv", "json", "txt", "xml", "csv", "json", "html"]);
    expect(all.map((f) => f.filename).find((n) => n.endsWith(".zenodo.json"))).toBeDefined();
    // amina chose no language: she reads the project's, French.
    const refused = await app.say("amina", "summary coastal format=report");
    expect(refused.split("\n")[0]).toBe(`⚠ ${translator("fr")("summary.leadsOnlyExport", { project: "Coastal & Marine Resilience" })}`);
  });

  if (kind === "postgres") {
    describe("in a browser", () => {
      let dir: string;
      let chromium: string;
      beforeAll(() => {
        // The repository installs Chromium itself (Debian's package) when it is missing; a failure fails the test.
        try {
          chromium = execFileSync("bash", [fileURLToPath(new URL("../../scripts/ensure-chromium.sh", import.meta.url))], { encoding: "utf8", timeout: 900_000, stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n").pop()!;
        } catch (e) {
          throw new Error(`Chromium is needed for this test and could not be installed: ${(e as Error).message}`);
        }
        dir = mkdtempSync(path.join(tmpdir(), "mutual-report-"));
      }, 900_000);
      afterAll(() => {
        // MUTUAL_KEEP_SCREENSHOTS=1 keeps the page, the screenshot and the PDF to look at.
        if (process.env.MUTUAL_KEEP_SCREENSHOTS) console.log(`report, screenshot and PDF kept in ${dir}`);
        else if (dir) rmSync(dir, { recursive: true, force: true });
      });

      // A real browser on a loaded 2-core machine: 3 to 18 s seen alone, past 30 s once beside the suite.
      it("renders on a phone and in print, and a screenshot shows the sections", { timeout: 120_000 }, async () => {
        const { html } = await reportOf("lea", "summary coastal format=report period=2026");
        const file = path.join(dir, "report.html");
        writeFileSync(file, html);
        const { chromium: launcher } = await import("playwright-core");
        const browser = await launcher.launch({
          executablePath: chromium,
          args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        try {
          const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
          const requests: string[] = [];
          page.on("request", (r) => requests.push(r.url()));
          await page.goto(`file://${file}`);
          expect(await page.title()).toBe("Coastal & Marine Resilience — rapport de partenariat");
          expect(requests).toEqual([`file://${file}`]); // nothing else is fetched
          // Page scripts as text: the tests are type-checked without the DOM library.
          const layout = (await page.evaluate(`({
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            sections: [...document.querySelectorAll("section h2")].map((h) => [h.textContent, h.offsetHeight > 0]),
            charts: [...document.querySelectorAll("svg[role=img]")].map((s) => s.getBoundingClientRect().width),
          })`)) as { overflow: number; sections: Array<[string, boolean]>; charts: number[] };
          expect(layout.overflow).toBeLessThanOrEqual(0); // wide tables scroll inside their box, the page does not
          expect(layout.sections).toHaveLength(10);
          for (const [title, visible] of layout.sections) expect(visible, String(title)).toBe(true);
          expect(layout.charts).toHaveLength(9);
          for (const width of layout.charts) expect(width).toBeLessThanOrEqual(390);
          const shot = path.join(dir, "report-phone.png");
          await page.screenshot({ path: shot, fullPage: true });
          const png = statSync(shot).size;
          expect(png).toBeGreaterThan(100_000);
          const height = (await page.evaluate("document.documentElement.scrollHeight")) as number;
          expect(height).toBeGreaterThan(4000);

          await page.emulateMedia({ media: "print" });
          expect(await page.evaluate(`getComputedStyle(document.querySelector("nav")).display`)).toBe("none");
          const pdf = await page.pdf({ format: "A4", path: path.join(dir, "report.pdf") });
          expect(pdf.length).toBeGreaterThan(50_000);
        } finally {
          await browser.close();
        }
      });
    });
  }
});
