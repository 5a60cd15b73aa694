import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZE, CSV_HEADER, EXPORT_FORMATS, TENZING_HEADER, exportFile, type ExportFormat } from "../../src/core/credit/exports.ts";
import type { ContributionSource, ContributionView, ProjectSummary } from "../../src/core/credit/model.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { CREDIT_ROLES, creditRoleUri } from "../../src/core/vocabulary.ts";

// ---------------------------------------------------------------------------------------------
// Fixture: three institutions, five people, one institutional contributor, CRediT and partnership
// roles, one disputed contribution, and user text that tries to break every format.

type Affiliation = NonNullable<ContributionView["affiliation"]>;
const NAIROBI: Affiliation = { id: "inst-nbo", name: "University of Nairobi", country: "KE", rorId: "02y9nww90" };
const UFRJ: Affiliation = { id: "inst-ufrj", name: "Universidade Federal do Rio de Janeiro", country: "BR", rorId: "https://ror.org/03490as77" };
const MARE: Affiliation = { id: "inst-mare", name: "Coletivo Maré & Vizinhos", country: "BR", rorId: null };

const person = (id: string, name: string) => ({ kind: "person" as const, id, name });
const AMINA = person("p-amina", "Amina Njoroge");
const JOAO = person("p-joao", "João Silva");
const WANJIRU = person("p-wanjiru", "Wanjiru Ngũgĩ");
const MARIA = person("p-maria", "Maria José dos Santos");
const ELODIE = person("p-elodie", "Élodie O'Brien-Dubois");

function view(number: number, fields: Partial<ContributionView> & Pick<ContributionView, "contributor" | "roles">): ContributionView {
  return {
    id: `c-${number}`,
    number,
    startedOn: `2026-10-${String(number).padStart(2, "0")}`,
    endedOn: null,
    affiliation: null,
    careerStage: null,
    degree: "supporting",
    knowledgeForms: [],
    status: "confirmed",
    statusComment: null,
    description: "",
    link: null,
    recordedBy: "João Silva",
    recordedAt: `2026-10-${String(number).padStart(2, "0")}T09:30:00.000Z`,
    ...fields,
  };
}

const CONTRIBUTIONS: ContributionView[] = [
  view(1, {
    contributor: AMINA, affiliation: NAIROBI, careerStage: "early_career", roles: ["investigation", "data_curation"], degree: "lead",
    knowledgeForms: ["lived_experience"], description: 'Household interviews, "wave 1"\nin Kibera', link: "https://example.org/wave1",
  }),
  view(2, {
    contributor: JOAO, affiliation: UFRJ, careerStage: "established", roles: ["writing_review_editing"], knowledgeForms: ["disciplinary"],
    status: "recorded", description: "Edited | the draft <script>alert(1)</script>",
  }),
  view(3, {
    contributor: AMINA, affiliation: NAIROBI, careerStage: "early_career", roles: ["translation_interpretation"], degree: "equal",
    description: "=cmd|' /C calc'!A0",
  }),
  view(4, {
    contributor: { kind: "institution", id: MARE.id, name: MARE.name }, affiliation: MARE, roles: ["resources", "investigation", "community_liaison"],
    degree: "lead", knowledgeForms: ["indigenous_local", "practical_action"], description: "Venue & food for community meetings",
  }),
  view(5, {
    contributor: WANJIRU, affiliation: NAIROBI, careerStage: "phd_candidate", roles: ["conceptualization", "formal_analysis"], degree: "lead",
    status: "disputed", statusComment: 'I didn\'t do this, "wrong"', description: "Framed the research questions",
  }),
  view(6, {
    contributor: MARIA, affiliation: MARE, careerStage: "non_academic_partner", roles: ["field_data_collection", "community_liaison"], degree: "lead",
    knowledgeForms: ["indigenous_local"], description: "# heading *bold* [link](http://evil.example) _x_ `code` ![img](x)",
  }),
  view(7, {
    contributor: WANJIRU, affiliation: NAIROBI, careerStage: "phd_candidate", roles: ["data_curation"], status: "recorded", description: "+SUM(A1:A9)",
  }),
  view(8, {
    contributor: ELODIE, roles: ["methodology", "writing_original_draft"], degree: "equal", status: "recorded",
    description: "@mention\t-minus", link: "javascript:alert(1)",
  }),
  view(9, {
    contributor: AMINA, affiliation: NAIROBI, careerStage: "early_career", roles: ["data_curation", "writing_original_draft"],
    description: "Cleaned the survey data & codebook",
  }),
  view(10, {
    contributor: JOAO, affiliation: MARE, careerStage: "established", roles: ["software"], endedOn: "2026-10-20", description: "-1 bug",
  }),
];

