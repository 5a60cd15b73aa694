// Export formatters for contribution summaries: Markdown, CSV, JSON, a CRediT author statement,
// JATS XML and a tenzing contributors table. Pure functions over a ProjectSummary and a
// ContributionSource: no I/O, no SDK or database module. What people read (the Markdown summary,
// the sentences of the CRediT statement) is in the requester's language; what machines read (CSV
// headers, JSON keys, JATS, tenzing, the English vocabulary labels in them) never changes.
//
// Every format streams. chunks() reads the source once and yields text in ~64 KB pieces, so a
// project with a million contributions never becomes one string in memory. The per-person formats
// (credit, jats, tenzing) keep one small record per contributor while reading, bounded by the
// number of people and institutions, not of contributions.
import { translator, type MessageId, type Translator } from "../i18n/index.ts";
import {
  CAREER_STAGES,
  CONTRIBUTION_STATUSES,
  CREDIT_ROLES,
  DEGREES,
  KNOWLEDGE_FORMS,
  PARTNERSHIP_ROLES,
  creditRoleUri,
} from "../vocabulary.ts";
import { contributorName } from "./describe.ts";
import { equityLabel, groupLabel, valuedForms } from "./summary.ts";
import { ROLE_LABELS, ROLE_MESSAGES } from "./terms.ts";
import type {
  ContributionRoleId,
  ContributionSource,
  ContributionView,
  CreditRoleId,
  DegreeId,
  EquityRow,
  ExportFile,
  PartnershipRoleId,
  ProjectSummary,
  StatusCounts,
} from "./model.ts";

export type ExportFormat = "markdown" | "csv" | "json" | "credit" | "jats" | "tenzing" | "zenodo";

/** Format id → catalogue id of its short label (for menus, help text and upload titles). */
export const EXPORT_FORMATS: Record<ExportFormat, MessageId> = {
  markdown: "choice.summary.format.markdown",
  csv: "choice.summary.format.csv",
  json: "choice.summary.format.json",
  credit: "choice.summary.format.credit",
  jats: "choice.summary.format.jats",
  tenzing: "choice.summary.format.tenzing",
  zenodo: "choice.summary.format.zenodo",
};

/** `t` words the human-readable formats (Markdown, the CRediT statement); the others ignore it. */
export function exportFile(format: ExportFormat, summary: ProjectSummary, contributions: ContributionSource, t: Translator = translator("en")): ExportFile {
  const base = `${safeName(summary.project.slug) || "project"}-contributions-${safeName(summary.period.from ?? "start")}-to-${safeName(periodEnd(summary))}`;
  switch (format) {
    case "markdown":
      return file(`${base}.md`, "text/markdown; charset=utf-8", () => markdown(t, summary, contributions));
    case "csv":
      return file(`${base}.csv`, "text/csv; charset=utf-8", () => csv(contributions));
    case "json":
      return file(`${base}.json`, "application/json", () => json(summary, contributions));
    case "credit":
      return file(`${base}-credit-statement.txt`, "text/plain; charset=utf-8", () => creditStatement(t, contributions));
    case "jats":
      return file(`${base}.xml`, "application/xml", () => jats(contributions));
    case "tenzing":
      return file(`${base}-tenzing.csv`, "text/csv; charset=utf-8", () => tenzing(contributions));
    case "zenodo":
      // Named like the other exports, never a hidden file; saved as .zenodo.json in a repository, Zenodo's
      // GitHub integration reads it (the README says so).
      return file(`${base}.zenodo.json`, "application/json", () => zenodo(summary, contributions));
    default: {
      const unknown: never = format;
      throw new Error(`Unknown export format: ${String(unknown)}`);
    }
  }
}

const file = (filename: string, mediaType: string, pieces: () => AsyncIterable<string>): ExportFile => ({
  filename,
  mediaType,
  chunks: () => batched(pieces()),
});

// ---------------------------------------------------------------------------------------------
// Streaming

/** Target size of a yielded chunk, in UTF-16 code units (≈ bytes for mostly-ASCII text). */
export const CHUNK_SIZE = 64 * 1024;