const SUMMARY: ProjectSummary = {
  project: { name: "Maji Safi | water & health", slug: "maji-safi" },
  period: { from: "2026-01-01", to: null },
  by: "person",
  totals: { total: 10, recorded: 3, confirmed: 6, disputed: 1, acknowledgements: 4, leadRoles: 4 },
  groups: [
    {
      key: AMINA.id, label: AMINA.name, contributions: { total: 3, recorded: 0, confirmed: 3, disputed: 0 }, leadRoles: 1, acknowledgements: 0,
      preferences: { forms: ["authorship", "presenting_findings"], note: "Credit | in *Swahili* too" },
    },
    { key: JOAO.id, label: JOAO.name, contributions: { total: 2, recorded: 1, confirmed: 1, disputed: 0 }, leadRoles: 0, acknowledgements: 3 },
    { key: WANJIRU.id, label: WANJIRU.name, contributions: { total: 2, recorded: 1, confirmed: 0, disputed: 1 }, leadRoles: 1, acknowledgements: 0, preferences: { forms: [], note: null } },
    { key: MARIA.id, label: MARIA.name, contributions: { total: 1, recorded: 0, confirmed: 1, disputed: 0 }, leadRoles: 1, acknowledgements: 1 },
    { key: ELODIE.id, label: ELODIE.name, contributions: { total: 1, recorded: 1, confirmed: 0, disputed: 0 }, leadRoles: 0, acknowledgements: 0 },
  ],
  equity: [
    { dimension: "institution", label: NAIROBI.name, contributions: 5, contributionShare: 0.5, acknowledgements: 0, acknowledgementShare: 0, leadRoles: 2, leadShare: 0.5, underAcknowledged: true },
    { dimension: "institution", label: UFRJ.name, contributions: 1, contributionShare: 0.1, acknowledgements: 3, acknowledgementShare: 0.75, leadRoles: 0, leadShare: 0, underAcknowledged: false },
    { dimension: "institution", label: MARE.name, contributions: 3, contributionShare: 0.3, acknowledgements: 1, acknowledgementShare: 0.25, leadRoles: 2, leadShare: 0.5, underAcknowledged: false },
    { dimension: "career stage", label: "early-career", contributions: 3, contributionShare: 0.3, acknowledgements: 0, acknowledgementShare: 0, leadRoles: 1, leadShare: 0.25, underAcknowledged: true },
    { dimension: "career stage", label: "established researcher", contributions: 2, contributionShare: 0.2, acknowledgements: 3, acknowledgementShare: 0.75, leadRoles: 0, leadShare: 0, underAcknowledged: false },
  ],
  generatedAt: "2026-11-21T10:15:00.000Z",
};

/** A source that counts how often it is opened, as an export must open it exactly once. */
function sourceOf(items: readonly ContributionView[]): ContributionSource & { opened: number } {
  const source = Object.assign(
    async function* () {
      source.opened++;
      for (let i = 0; i < items.length; i += 2) yield items.slice(i, i + 2); // pages of two

    },
    { opened: 0 },
  );
  return source;
}

async function render(format: ExportFormat, items: readonly ContributionView[] = CONTRIBUTIONS, summary = SUMMARY, lang = "en"): Promise<string> {
  const source = sourceOf(items);
  const parts: string[] = [];
  for await (const chunk of exportFile(format, summary, source, translator(lang)).chunks()) parts.push(chunk);
  expect(source.opened).toBe(1);
  return parts.join("");
}