/** Joins small pieces into chunks of about CHUNK_SIZE; never holds more than one chunk. */
async function* batched(pieces: AsyncIterable<string>): AsyncGenerator<string, void, undefined> {
  let buffer: string[] = [];
  let size = 0;
  for await (const piece of pieces) {
    // A page-sized piece goes out as it is: joining it again would only copy it.
    if (size === 0 && piece.length >= CHUNK_SIZE) {
      yield piece;
      continue;
    }
    buffer.push(piece);
    size += piece.length;
    if (size >= CHUNK_SIZE) {
      yield buffer.join("");
      buffer = [];
      size = 0;
    }
  }
  if (size > 0) yield buffer.join("");
}

// ---------------------------------------------------------------------------------------------
// Vocabulary helpers

const CREDIT_IDS: ReadonlySet<string> = new Set(CREDIT_ROLES.ids);
const isCreditRole = (id: ContributionRoleId): id is CreditRoleId => CREDIT_IDS.has(id);

const lookup = (labels: Record<string, string>, id: string): string => labels[id] ?? id;
const roleLabel = (id: ContributionRoleId): string => lookup(ROLE_LABELS, id);
const knowledgeLabel = (id: string): string => lookup(KNOWLEDGE_FORMS.labels, id);
const careerStageLabel = (id: string | null): string => (id ? lookup(CAREER_STAGES.labels, id) : "");
const creditUris = (roles: readonly ContributionRoleId[]): string[] => roles.filter(isCreditRole).map(creditRoleUri);

/** Canonical order: the 14 CRediT roles as listed, then the partnership roles as listed. */
const ROLE_ORDER: ReadonlyMap<string, number> = new Map(
  [...CREDIT_ROLES.ids, ...PARTNERSHIP_ROLES.ids].map((id, i) => [id, i] as const),
);
const byRoleOrder = (a: string, b: string) => (ROLE_ORDER.get(a) ?? 999) - (ROLE_ORDER.get(b) ?? 999);

const DEGREE_STRENGTH: Record<DegreeId, number> = { lead: 3, equal: 2, supporting: 1 };

/** ROR ids are URLs; a bare id ("02y9nww90") becomes https://ror.org/02y9nww90. */
export const rorUrl = (rorId: string | null): string => {
  const id = rorId?.trim();
  if (!id) return "";
  return /^https?:\/\//i.test(id) ? id : `https://ror.org/${id.replace(/^ror\.org\//i, "")}`;
};

/** Last day of the period: its end, or the day the summary was generated. */
const periodEnd = (summary: ProjectSummary): string => summary.period.to ?? summary.generatedAt.slice(0, 10);

/** A filename part: letters, digits, dot, underscore and hyphen only, no leading dot. */
export const safeName = (value: string): string =>
  value
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+/, "")
    .slice(0, 80);

/**
 * The status as every output words it: "unconfirmed" (stored as RECORDED; chat says "unconfirmed"
 * too), "confirmed", "disputed". Input still understands "recorded" (see contribution list).
 */
export const statusWord = (status: ContributionView["status"]): string => CONTRIBUTION_STATUSES.labels[status];

/** Status counts with the exports' word for unconfirmed. */
const countsJson = <T extends StatusCounts>({ recorded, total, ...rest }: T) => ({ total, unconfirmed: recorded, ...rest });

/** Collapses every run of whitespace (newlines included) to one space. */
const oneLine = (value: string): string => value.replace(/\s+/g, " ").trim();

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

export const CSV_HEADER = [
  "number",
  "started_on",
  "ended_on",
  "contributor_type",
  "contributor",
  "affiliation",
  "affiliation_country",
  "affiliation_ror",
  "career_stage",
  "roles",
  "credit_role_uris",
  "degree",
  "knowledge_forms",
  "status",
  "status_comment",
  "description",
  "link",
  "recorded_by",
  "recorded_at",
] as const;