/** RFC 4180 reader: records end with CRLF; a bare CR or LF outside quotes is an error. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
        if (i < text.length && text[i] !== "," && text[i] !== "\r") throw new Error(`character after closing quote at ${i}`);
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"') {
      if (field !== "") throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else if (ch === "\r" || ch === "\n") {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || row.length) throw new Error("last record has no CRLF");
  return rows;
}

const asObjects = (rows: string[][]): Array<Record<string, string>> => {
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ""])));
};

// ---------------------------------------------------------------------------------------------

describe("exportFile", () => {
  it("names files after the project and period, with the right media type", () => {
    const source = sourceOf([]);
    const names = Object.fromEntries(
      (Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((f) => {
        const file = exportFile(f, SUMMARY, source);
        return [f, `${file.filename} ${file.mediaType}`];
      }),
    );
    expect(names).toEqual({
      markdown: "maji-safi-contributions-2026-01-01-to-2026-11-21.md text/markdown; charset=utf-8",
      csv: "maji-safi-contributions-2026-01-01-to-2026-11-21.csv text/csv; charset=utf-8",
      json: "maji-safi-contributions-2026-01-01-to-2026-11-21.json application/json",
      credit: "maji-safi-contributions-2026-01-01-to-2026-11-21-credit-statement.txt text/plain; charset=utf-8",
      jats: "maji-safi-contributions-2026-01-01-to-2026-11-21.xml application/xml",
      tenzing: "maji-safi-contributions-2026-01-01-to-2026-11-21-tenzing.csv text/csv; charset=utf-8",
      zenodo: "maji-safi-contributions-2026-01-01-to-2026-11-21.zenodo.json application/json",
    });
    const open = exportFile("csv", { ...SUMMARY, period: { from: null, to: "2026-06-30" } }, source);
    expect(open.filename).toBe("maji-safi-contributions-start-to-2026-06-30.csv");
    const hostile = exportFile("csv", { ...SUMMARY, project: { name: "x", slug: "../../etc/passwd" } }, source);
    expect(hostile.filename).toBe("etc-passwd-contributions-2026-01-01-to-2026-11-21.csv");
    expect(source.opened).toBe(0); // nothing is read until chunks() is iterated
  });

  it("labels every format", () => {
    expect(Object.keys(EXPORT_FORMATS).sort()).toEqual(["credit", "csv", "jats", "json", "markdown", "tenzing", "zenodo"]);
    expect(translator("en")(EXPORT_FORMATS.csv)).toBe("CSV (one row per contribution)");
    expect(translator("pt")(EXPORT_FORMATS.csv)).toBe("CSV (uma linha por contribuição)");
  });
});

describe("CSV", () => {
  it("is RFC 4180 with the documented header, labels and URIs", async () => {
    const text = await render("csv");
    expect(text.startsWith(`${CSV_HEADER.join(",")}\r\n`)).toBe(true);
    expect(CSV_HEADER.join(",")).toBe(
      "number,started_on,ended_on,contributor_type,contributor,affiliation,affiliation_country,affiliation_ror,career_stage,roles,credit_role_uris,degree,knowledge_forms,status,status_comment,description,link,recorded_by,recorded_at",
    );
    const rows = parseCsv(text);
    expect(rows).toHaveLength(1 + CONTRIBUTIONS.length);
    expect(rows.every((r) => r.length === CSV_HEADER.length)).toBe(true);
    const byNumber = new Map(asObjects(rows).map((r) => [r.number, r]));

    expect(byNumber.get("1")).toEqual({
      number: "1",
      started_on: "2026-10-01",
      ended_on: "",
      contributor_type: "person",
      contributor: "Amina Njoroge",
      affiliation: "University of Nairobi",
      affiliation_country: "KE",
      affiliation_ror: "https://ror.org/02y9nww90",
      career_stage: "early-career",
      roles: "Investigation; Data curation",
      credit_role_uris: "https://credit.niso.org/contributor-roles/investigation/; https://credit.niso.org/contributor-roles/data-curation/",
      degree: "lead",
      knowledge_forms: "lived experience",
      status: "confirmed",
      status_comment: "",
      description: 'Household interviews, "wave 1"\nin Kibera',
      link: "https://example.org/wave1",
      recorded_by: "João Silva",
      recorded_at: "2026-10-01T09:30:00.000Z",
    });
    expect(text).toContain('"Household interviews, ""wave 1""\nin Kibera"');

    const four = byNumber.get("4");
    expect(four?.contributor_type).toBe("institution");
    expect(four?.contributor).toBe("Coletivo Maré & Vizinhos");
    expect(four?.affiliation_ror).toBe("");
    expect(four?.roles).toBe("Resources; Investigation; Community liaison");
    expect(four?.credit_role_uris).toBe("https://credit.niso.org/contributor-roles/resources/; https://credit.niso.org/contributor-roles/investigation/");
    expect(four?.knowledge_forms).toBe("Indigenous / local knowledge; practical action");

    expect(byNumber.get("2")?.roles).toBe("Writing – review & editing");
    expect(byNumber.get("2")?.credit_role_uris).toBe("https://credit.niso.org/contributor-roles/writing-review-editing/");
    expect(byNumber.get("2")?.description).toBe("Edited | the draft <script>alert(1)</script>");
    expect(byNumber.get("3")?.roles).toBe("Translation / interpretation");
    expect(byNumber.get("3")?.credit_role_uris).toBe("");
    expect(byNumber.get("5")?.status).toBe("disputed");
    expect(byNumber.get("5")?.status_comment).toBe('I didn\'t do this, "wrong"');
    expect(byNumber.get("6")?.roles).toBe("Data collection in the field; Community liaison");
    expect(byNumber.get("6")?.career_stage).toBe("non-academic partner");
    expect(byNumber.get("8")?.affiliation).toBe("");
    expect(byNumber.get("8")?.roles).toBe("Methodology; Writing – original draft");
    expect(byNumber.get("10")?.ended_on).toBe("2026-10-20");
  });

  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const rows = asObjects(parseCsv(await render("csv")));
    const descriptions = rows.map((r) => r.description);
    expect(descriptions).toContain("'=cmd|' /C calc'!A0");
    expect(descriptions).toContain("'+SUM(A1:A9)");
    expect(descriptions).toContain("'@mention\t-minus");
    expect(descriptions).toContain("'-1 bug");
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("JSON", () => {
  it("is valid JSON with the summary and every contribution, labelled", async () => {
    const text = await render("json");
    const doc = JSON.parse(text) as Record<string, unknown> & { contributions: Array<Record<string, unknown>> };
    expect(Object.keys(doc)).toEqual(["project", "period", "by", "generatedAt", "totals", "groups", "equity", "contributions"]);
    expect(doc.project).toEqual(SUMMARY.project);
    expect(doc.period).toEqual(SUMMARY.period);
    // One status vocabulary: what chat calls "unconfirmed" (stored as recorded) is "unconfirmed" here too.
    const { recorded, ...totals } = SUMMARY.totals;
    expect(doc.totals).toEqual({ ...totals, unconfirmed: recorded });
    expect(doc.groups).toEqual(SUMMARY.groups.map(({ contributions: { recorded: r, ...rest }, ...g }) => ({ ...g, contributions: { ...rest, unconfirmed: r } })));
    expect(doc.equity).toEqual(SUMMARY.equity);
    expect(doc.contributions).toHaveLength(CONTRIBUTIONS.length);
    expect(doc.contributions[0]).toMatchObject({
      ...CONTRIBUTIONS[0],
      roleLabels: ["Investigation", "Data curation"],
      creditRoleUris: ["https://credit.niso.org/contributor-roles/investigation/", "https://credit.niso.org/contributor-roles/data-curation/"],
    });
    expect(doc.contributions[1]?.description).toBe("Edited | the draft <script>alert(1)</script>");
    expect(doc.contributions[2]).toMatchObject({ roleLabels: ["Translation / interpretation"], creditRoleUris: [] });
  });

  it("is valid JSON with no contributions", async () => {
    const doc = JSON.parse(await render("json", [])) as { contributions: unknown[] };
    expect(doc.contributions).toEqual([]);
  });
});

describe("CRediT author statement", () => {
  it("credits CRediT roles per person in CRediT order, then partnership roles, then institutions; disputed work is left out", async () => {
    expect(await render("credit")).toBe(
      "Amina Njoroge: Data curation, Investigation, Writing – original draft. " +
        "João Silva: Software, Writing – review & editing. " +
        "Wanjiru Ngũgĩ: Data curation. " +
        "Élodie O'Brien-Dubois: Methodology, Writing – original draft.\n" +
        "\n" +
        "Also credited: Amina Njoroge: Translation / interpretation. Maria José dos Santos: Community liaison, Data collection in the field.\n" +
        "\n" +
        "Institutions: Coletivo Maré & Vizinhos: Investigation, Resources, Community liaison.\n",
    );
  });

  it("orders people by their first contribution and leaves out paragraphs with nothing in them", async () => {
    const items = [
      view(3, { contributor: JOAO, roles: ["validation"] }),
      view(7, { contributor: AMINA, roles: ["visualization", "conceptualization"] }),
      view(8, { contributor: JOAO, roles: ["conceptualization"], status: "disputed" }),
    ];
    expect(await render("credit", items)).toBe("João Silva: Validation. Amina Njoroge: Conceptualization, Visualization.\n");
    expect(await render("credit", [])).toBe("No contributions were credited in this period.\n");
  });
});

// ---------------------------------------------------------------------------------------------
// JATS

const decodeXml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e] ?? "");

/** A small well-formedness check: one root, balanced tags, quoted attributes, only the five entities. */
function checkWellFormed(xml: string) {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  expect(xml.startsWith(declaration)).toBe(true);
  const body = xml.slice(declaration.length);
  const escaped = /^(?:[^&<]|&(?:amp|lt|gt|quot|apos);)*$/;
  const stack: string[] = [];
  let roots = 0;
  for (const [token] of body.matchAll(/<[^<>]*>|[^<]+/g)) {
    if (!token.startsWith("<")) {
      expect(token, "text").toMatch(escaped);
      expect(token.includes(">"), "raw > in text").toBe(false);
      if (stack.length === 0) expect(token.trim(), "text outside the root").toBe("");
      continue;
    }
    const close = /^<\/([A-Za-z][\w.-]*)>$/.exec(token);
    if (close) {
      expect(stack.pop(), `closing ${token}`).toBe(close[1]);
      continue;
    }
    const open = /^<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.:-]*="[^"]*")*)\s*(\/?)>$/.exec(token);
    expect(open, `malformed tag ${token}`).not.toBeNull();
    if (!open) continue;
    for (const [, value] of (open[2] ?? "").matchAll(/="([^"]*)"/g)) expect(value, "attribute").toMatch(escaped);
    const names = [...(open[2] ?? "").matchAll(/([A-Za-z][\w.:-]*)=/g)].map((m) => m[1]);
    expect(new Set(names).size, `duplicate attribute in ${token}`).toBe(names.length);
    if (stack.length === 0) roots++;
    if (open[3] !== "/") stack.push(open[1] ?? "");
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
  expect(body.replace(/<[^<>]*>/g, "")).not.toMatch(/[<>]/);
}