/**
 * One CSV field. A cell a spreadsheet would read as a formula (starting with = + - @, tab or CR)
 * gets a leading apostrophe (OWASP "CSV injection"); a field with a comma, quote or line break
 * is quoted, inner quotes doubled.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (!NEEDS_CARE.test(text)) return text; // the common case, one test per field
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;

export const csvRow = (fields: ReadonlyArray<string | number | null | undefined>): string => `${fields.map(csvField).join(",")}\r\n`;

/**
 * Cells that repeat across rows (an institution's three cells, a set of roles, of forms of
 * knowledge, a career stage), made once. A million-row export spends its time here otherwise.
 */
const cellCache = new Map<string, string>();
function cachedCell(key: string, make: () => string): string {
  let cell = cellCache.get(key);
  if (cell === undefined) {
    cell = make();
    if (cellCache.size < 50_000) cellCache.set(key, cell);
  }
  return cell;
}

/** One contribution as a CSV line, built by concatenation (no per-row arrays). */
function csvContributionRow(c: ContributionView): string {
  const a = c.affiliation;
  const affiliation = a ? cachedCell(`a:${a.id}:${a.name}`, () => `${csvField(a.name)},${csvField(a.country)},${csvField(rorUrl(a.rorId))}`) : ",,";
  const roleKey = c.roles.join(",");
  const roles = cachedCell(`r:${roleKey}`, () => `${csvField(c.roles.map(roleLabel).join("; "))},${csvField(creditUris(c.roles).join("; "))}`);
  const knowledge = c.knowledgeForms.length ? cachedCell(`k:${c.knowledgeForms.join(",")}`, () => csvField(c.knowledgeForms.map(knowledgeLabel).join("; "))) : "";
  return (
    `${c.number},${c.startedOn},${c.endedOn ?? ""},${c.contributor.kind},${csvField(c.contributor.name)},${affiliation},` +
    `${c.careerStage ? cachedCell(`s:${c.careerStage}`, () => csvField(careerStageLabel(c.careerStage))) : ""},${roles},${c.degree},${knowledge},${statusWord(c.status)},` +
    `${csvField(c.statusComment)},${csvField(c.description)},${csvField(c.link)},${csvField(c.recordedBy)},${c.recordedAt}\r\n`
  );
}

async function* csv(contributions: ContributionSource): AsyncGenerator<string> {
  yield csvRow(CSV_HEADER);
  for await (const page of contributions()) yield page.map(csvContributionRow).join("");
}

// ---------------------------------------------------------------------------------------------
// JSON

/** A contribution as exported in JSON: the view plus the labels and URIs a reader needs. */
export function contributionJson(c: ContributionView) {
  return {
    ...c,
    status: statusWord(c.status),
    roleLabels: c.roles.map(roleLabel),
    creditRoleUris: creditUris(c.roles),
    knowledgeFormLabels: c.knowledgeForms.map(knowledgeLabel),
    careerStageLabel: c.careerStage ? careerStageLabel(c.careerStage) : null,
  };
}

async function* json(summary: ProjectSummary, contributions: ContributionSource): AsyncGenerator<string> {
  const head = {
    project: summary.project,
    period: summary.period,
    by: summary.by,
    generatedAt: summary.generatedAt,
    totals: countsJson(summary.totals),
    groups: summary.groups.map((g) => ({ ...g, contributions: countsJson(g.contributions) })),
    equity: summary.equity,
  };
  // The head without its closing brace, then the contributions array element by element.
  yield `${JSON.stringify(head).slice(0, -1)},"contributions":[`;
  let first = true;
  for await (const page of contributions()) {
    if (page.length === 0) continue;
    yield `${first ? "" : ","}\n${page.map((c) => JSON.stringify(contributionJson(c))).join(",\n")}`;
    first = false;
  }
  yield first ? "]}\n" : "\n]}\n";
}

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * User text as inert Markdown: one line, with every character that could start emphasis, code,
 * a link, an image, HTML, a heading or a table cell backslash-escaped.
 */
export function markdownText(value: string): string {
  return oneLine(stripControl(value)).replace(/[\\`*_[\]<>|#~]/g, "\\$&");
}

/** An equity dimension as the catalogue's selects name it ("career stage" has a space). */
const dimensionOf = (dimension: EquityRow["dimension"]) => (dimension === "institution" ? "institution" : "stage");

function markdownHead(t: Translator, summary: ProjectSummary): string {
  const { project, period, totals, groups, by } = summary;
  const lines: string[] = [];
  const name = markdownText(project.name);
  const to = markdownText(periodEnd(summary));
  lines.push(`# ${period.from ? t("export.md.title", { project: name, from: markdownText(period.from), to }) : t("export.md.titleFromStart", { project: name, to })}`, "");
  const generated = new Date(summary.generatedAt);
  const when = Number.isNaN(generated.getTime())
    ? markdownText(summary.generatedAt)
    : `${generated.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  lines.push(t("export.md.generated", { when }), "");
  lines.push(
    t("export.md.totals", {
      total: totals.total,
      confirmed: totals.confirmed,
      disputed: totals.disputed,
      recorded: totals.recorded,
      lead: totals.leadRoles,
      acknowledgements: totals.acknowledgements,
    }),
    "",
  );

  lines.push(`## ${t("export.md.by", { by })}`, "");
  if (groups.length === 0) {
    lines.push(t("export.md.noContributions"), "");
  } else {
    const people = by === "person";
    const header = [
      t("export.md.groupColumn", { by }),
      t("export.md.col.contributions"),
      t("export.md.col.confirmed"),
      t("export.md.col.disputed"),
      t("export.md.col.unconfirmed"),
      t("export.md.col.leadRoles"),
      t("export.md.col.acknowledgements"),
    ];
    if (people) header.push(t("export.md.col.valued"));
    lines.push(`| ${header.join(" | ")} |`);
    lines.push(`|${header.map((_, i) => (i === 0 || i === 7 ? " --- " : " ---: ")).join("|")}|`);
    for (const g of groups) {
      const cells = [
        markdownText(groupLabel(t, by, g)),
        t.number(g.contributions.total),
        t.number(g.contributions.confirmed),
        t.number(g.contributions.disputed),
        t.number(g.contributions.recorded),
        t.number(g.leadRoles),
        t.number(g.acknowledgements),
      ];
      if (people) {
        const forms = t.list(valuedForms(t, g.preferences?.forms ?? []).map(markdownText), "unit") || "—";
        cells.push(g.preferences?.note ? t("export.md.valuedNote", { forms, note: markdownText(g.preferences.note) }) : forms);
      }
      lines.push(`| ${cells.join(" | ")} |`);
    }
    lines.push("");
  }

  lines.push(`## ${t("export.md.equity")}`, "");
  lines.push(...markdownEquity(t, summary.equity));
  lines.push(`## ${t("export.md.contributions")}`, "");
  return `${lines.join("\n")}\n`;
}

function markdownEquity(t: Translator, rows: readonly EquityRow[]): string[] {
  if (rows.length === 0) return [t("export.md.equity.empty"), ""];
  const lines: string[] = [t("export.md.equity.intro"), ""];
  for (const dimension of ["institution", "career stage"] as const) {
    const group = rows.filter((r) => r.dimension === dimension);
    if (group.length === 0) continue;
    const d = dimensionOf(dimension);
    lines.push(`### ${t("export.md.equity.by", { dimension: d })}`, "");
    const header = [
      t("export.md.equity.column", { dimension: d }),
      t("export.md.col.contributions"),
      t("export.md.col.share"),
      t("export.md.col.acknowledgements"),
      t("export.md.col.share"),
      t("export.md.col.leadRoles"),
      t("export.md.col.share"),
      t("export.md.col.underAcknowledged"),
    ];
    lines.push(`| ${header.join(" | ")} |`);
    lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const r of group) {
      const cells = [
        markdownText(equityLabel(t, r)),
        t.number(r.contributions),
        t.percent(r.contributionShare),
        t.number(r.acknowledgements),
        t.percent(r.acknowledgementShare),
        t.number(r.leadRoles),
        t.percent(r.leadShare),
        t("export.md.flag", { flagged: r.underAcknowledged ? "yes" : "no" }),
      ];
      lines.push(`| ${cells.join(" | ")} |`);
    }
    lines.push("");
  }
  const flagged = rows.filter((r) => r.underAcknowledged);
  if (flagged.length === 0) {
    lines.push(t("export.md.equity.noneFlagged"), "");
  } else {
    lines.push(t("export.md.equity.flagged"), "");
    for (const r of flagged) {
      lines.push(
        `- ${t("export.md.equity.flagLine", {
          group: markdownText(equityLabel(t, r)),
          dimension: dimensionOf(r.dimension),
          contributions: t.percent(r.contributionShare),
          acknowledgements: t.percent(r.acknowledgementShare),
        })}`,
      );
    }
    lines.push("");
  }
  return lines;
}

/** `#12 · 2026-10-01 · Amina Njoroge (University of Nairobi) — Investigation (lead) · lived experience · confirmed — …` */
export function markdownContribution(t: Translator, c: ContributionView): string {
  const showAffiliation = c.affiliation && !(c.contributor.kind === "institution" && c.affiliation.id === c.contributor.id);
  const name = markdownText(contributorName(t, c));
  const status = t(CONTRIBUTION_STATUSES.messages[c.status]);
  const line = t("export.md.line", {
    number: c.number,
    period: c.endedOn && c.endedOn !== c.startedOn ? t("terms.period.range", { from: c.startedOn, to: c.endedOn }) : c.startedOn,
    who: showAffiliation && c.affiliation ? t("contribution.withAffiliation", { name, institution: markdownText(c.affiliation.name) }) : name,
    roles: t.list(c.roles.map((r) => t(ROLE_MESSAGES[r])), "unit"),
    degree: t(DEGREES.messages[c.degree]),
    hasKnowledge: c.knowledgeForms.length ? "yes" : "no",
    knowledge: t.list(c.knowledgeForms.map((k) => t(KNOWLEDGE_FORMS.messages[k])), "unit"),
    status: c.statusComment ? t("export.md.statusComment", { status, comment: markdownText(c.statusComment) }) : status,
    hasDescription: c.description.trim() ? "yes" : "no",
    description: markdownText(c.description),
    hasLink: c.link ? "yes" : "no",
    link: c.link ? markdownLink(c.link) : "",
  });
  return `- ${line}`;
}

/** A link the contributor recorded: an autolink when it is a plain http(s) URL, escaped text otherwise. */
const markdownLink = (link: string): string =>
  /^https?:\/\/[^\s<>"`\\]+$/i.test(link.trim()) ? `<${link.trim()}>` : markdownText(link);

async function* markdown(t: Translator, summary: ProjectSummary, contributions: ContributionSource): AsyncGenerator<string> {
  yield markdownHead(t, summary);
  let count = 0;
  for await (const page of contributions()) {
    if (page.length) yield page.map((c) => `${markdownContribution(t, c)}\n`).join("");
    count += page.length;
  }
  if (count === 0) yield `${t("export.md.noContributions")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Per-contributor aggregation (credit statement, JATS, tenzing)

type Affiliation = NonNullable<ContributionView["affiliation"]>;

interface Credited {
  kind: "person" | "institution";
  id: string;
  name: string;
  /** Given and family names and ORCID iD where known and wished (see naming.ts); never guessed. */
  given: string | null;
  family: string | null;
  orcid: string | null;
  /** Number of the first (non-disputed) contribution: the order people are listed in. */
  first: number;
  /** Every role credited, with the strongest degree it was credited at. */
  roles: Map<ContributionRoleId, DegreeId>;
  /** Distinct affiliations, in order of first appearance. */
  affiliations: Affiliation[];
}

/**
 * Reads the source once and credits each person and institution with the roles of their
 * contributions that are not disputed. People and institutions come back in order of their first
 * such contribution.
 */
async function credited(contributions: ContributionSource): Promise<{ people: Credited[]; institutions: Credited[] }> {
  const all = new Map<string, Credited>();
  for await (const page of contributions()) for (const c of page) {
    if (c.status === "disputed") continue;
    const key = `${c.contributor.kind}:${c.contributor.id}`;
    let entry = all.get(key);
    if (!entry) {
      const { given = null, family = null, orcid = null } = c.contributor;
      entry = { kind: c.contributor.kind, id: c.contributor.id, name: oneLine(c.contributor.name), given, family, orcid, first: c.number, roles: new Map(), affiliations: [] };
      all.set(key, entry);
    }
    entry.first = Math.min(entry.first, c.number);
    for (const role of c.roles) {
      const held = entry.roles.get(role);
      if (!held || DEGREE_STRENGTH[c.degree] > DEGREE_STRENGTH[held]) entry.roles.set(role, c.degree);
    }
    if (c.affiliation && !entry.affiliations.some((a) => a.id === c.affiliation?.id)) entry.affiliations.push(c.affiliation);
  }
  const ordered = [...all.values()].sort((a, b) => a.first - b.first);
  return { people: ordered.filter((e) => e.kind === "person"), institutions: ordered.filter((e) => e.kind === "institution") };
}

const creditRolesOf = (e: Credited): CreditRoleId[] => [...e.roles.keys()].filter(isCreditRole).sort(byRoleOrder);
const partnershipRolesOf = (e: Credited): PartnershipRoleId[] =>
  [...e.roles.keys()].filter((r): r is PartnershipRoleId => !isCreditRole(r)).sort(byRoleOrder);

// ---------------------------------------------------------------------------------------------
// CRediT author statement

/** CRediT roles keep their official (English) terms, as journals expect; partnership roles are in the reader's language. */
const statementRole = (t: Translator, role: ContributionRoleId): string => (isCreditRole(role) ? CREDIT_ROLES.labels[role] : t(ROLE_MESSAGES[role]));

const sentence = (t: Translator, name: string, roles: readonly ContributionRoleId[]): string =>
  t("export.credit.line", { name, roles: t.list(roles.map((r) => statementRole(t, r)), "unit") });

async function* creditStatement(t: Translator, contributions: ContributionSource): AsyncGenerator<string> {
  const { people, institutions } = await credited(contributions);
  const paragraphs: string[] = [];
  const authors = people.filter((p) => creditRolesOf(p).length > 0).map((p) => sentence(t, p.name, creditRolesOf(p)));
  if (authors.length) paragraphs.push(authors.join(" "));
  const also = people.filter((p) => partnershipRolesOf(p).length > 0).map((p) => sentence(t, p.name, partnershipRolesOf(p)));
  if (also.length) paragraphs.push(t("export.credit.also", { people: also.join(" ") }));
  const orgs = institutions
    .filter((i) => i.roles.size > 0)
    .map((i) => sentence(t, i.name, [...creditRolesOf(i), ...partnershipRolesOf(i)]));
  if (orgs.length) paragraphs.push(t("export.credit.institutions", { institutions: orgs.join(" ") }));
  if (paragraphs.length === 0) paragraphs.push(t("export.credit.none"));
  yield `${paragraphs.join("\n\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// JATS XML

/** Characters XML 1.0 does not allow at all (C0 controls but tab/LF/CR, U+FFFE/F, lone surrogates). */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const stripControl = (value: string): string => value.replace(CONTROL, "");

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
/** Text or attribute value as XML: the five special characters escaped, disallowed characters dropped. */
export const xmlText = (value: string): string => value.replace(XML_INVALID, "").replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch] ?? ch);

let regionNames: Intl.DisplayNames | null | undefined;
const countryName = (code: string): string => {
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(["en"], { type: "region" });
    } catch {
      regionNames = null;
    }
  }
  try {
    return regionNames?.of(code) ?? code;
  } catch {
    return code;
  }
};

function jatsRoles(e: Credited, indent: string): string[] {
  const lines: string[] = [];
  for (const role of creditRolesOf(e)) {
    const label = xmlText(CREDIT_ROLES.labels[role]);
    const degree = e.roles.get(role);
    lines.push(
      `${indent}<role vocab="credit" vocab-identifier="https://credit.niso.org/" vocab-term="${label}" ` +
        `vocab-term-identifier="${xmlText(creditRoleUri(role))}"${degree ? ` degree-contribution="${degree}"` : ""}>${label}</role>`,
    );
  }
  for (const role of partnershipRolesOf(e)) lines.push(`${indent}<role>${xmlText(roleLabel(role))}</role>`);
  return lines;
}

function jatsAff(id: string, a: Affiliation): string {
  const name = `<institution>${xmlText(oneLine(a.name))}</institution>`;
  const ror = rorUrl(a.rorId);
  const institution = ror
    ? `<institution-wrap><institution-id institution-id-type="ror">${xmlText(ror)}</institution-id>${name}</institution-wrap>`
    : name;
  const code = a.country?.trim().toUpperCase();
  const country = code && /^[A-Z]{2}$/.test(code) ? `<country country="${code}">${xmlText(countryName(code))}</country>` : "";
  return `  <aff id="${id}">${institution}${country}</aff>\n`;
}

/** Structured <name> when both parts are known (JATS wants surname first), the name as given otherwise. */
const jatsName = (e: Credited): string =>
  e.given && e.family
    ? `    <name><surname>${xmlText(oneLine(e.family))}</surname><given-names>${xmlText(oneLine(e.given))}</given-names></name>`
    : `    <string-name>${xmlText(e.name)}</string-name>`;

async function* jats(contributions: ContributionSource): AsyncGenerator<string> {
  const { people, institutions } = await credited(contributions);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<contrib-group>\n';
  const affIds = new Map<string, string>();
  const affs: Array<[string, Affiliation]> = [];
  const xrefs = (e: Credited): string[] =>
    e.affiliations.map((a) => {
      let rid = affIds.get(a.id);
      if (!rid) {
        rid = `aff${affIds.size + 1}`;
        affIds.set(a.id, rid);
        affs.push([rid, a]);
      }
      return `    <xref ref-type="aff" rid="${rid}"/>`;
    });
  for (const e of [...people, ...institutions]) {
    const name = xmlText(e.name);
    const lines = [
      '  <contrib contrib-type="author">',
      ...(e.orcid ? [`    <contrib-id contrib-id-type="orcid">${xmlText(e.orcid)}</contrib-id>`] : []),
      e.kind === "person" ? jatsName(e) : `    <collab>${name}</collab>`,
      ...jatsRoles(e, "    "),
      ...xrefs(e),
      "  </contrib>",
    ];
    yield `${lines.join("\n")}\n`;
  }
  for (const [rid, a] of affs) yield jatsAff(rid, a);
  yield "</contrib-group>\n";
}

// ---------------------------------------------------------------------------------------------
// tenzing contributors table

/** Tenzing's CRediT column names: the CRediT labels with an ASCII hyphen ("Writing - original draft"). */
const tenzingColumn = (id: CreditRoleId) => CREDIT_ROLES.labels[id].replace(" – ", " - ");

export const TENZING_HEADER = [
  "Order in publication",
  "Firstname",
  "Middle name",
  "Surname",
  ...CREDIT_ROLES.ids.map(tenzingColumn),
  "Email address",
  "Affiliation 1",
  "Affiliation 2",
  "Corresponding author?",
] as const;

/**
 * Given and family names for tenzing: the person's own where known. Otherwise the whole name is the
 * surname (no guessing: "Maria José dos Santos" has no safe split, and "سارة 🌍" has no surname "🌍").
 */
export function splitName(e: Pick<Credited, "name" | "given" | "family">): { first: string; surname: string } {
  if (e.given || e.family) return { first: oneLine(e.given ?? ""), surname: oneLine(e.family ?? "") };
  return { first: "", surname: oneLine(e.name) };
}

async function* tenzing(contributions: ContributionSource): AsyncGenerator<string> {
  const { people } = await credited(contributions);
  yield csvRow(TENZING_HEADER);
  let order = 0;
  for (const p of people) {
    const { first, surname } = splitName(p);
    yield csvRow([
      ++order,
      first,
      "",
      surname,
      ...CREDIT_ROLES.ids.map((id) => (p.roles.has(id) ? "TRUE" : "FALSE")),
      "",
      p.affiliations[0]?.name ?? "",
      p.affiliations[1]?.name ?? "",
      "FALSE",
    ]);
  }
}

// ---------------------------------------------------------------------------------------------
// Zenodo deposit metadata (.zenodo.json)

/** Zenodo's contributor types (its deposit metadata, after DataCite); tests check against this list. */
export const ZENODO_CONTRIBUTOR_TYPES = [
  "ContactPerson", "DataCollector", "DataCurator", "DataManager", "Distributor", "Editor", "HostingInstitution", "Producer",
  "ProjectLeader", "ProjectManager", "ProjectMember", "RegistrationAgency", "RegistrationAuthority", "RelatedPerson",
  "Researcher", "ResearchGroup", "RightsHolder", "Supervisor", "Sponsor", "WorkPackageLeader", "Other",
] as const;
export type ZenodoContributorType = (typeof ZENODO_CONTRIBUTOR_TYPES)[number];

/** Each role's Zenodo contributor type (documented in the README). */
export const ZENODO_ROLE_TYPES: Record<ContributionRoleId, ZenodoContributorType> = {
  project_administration: "ProjectLeader",
  supervision: "Supervisor",
  mentoring: "Supervisor",
  data_curation: "DataCurator",
  investigation: "DataCollector",
  field_data_collection: "DataCollector",
  conceptualization: "Researcher",
  formal_analysis: "Researcher",
  methodology: "Researcher",
  software: "Researcher",
  validation: "Researcher",
  visualization: "Researcher",
  writing_original_draft: "Researcher",
  writing_review_editing: "Researcher",
  resources: "HostingInstitution",
  funding_acquisition: "Other",
  translation_interpretation: "Other",
  community_liaison: "Other",
  field_logistics: "Other",
  teaching_training: "Other",
  science_policy_translation: "Other",
};
/** When someone's roles map to several types, the first of these wins. */
const ZENODO_PRECEDENCE: readonly ZenodoContributorType[] = ["ProjectLeader", "Supervisor", "Researcher", "DataCurator", "DataCollector", "HostingInstitution", "Other"];

/** One contributor type for a person or institution: HostingInstitution only ever for institutions. */
export function zenodoType(kind: Credited["kind"], roles: Iterable<ContributionRoleId>): ZenodoContributorType {
  const types = new Set([...roles].map((r) => ZENODO_ROLE_TYPES[r]));
  if (kind === "person") types.delete("HostingInstitution");
  return ZENODO_PRECEDENCE.find((t) => types.has(t)) ?? "Other";
}

/** "Family, Given" as Zenodo wants it, when both are known; the name as given otherwise (never split by guess). */
const zenodoName = (e: Credited): string => (e.given && e.family ? `${oneLine(e.family)}, ${oneLine(e.given)}` : e.name);
const bareOrcid = (orcid: string | null) => orcid?.replace(/^https:\/\/orcid\.org\//, "");

/**
 * Creators: the people credited with a CRediT role (the authors of the CRediT statement). Contributors:
 * the people credited only with partnership roles, and institutions, each with one type from its roles.
 */
async function* zenodo(summary: ProjectSummary, contributions: ContributionSource): AsyncGenerator<string> {
  const { people, institutions } = await credited(contributions);
  const person = (e: Credited) => ({
    name: zenodoName(e),
    ...(e.affiliations[0] && { affiliation: oneLine(e.affiliations[0].name) }),
    ...(e.orcid && { orcid: bareOrcid(e.orcid) }),
  });
  const creators = people.filter((p) => creditRolesOf(p).length > 0).map(person);
  const contributors = [
    ...people.filter((p) => creditRolesOf(p).length === 0 && p.roles.size > 0).map((p) => ({ ...person(p), type: zenodoType("person", p.roles.keys()) })),
    ...institutions.filter((i) => i.roles.size > 0).map((i) => ({ name: i.name, type: zenodoType("institution", i.roles.keys()) })),
  ];
  const period = summary.period.from ? `${summary.period.from} – ${periodEnd(summary)}` : `– ${periodEnd(summary)}`;
  yield `${JSON.stringify({ title: `${oneLine(summary.project.name)}: contributions ${period}`, creators, contributors }, null, 2)}\n`;
}