const XMLLINT = "/usr/bin/xmllint";
/** xmllint's verdict when it is installed (apt-get install libxml2-utils); the tag check above runs regardless. */
function xmllint(xml: string): string {
  if (!existsSync(XMLLINT)) return "not installed";
  execFileSync(XMLLINT, ["--noout", "-"], { input: xml, stdio: ["pipe", "pipe", "pipe"] });
  return "ok";
}

const attributes = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], decodeXml(m[2] ?? "")]));

describe("JATS", () => {
  it("is well-formed XML", async () => {
    const xml = await render("jats");
    checkWellFormed(xml);
    expect(["ok", "not installed"]).toContain(xmllint(xml));
  });

  it("uses exactly the 14 CRediT terms and URIs, with the strongest degree", async () => {
    const xml = await render("jats");
    const uriToLabel = new Map(CREDIT_ROLES.ids.map((id) => [creditRoleUri(id), CREDIT_ROLES.labels[id]]));
    expect(uriToLabel.size).toBe(14);
    const roles = [...xml.matchAll(/<role([^>]*)>([^<]*)<\/role>/g)].map((m) => ({ attrs: attributes(m[1] ?? ""), text: decodeXml(m[2] ?? "") }));
    const credit = roles.filter((r) => r.attrs.vocab === "credit");
    expect(credit.length).toBeGreaterThan(0);
    for (const { attrs, text } of credit) {
      expect(attrs["vocab-identifier"]).toBe("https://credit.niso.org/");
      const label = uriToLabel.get(attrs["vocab-term-identifier"] ?? "");
      expect(label, attrs["vocab-term-identifier"]).toBeDefined();
      expect(attrs["vocab-term"]).toBe(label);
      expect(text).toBe(label);
      expect(["lead", "equal", "supporting"]).toContain(attrs["degree-contribution"]);
    }
    expect(xml).toContain('vocab-term="Writing – review &amp; editing"');
    expect(xml).toContain('vocab-term="Writing – original draft"');
    // Partnership roles are plain roles.
    expect(roles.filter((r) => !r.attrs.vocab).map((r) => r.text)).toEqual(["Translation / interpretation", "Community liaison", "Data collection in the field", "Community liaison"]);
  });

  it("lists people, then institutions, with their affiliations; disputed work is left out", async () => {
    const xml = await render("jats");
    const contribs = [...xml.matchAll(/<contrib contrib-type="author">([\s\S]*?)<\/contrib>/g)].map((m) => m[1] ?? "");
    const names = contribs.map((c) => decodeXml(/<(?:string-name|collab)>([^<]*)</.exec(c)?.[1] ?? ""));
    expect(names).toEqual(["Amina Njoroge", "João Silva", "Maria José dos Santos", "Wanjiru Ngũgĩ", "Élodie O'Brien-Dubois", "Coletivo Maré & Vizinhos"]);
    expect(contribs[5]).toContain("<collab>Coletivo Maré &amp; Vizinhos</collab>");
    expect(xml).toContain("<string-name>Élodie O&apos;Brien-Dubois</string-name>");

    const amina = contribs[0] ?? "";
    expect(amina).toContain(
      '<role vocab="credit" vocab-identifier="https://credit.niso.org/" vocab-term="Data curation" vocab-term-identifier="https://credit.niso.org/contributor-roles/data-curation/" degree-contribution="lead">Data curation</role>',
    );
    expect(amina).toMatch(/vocab-term="Writing – original draft"[^>]*degree-contribution="supporting"/);
    expect(amina).toContain("<role>Translation / interpretation</role>");
    expect(amina).toContain('<xref ref-type="aff" rid="aff1"/>');

    const wanjiru = contribs[3] ?? "";
    expect(wanjiru).toContain('vocab-term="Data curation"');
    expect(wanjiru).not.toContain("Conceptualization");
    expect(wanjiru).not.toContain("Formal analysis");

    // João worked from two institutions; Élodie has no affiliation.
    expect([...(contribs[1] ?? "").matchAll(/<xref ref-type="aff" rid="(aff\d+)"\/>/g)].map((m) => m[1])).toEqual(["aff2", "aff3"]);
    expect(contribs[4]).not.toContain("<xref");

    const affs = [...xml.matchAll(/<aff id="(aff\d+)">([\s\S]*?)<\/aff>/g)].map((m) => [m[1], m[2]]);
    expect(affs).toEqual([
      ["aff1", '<institution-wrap><institution-id institution-id-type="ror">https://ror.org/02y9nww90</institution-id><institution>University of Nairobi</institution></institution-wrap><country country="KE">Kenya</country>'],
      ["aff2", '<institution-wrap><institution-id institution-id-type="ror">https://ror.org/03490as77</institution-id><institution>Universidade Federal do Rio de Janeiro</institution></institution-wrap><country country="BR">Brazil</country>'],
      ["aff3", '<institution>Coletivo Maré &amp; Vizinhos</institution><country country="BR">Brazil</country>'],
    ]);
    // Affiliations come after every contrib, inside the contrib-group.
    expect(xml.lastIndexOf("</contrib>")).toBeLessThan(xml.indexOf("<aff "));
    expect(xml.trimEnd().endsWith("</contrib-group>")).toBe(true);
  });

  it("escapes hostile names and drops characters XML cannot hold", async () => {
    const items = [
      view(1, {
        contributor: person("p-x", 'Zoë "Z" <script>alert(1)</script> & \u0001Co\uFFFE'),
        affiliation: { id: "i-x", name: "<b>Bold</b> & 'Sons'", country: "ke", rorId: null },
        roles: ["writing_review_editing", "mentoring"],
      }),
    ];
    const xml = await render("jats", items);
    checkWellFormed(xml);
    expect(["ok", "not installed"]).toContain(xmllint(xml));
    expect(xml).toContain("<string-name>Zoë &quot;Z&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</string-name>");
    expect(xml).toContain("<institution>&lt;b&gt;Bold&lt;/b&gt; &amp; &apos;Sons&apos;</institution><country country=\"KE\">Kenya</country>");
    expect(xml).not.toContain("<script>");
  });
});

// ---------------------------------------------------------------------------------------------

describe("Markdown", () => {
  it("has a title, totals, the group table with valued acknowledgements, and the equity facts", async () => {
    const md = await render("markdown");
    const lines = md.split("\n");
    expect(lines[0]).toBe("# Contributions to Maji Safi \\| water & health, 2026-01-01 to 2026-11-21");
    expect(md).toContain("Generated 2026-11-21 10:15 UTC.");
    expect(md).toContain("**Totals:** 10 contributions (6 confirmed, 1 disputed, 3 unconfirmed) · 4 at lead degree · 4 acknowledgements");
    expect(md).toContain("| Person | Contributions | Confirmed | Disputed | Unconfirmed | Lead roles | Acknowledgements | Valued acknowledgement |");
    expect(md).toContain("| Amina Njoroge | 3 | 3 | 0 | 0 | 1 | 0 | authorship, presenting findings — “Credit \\| in \\*Swahili\\* too” |");
    expect(md).toContain("| João Silva | 2 | 1 | 0 | 1 | 0 | 3 | — |");
    expect(md).toContain("| University of Nairobi | 5 | 50% | 0 | 0% | 2 | 50% | yes |");
    expect(md).toContain("- University of Nairobi (institution) made 50% of contributions and received 0% of acknowledgements.");
    expect(md).toContain("- early-career (career stage) made 30% of contributions and received 0% of acknowledgements.");
    expect(md).not.toMatch(/score/i);

    // Every table row has as many unescaped cell separators as its header.
    const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    let width = 0;
    for (const line of lines) {
      if (!line.startsWith("|")) {
        width = 0;
        continue;
      }
      if (width === 0) width = cells(line);
      expect(cells(line), line).toBe(width);
    }
    // Only our own headings start with '#'.
    expect(lines.filter((l) => l.startsWith("#")).map((l) => l.replace(/ .*/, ""))).toEqual(["#", "##", "##", "###", "###", "##"]);
  });

  it("lists every contribution on one line, with user text escaped", async () => {
    const md = await render("markdown");
    const items = md.split("\n").filter((l) => l.startsWith("- #"));
    expect(items).toHaveLength(CONTRIBUTIONS.length);
    expect(items[0]).toBe(
      '- #1 · 2026-10-01 · Amina Njoroge (University of Nairobi) — Investigation, Data curation (lead) · lived experience · confirmed — Household interviews, "wave 1" in Kibera · <https://example.org/wave1>',
    );
    expect(items[1]).toBe(
      "- #2 · 2026-10-02 · João Silva (Universidade Federal do Rio de Janeiro) — Writing – review & editing (supporting) · disciplinary (academic) · unconfirmed — Edited \\| the draft \\<script\\>alert(1)\\</script\\>",
    );
    expect(items[3]).toBe(
      "- #4 · 2026-10-04 · Coletivo Maré & Vizinhos — Resources, Investigation, Community liaison (lead) · Indigenous / local knowledge, practical action · confirmed — Venue & food for community meetings",
    );
    expect(items[4]).toContain("· disputed (I didn't do this, \"wrong\") — Framed the research questions");
    expect(items[5]).toContain("— \\# heading \\*bold\\* \\[link\\](http://evil.example) \\_x\\_ \\`code\\` !\\[img\\](x)");
    expect(items[7]).toBe("- #8 · 2026-10-08 · Élodie O'Brien-Dubois — Methodology, Writing – original draft (equal) · unconfirmed — @mention -minus · javascript:alert(1)");
    expect(items[9]).toContain("- #10 · 2026-10-10 to 2026-10-20 · João Silva (Coletivo Maré & Vizinhos) — Software (supporting)");
    expect(md).not.toMatch(/(^|[^\\])<script/);
    expect(md).not.toMatch(/(^|[^\\])\[link/);
  });
});

describe("in the requester's language", () => {
  /** French sets off % and groups digits with (narrow) no-break spaces. */
  const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");

  it("words the Markdown summary for the reader; user text and ISO dates stay as they are", async () => {
    const md = plain(await render("markdown", CONTRIBUTIONS, SUMMARY, "fr"));
    const lines = md.split("\n");
    expect(lines[0]).toBe("# Contributions à Maji Safi \\| water & health, du 2026-01-01 au 2026-11-21");
    expect(md).toContain("Généré le 2026-11-21 10:15 UTC.");
    expect(md).toContain("**Totaux :** 10 contributions (6 confirmées, 1 contestée, 3 non confirmées) · 4 de degré principal · 4 remerciements");
    expect(md).toContain("## Par personne");
    expect(md).toContain("| Personne | Contributions | Confirmées | Contestées | Non confirmées | Rôles principaux | Remerciements | Reconnaissance souhaitée |");
    expect(md).toContain("| Amina Njoroge | 3 | 3 | 0 | 0 | 1 | 0 | statut d’auteur·e et présenter les résultats — « Credit \\| in \\*Swahili\\* too » |");
    expect(md).toContain("| University of Nairobi | 5 | 50 % | 0 | 0 % | 2 | 50 % | oui |");
    expect(md).toContain("- University of Nairobi (institution) a fait 50 % des contributions et reçu 0 % des remerciements.");
    expect(md).toContain("### Par étape de carrière");
    const items = lines.filter((l) => l.startsWith("- #"));
    expect(items[0]).toBe(
      '- #1 · 2026-10-01 · Amina Njoroge (University of Nairobi) — Investigation et Curation des données (principal) · expérience vécue · confirmée — Household interviews, "wave 1" in Kibera · <https://example.org/wave1>',
    );
    expect(items[4]).toContain("· contestée (I didn't do this, \"wrong\") — Framed the research questions");
    expect(items[9]).toContain("- #10 · du 2026-10-10 au 2026-10-20 · João Silva (Coletivo Maré & Vizinhos) — Logiciel (en appui)");
    // Still one table cell per column, and only our own headings.
    expect(lines.filter((l) => l.startsWith("#")).map((l) => l.replace(/ .*/, ""))).toEqual(["#", "##", "##", "###", "###", "##"]);
    expect(plain(await render("markdown", [], { ...SUMMARY, groups: [], equity: [] }, "pt"))).toContain("Nenhuma contribuição neste período.");
  });

  it("words the CRediT statement's sentences and partnership roles; CRediT terms stay official", async () => {
    expect(await render("credit", CONTRIBUTIONS, SUMMARY, "pt")).toBe(
      "Amina Njoroge: Data curation, Investigation e Writing – original draft. " +
        "João Silva: Software e Writing – review & editing. " +
        "Wanjiru Ngũgĩ: Data curation. " +
        "Élodie O'Brien-Dubois: Methodology e Writing – original draft.\n" +
        "\n" +
        "Também creditados: Amina Njoroge: Tradução / interpretação. Maria José dos Santos: Articulação comunitária e Coleta de dados em campo.\n" +
        "\n" +
        "Instituições: Coletivo Maré & Vizinhos: Investigation, Resources e Articulação comunitária.\n",
    );
    expect(await render("credit", [], SUMMARY, "fr")).toBe("Aucune contribution n’a été créditée sur cette période.\n");
  });

  it("keeps machine-readable formats identical whatever the requester's language", async () => {
    for (const format of ["csv", "json", "jats", "tenzing"] as const) expect(await render(format, CONTRIBUTIONS, SUMMARY, "sw"), format).toBe(await render(format));
  });
});

describe("tenzing", () => {
  // Names are not split by guess: without given and family names the whole name is the surname.
  it("has tenzing's header and one TRUE/FALSE row per person, disputed work left out", async () => {
    const text = await render("tenzing");
    expect(text.slice(0, text.indexOf("\r\n"))).toBe(
      "Order in publication,Firstname,Middle name,Surname,Conceptualization,Data curation,Formal analysis,Funding acquisition,Investigation,Methodology,Project administration,Resources,Software,Supervision,Validation,Visualization,Writing - original draft,Writing - review & editing,Email address,Affiliation 1,Affiliation 2,Corresponding author?",
    );
    expect(TENZING_HEADER).toHaveLength(22);
    const rows = parseCsv(text);
    expect(rows.slice(1)).toEqual([
      ["1", "", "", "Amina Njoroge", "FALSE", "TRUE", "FALSE", "FALSE", "TRUE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "TRUE", "FALSE", "", "University of Nairobi", "", "FALSE"],
      ["2", "", "", "João Silva", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "TRUE", "FALSE", "FALSE", "FALSE", "FALSE", "TRUE", "", "Universidade Federal do Rio de Janeiro", "Coletivo Maré & Vizinhos", "FALSE"],
      ["3", "", "", "Maria José dos Santos", ...Array<string>(14).fill("FALSE"), "", "Coletivo Maré & Vizinhos", "", "FALSE"],
      ["4", "", "", "Wanjiru Ngũgĩ", "FALSE", "TRUE", ...Array<string>(12).fill("FALSE"), "", "University of Nairobi", "", "FALSE"],
      ["5", "", "", "Élodie O'Brien-Dubois", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "TRUE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "TRUE", "FALSE", "", "", "", "FALSE"],
    ]);
  });
});

describe("streaming", () => {
  it("exports 200,000 contributions as CSV chunk by chunk, reading the source once and lazily", async () => {
    const total = 200_000;
    let produced = 0;
    let opened = 0;
    const source: ContributionSource = async function* () {
      opened++;
      let page: ContributionView[] = [];
      for (let n = 1; n <= total; n++) {
        produced++;
        page.push(view(n, {
          contributor: n % 7 === 0 ? { kind: "institution", id: MARE.id, name: MARE.name } : person(`p-${n % 50}`, `Person ${n % 50}`),
          affiliation: n % 7 === 0 ? MARE : NAIROBI,
          startedOn: "2026-10-01",
          recordedAt: "2026-10-01T09:30:00.000Z",
          roles: n % 3 === 0 ? ["investigation", "field_data_collection"] : ["data_curation"],
          description: n % 11 === 0 ? `=HYPERLINK("x", ${n})` : `Contribution ${n}, checked`,
        }));
        if (page.length === 1000) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    };
    const started = Date.now();
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    let largest = 0;
    let producedAtFirstChunk = -1;
    for await (const chunk of exportFile("csv", SUMMARY, source).chunks()) {
      if (producedAtFirstChunk < 0) producedAtFirstChunk = produced;
      chunks++;
      largest = Math.max(largest, chunk.length);
      bytes += Buffer.byteLength(chunk);
      for (let i = chunk.indexOf("\r\n"); i >= 0; i = chunk.indexOf("\r\n", i + 2)) lines++;
    }
    const elapsed = Date.now() - started;
    expect(opened).toBe(1);
    expect(produced).toBe(total);
    expect(lines).toBe(total + 1);
    expect(producedAtFirstChunk).toBeGreaterThan(0);
    expect(producedAtFirstChunk).toBeLessThan(total / 10); // the first chunk left before the source was drained
    // A chunk holds at most about one page of the source (1,000 rows here), never the whole export.
    expect(largest).toBeLessThan(CHUNK_SIZE + 1000 * 400);
    expect(chunks).toBeGreaterThan(total / 1000 / 2);
    expect(bytes).toBeGreaterThan(total * 100);
    expect(elapsed).toBeLessThan(10_000);
  });
});
