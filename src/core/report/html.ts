// The partnership report as one self-contained HTML document: inline CSS, inline SVG charts, no
// script, no external resource, readable on a phone and printable. Every word comes from the
// message catalogue in the reader's language; every name (project, institution) is escaped.
//
// Each chart is an <svg role="img"> named by its caption (aria-labelledby) and described by a
// table of its exact figures (aria-describedby), visible under it. The tables carry their numbers
// as data-value attributes too (data-table / data-key / data-col), so tests and anyone who wants
// to reuse the figures can read them without parsing localised numbers.
import type { Translator } from "../i18n/index.ts";
import type { ChartRenderer, ChartSpec } from "../ports.ts";
import { CREDIT_ROLES, KNOWLEDGE_FORMS, PARTNERSHIP_ROLES, CAPACITY_CATEGORIES, type CapacityCategory } from "../vocabulary.ts";
import { MIN_GROUP, type GroupParts } from "../capacity/aggregate.ts";
import type { ContributionRoleId, EquityRow } from "../credit/model.ts";
import { localDate } from "../credit/terms.ts";
import { COLOURS, horizontalBars, timeColumns, type Series } from "./charts.ts";
import { bucketsFor, dataMonths, type Buckets, type ReportData } from "./data.ts";

// ---------------------------------------------------------------------------------------------
// Escaping: every interpolated value is text unless it is already Html.

class Html {
  constructor(readonly html: string) {}
  toString() {
    return this.html;
  }
}
type Part = Html | string | number | null | undefined | false | readonly Part[];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text as HTML text or attribute value: the five special characters escaped, control characters dropped. */
export const escapeHtml = (value: string): string => value.replace(CONTROL, "").replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);

const part = (p: Part): string =>
  p instanceof Html ? p.html : Array.isArray(p) ? p.map(part).join("") : p === null || p === undefined || p === false ? "" : escapeHtml(String(p));

/** A template whose values are escaped unless they are Html: h`<td>${name}</td>`. */
function h(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += part(v) + strings[i + 1]!));
  return new Html(out);
}

// ---------------------------------------------------------------------------------------------
// Tables and figures

interface Column {
  /** Stable identifier (data-col), e.g. "contributions" or a month "2026-03". */
  id: string;
  header: string;
  numeric?: boolean;
}

interface Row {
  /** Stable identifier (data-key): an institution id, a career stage id, a role id…; "" for none. */
  key: string;
  label: string;
  cells: ReadonlyArray<{ value: number | string; text: string }>;
}

const num = (t: Translator, n: number) => ({ value: n, text: t.number(n) });
const pct = (t: Translator, x: number) => ({ value: Math.round(x * 10_000) / 10_000, text: t.percent(x) });

function table(name: string, id: string, caption: string, first: string, columns: readonly Column[], rows: readonly Row[]): Html {
  return h`<div class="table-wrap"><table id="${id}" data-table="${name}">
<caption>${caption}</caption>
<thead><tr><th scope="col">${first}</th>${columns.map((c) => h`<th scope="col" class="${c.numeric === false ? "" : "num"}">${c.header}</th>`)}</tr></thead>
<tbody>
${rows.map(
  (r) =>
    h`<tr data-key="${r.key}"><th scope="row">${r.label}</th>${r.cells.map(
      (c, i) => h`<td class="${columns[i]?.numeric === false ? "" : "num"}" data-col="${columns[i]?.id ?? ""}" data-value="${String(c.value)}">${c.text}</td>`,
    )}</tr>\n`,
)}</tbody></table></div>`;
}

/**
 * The renderer's SVG, made responsive (viewBox, width 100%, at most its drawn width) and accessible:
 * role="img", named by the caption and described by the data table.
 */
export function embedSvg(svg: string, labelledBy: string, describedBy: string): Html {
  const body = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, "");
  const open = /^<svg\b([^>]*)>/.exec(body);
  if (!open) throw new Error("the chart renderer returned no <svg> element");
  let attrs = open[1]!;
  const width = /\swidth="([\d.]+)"/.exec(attrs)?.[1];
  const height = /\sheight="([\d.]+)"/.exec(attrs)?.[1];
  attrs = attrs.replace(/\s(width|height|class|role|aria-[a-z-]+)="[^"]*"/g, "");
  if (!/\sviewBox=/.test(attrs) && width && height) attrs += ` viewBox="0 0 ${width} ${height}"`;
  const style = width ? ` style="max-width:${Number(width)}px"` : "";
  const tag = `<svg${attrs} width="100%" preserveAspectRatio="xMinYMin meet" role="img" focusable="false" aria-labelledby="${escapeHtml(labelledBy)}" aria-describedby="${escapeHtml(describedBy)}"${style}>`;
  return new Html(tag + body.slice(open[0].length));
}

class Figures {
  private count = 0;
  private readonly pending: Array<{ spec: ChartSpec; slot: string; labelledBy: string; describedBy: string }> = [];
  constructor(private readonly t: Translator) {}

  /** A chart with its caption and its table of figures; the SVG is drawn later (see drawn). */
  add(caption: string, spec: ChartSpec, tableOf: (id: string, caption: string) => Html): Html {
    const n = ++this.count;
    const id = `figure-${n}`;
    const slot = `\u0000chart-${n}\u0000`;
    this.pending.push({ spec, slot, labelledBy: `${id}-caption`, describedBy: `${id}-data` });
    return h`<figure id="${id}" class="chart">
${new Html(slot)}
<figcaption id="${id}-caption">${this.t("report.figure", { n, caption })}</figcaption>
${tableOf(`${id}-data`, this.t("report.figureData", { n }))}
</figure>`;
  }

  /** The document with every chart drawn in its place. */
  async drawn(doc: Html, charts: ChartRenderer): Promise<string> {
    const svgs = await Promise.all(this.pending.map((p) => charts.svg(p.spec)));
    let out = doc.html;
    // A function, not a string: "$&" in a label must not read as a replacement pattern.
    this.pending.forEach((p, i) => (out = out.replace(p.slot, () => embedSvg(svgs[i]!, p.labelledBy, p.describedBy).html)));
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Labels

const CREDIT_IDS: ReadonlySet<string> = new Set(CREDIT_ROLES.ids);
const ROLE_ORDER = [...CREDIT_ROLES.ids, ...PARTNERSHIP_ROLES.ids] as ContributionRoleId[];

/** CRediT roles keep their official (English) names; the partnership roles are worded. */
const roleLabel = (t: Translator, role: string) =>
  CREDIT_IDS.has(role) ? CREDIT_ROLES.labels[role as keyof typeof CREDIT_ROLES.labels] : t("report.partnershipRole", { role });

const equityLabel = (t: Translator, r: EquityRow) => {
  if (r.key === undefined) return r.label;
  if (r.dimension === "institution") return r.key === null ? t("report.noInstitution") : r.label;
  return r.key === null ? t("report.noStage") : t("report.stage", { stage: r.key });
};

const groupLabel = (t: Translator, parts: GroupParts) => {
  if (parts.kind === "other-members") return t("report.needs.otherMembers");
  const institution = parts.institution ?? t("report.needs.noInstitution");
  const stage =
    parts.stage === null
      ? t("report.needs.noStage")
      : parts.stage === "other-stages"
        ? t("report.needs.otherStages")
        : parts.stage === "several-stages"
          ? t("report.needs.severalStages")
          : t("report.stage", { stage: parts.stage });
  return t("report.needs.group", { institution, stage });
};

function bucketLabel(t: Translator, buckets: Buckets, key: string): string {
  if (buckets.unit === "month") return t("report.month", { month: new Date(`${key}-15T12:00:00Z`) });
  if (buckets.unit === "quarter") return t("report.quarter", { quarter: key.slice(6), year: key.slice(0, 4) });
  return key;
}

// ---------------------------------------------------------------------------------------------
// The document

export interface ReportOptions {
  t: Translator;
  charts: ChartRenderer;
  /** The reader's time zone, for the date the report was made. */
  timeZone: string | null;
}

export async function renderReport(d: ReportData, { t, charts, timeZone }: ReportOptions): Promise<string> {
  const figures = new Figures(t);
  const buckets = bucketsFor(d.period, dataMonths(d));
  const unit = buckets.unit;
  const labelOf = new Map(buckets.keys.map((k) => [k, bucketLabel(t, buckets, k)]));
  const bucketColumns: Column[] = buckets.keys.map((k) => ({ id: k, header: labelOf.get(k)! }));
  const title = t("report.title", { project: d.project.name });
  const { from, to } = d.period;
  const today = localDate(d.generatedAt, timeZone);
  const periodText =
    from && to
      ? t("report.period.range", { from: t.date(from, "long"), to: t.date(to, "long") })
      : from
        ? t("report.period.since", { from: t.date(from, "long"), to: t.date(today, "long") })
        : to
          ? t("report.period.until", { to: t.date(to, "long") })
          : t("report.period.all", { to: t.date(today, "long") });

  const sections: Array<{ id: string; title: string; body: Html }> = [];
  const section = (id: string, titleText: string, body: Html) => sections.push({ id, title: titleText, body });
  const p = (text: string, cls?: string) => h`<p${cls ? h` class="${cls}"` : ""}>${text}</p>\n`;
  const facts = (items: readonly string[]) => h`<ul class="facts">${items.map((i) => h`<li>${i}</li>`)}</ul>\n`;

  // -- At a glance
  const institutions = d.equity.filter((e) => e.dimension === "institution" && e.key !== null && e.contributions + e.acknowledgements > 0).length;
  const reflection = d.participation.reduce((a, m) => ({ sent: a.sent + m.sent, answered: a.answered + m.answered }), { sent: 0, answered: 0 });
  const checkIns = d.mentorship.activity.months.reduce((n, m) => n + m.checkIns, 0);
  section(
    "glance",
    t("report.glance.title"),
    h`${p(t("report.intro"))}${facts([
      t("report.glance.contributions", { total: d.totals.total, confirmed: d.totals.confirmed, recorded: d.totals.recorded, disputed: d.totals.disputed }),
      t("report.glance.lead", { n: d.totals.leadRoles }),
      t("report.glance.acknowledgements", { n: d.totals.acknowledgements }),
      t("report.glance.institutions", { n: institutions }),
      t("report.glance.mentorship", { pairs: d.mentorship.pairs, checkIns }),
      t("report.glance.reflection", { answered: reflection.answered, sent: reflection.sent }),
    ])}`,
  );

  // -- Contributions and acknowledgements, by institution and by career stage, and the equity flags
  {
    const measures: Series[] = [
      { label: t("report.measure.contributions"), colour: COLOURS.blue },
      { label: t("report.measure.acknowledgements"), colour: COLOURS.orange },
    ];
    const parts: Html[] = [p(t("report.credit.intro"))];
    for (const dimension of ["institution", "career stage"] as const) {
      const rows = d.equity.filter((e) => e.dimension === dimension);
      if (rows.length === 0) continue;
      const labels = rows.map((r) => equityLabel(t, r));
      const caption = dimension === "institution" ? t("report.credit.byInstitution") : t("report.credit.byStage");
      const spec = horizontalBars({
        lang: t.lang,
        groups: labels,
        series: measures,
        values: rows.flatMap((r, i) => [
          { group: labels[i]!, series: measures[0]!.label, value: r.contributionShare },
          { group: labels[i]!, series: measures[1]!.label, value: r.acknowledgementShare },
        ]),
        layout: "grouped",
        axisTitle: t("report.axis.share"),
        format: ".0%",
      });
      const columns: Column[] = [
        { id: "contributions", header: t("report.col.contributions") },
        { id: "contributionShare", header: t("report.col.share") },
        { id: "acknowledgements", header: t("report.col.acknowledgements") },
        { id: "acknowledgementShare", header: t("report.col.share") },
        { id: "leadRoles", header: t("report.col.leadDegree") },
        { id: "leadShare", header: t("report.col.share") },
        { id: "underAcknowledged", header: t("report.col.flag"), numeric: false },
      ];
      const tableRows: Row[] = rows.map((r, i) => ({
        key: r.key ?? "",
        label: labels[i]!,
        cells: [
          num(t, r.contributions),
          pct(t, r.contributionShare),
          num(t, r.acknowledgements),
          pct(t, r.acknowledgementShare),
          num(t, r.leadRoles),
          pct(t, r.leadShare),
          { value: r.underAcknowledged ? "yes" : "no", text: r.underAcknowledged ? t("report.flagged") : "–" },
        ],
      }));
      const name = dimension === "institution" ? "equity-institution" : "equity-career-stage";
      parts.push(
        h`<h3>${dimension === "institution" ? t("report.credit.institutionTitle") : t("report.credit.stageTitle")}</h3>\n`,
        figures.add(caption, spec, (id, c) => table(name, id, c, dimension === "institution" ? t("report.col.institution") : t("report.col.stage"), columns, tableRows)),
      );
    }
    if (d.equity.length === 0) parts.push(p(t("report.credit.empty"), "note"));
    const flagged = d.equity.filter((e) => e.underAcknowledged);
    parts.push(
      h`<h3 id="equity-flags">${t("report.equity.title")}</h3>\n`,
      p(t("report.equity.rule")),
      flagged.length
        ? h`<ul class="facts flags">${flagged.map(
            (e) =>
              h`<li>${t("report.equity.flag", {
                group: equityLabel(t, e),
                dimension: e.dimension === "institution" ? "institution" : "stage",
                contributionShare: t.percent(e.contributionShare),
                acknowledgementShare: t.percent(e.acknowledgementShare),
              })}</li>`,
          )}</ul>\n`
        : p(t("report.equity.none")),
    );
    section("credit", t("report.credit.title"), h`${parts}`);
  }

  // -- Who leads: lead-degree contributions by institution and role
  {
    const parts: Html[] = [p(t("report.lead.intro"))];
    if (d.leadRoles.length === 0) parts.push(p(t("report.lead.empty"), "note"));
    else {
      const institutionLabel = (id: string | null, name: string | null) => (id === null ? t("report.noInstitution") : (name ?? id));
      const totals = new Map<string, { label: string; n: number }>();
      for (const r of d.leadRoles) {
        const k = r.institutionId ?? "";
        const entry = totals.get(k) ?? { label: institutionLabel(r.institutionId, r.institution), n: 0 };
        entry.n += r.contributions;
        totals.set(k, entry);
      }
      const order = [...totals.entries()].sort((a, b) => b[1].n - a[1].n || a[1].label.localeCompare(b[1].label));
      const roles = ROLE_ORDER.filter((r) => d.leadRoles.some((l) => l.role === r));
      const series = roles.map((r) => ({ label: roleLabel(t, r), colour: roleColour(r) }));
      const spec = horizontalBars({
        lang: t.lang,
        groups: order.map(([, v]) => v.label),
        series,
        values: d.leadRoles.map((l) => ({ group: totals.get(l.institutionId ?? "")!.label, series: roleLabel(t, l.role), value: l.contributions })),
        layout: "stacked",
        axisTitle: t("report.axis.leadRoles"),
        format: "d",
      });
      // One row per institution: its lead-degree contributions (as in the equity view), then one column
      // per role led (only roles someone led).
      const cells = new Map(d.leadRoles.map((l) => [`${l.institutionId ?? ""}/${l.role}`, l.contributions]));
      const leadOf = new Map(d.equity.filter((e) => e.dimension === "institution").map((e) => [e.key ?? "", e.leadRoles]));
      const columns: Column[] = [{ id: "leadRoles", header: t("report.col.leadContributions") }, ...roles.map((r) => ({ id: r, header: roleLabel(t, r) }))];
      const rows: Row[] = order.map(([k, v]) => ({
        key: k,
        label: v.label,
        cells: [num(t, leadOf.get(k) ?? 0), ...roles.map((r) => num(t, cells.get(`${k}/${r}`) ?? 0))],
      }));
      parts.push(figures.add(t("report.lead.caption"), spec, (id, c) => table("lead-roles", id, c, t("report.col.institution"), columns, rows)));
    }
    section("lead", t("report.lead.title"), h`${parts}`);
  }

  // -- Roles and forms of knowledge over time
  {
    const parts: Html[] = [p(t("report.time.intro", { unit }))];
    const total = d.timeline.contributions.filter((c) => c.key === "all").reduce((n, c) => n + c.n, 0);
    if (total === 0 || buckets.keys.length === 0) parts.push(p(t("report.time.empty"), "note"));
    else {
      const matrix = (rows: ReadonlyArray<{ month: string; key: string; n: number }>, keys: readonly string[]) => {
        const cells = new Map<string, number>();
        for (const r of rows) cells.set(`${r.key}|${buckets.of(r.month)}`, (cells.get(`${r.key}|${buckets.of(r.month)}`) ?? 0) + r.n);
        return keys.map((key) => ({ key, counts: buckets.keys.map((b) => cells.get(`${key}|${b}`) ?? 0) }));
      };
      const chartAndTable = (name: string, caption: string, first: string, series: Array<{ key: string; label: string; colour?: string }>, rows: ReturnType<typeof matrix>) => {
        const spec = timeColumns({
          lang: t.lang,
          buckets: buckets.keys.map((k) => labelOf.get(k)!),
          series: series.map((s) => ({ label: s.label, ...(s.colour && { colour: s.colour }) })),
          values: rows.flatMap((r, i) => r.counts.map((n, j) => ({ bucket: labelOf.get(buckets.keys[j]!)!, series: series[i]!.label, value: n }))),
          axisTitle: t("report.axis.contributions"),
        });
        const columns = [...bucketColumns, { id: "total", header: t("report.col.total") }];
        const tableRows: Row[] = rows.map((r, i) => ({
          key: r.key,
          label: series[i]!.label,
          cells: [...r.counts.map((n) => num(t, n)), num(t, r.counts.reduce((a, b) => a + b, 0))],
        }));
        return figures.add(caption, spec, (id, c) => table(name, id, c, first, columns, tableRows));
      };
      const roleKeys = ROLE_ORDER.filter((r) => d.timeline.roles.some((x) => x.key === r));
      parts.push(
        h`<h3>${t("report.time.rolesTitle")}</h3>\n`,
        chartAndTable(
          "roles-over-time",
          t("report.time.roles", { unit }),
          t("report.col.role"),
          roleKeys.map((r) => ({ key: r, label: roleLabel(t, r), colour: roleColour(r) })),
          matrix(d.timeline.roles, roleKeys),
        ),
      );
      const knowledgeColours = [COLOURS.blue, COLOURS.orange, COLOURS.green, COLOURS.vermillion, COLOURS.purple];
      const forms = KNOWLEDGE_FORMS.ids.map((k, i) => ({ key: k as string, label: t("report.knowledge", { form: k }), colour: knowledgeColours[i]! }));
      const rows = matrix([...d.timeline.knowledge, ...d.timeline.contributions.filter((c) => c.key === "none")], [...forms.map((f) => f.key), "none"]);
      const present = rows.map((r, i) => [r, [...forms, { key: "none", label: t("report.time.noKnowledge"), colour: COLOURS.grey }][i]!] as const).filter(([r]) => r.counts.some((n) => n > 0));
      parts.push(
        h`<h3>${t("report.time.knowledgeTitle")}</h3>\n`,
        chartAndTable(
          "knowledge-over-time",
          t("report.time.knowledge", { unit }),
          t("report.col.knowledge"),
          present.map(([, s]) => s),
          present.map(([r]) => r),
        ),
      );
    }
    section("time", t("report.time.title"), h`${parts}`);
  }

  // -- Forms of acknowledgement members value
  {
    const parts: Html[] = [p(t("report.valued.intro", { people: d.valued.people, members: d.project.members }))];
    if (d.valued.forms.length) {
      const series: Series[] = [
        { label: t("report.measure.valuedMost"), colour: COLOURS.green },
        { label: t("report.measure.alsoValued"), colour: "#A6DBC8" },
      ];
      const labels = d.valued.forms.map((f) => t("report.ackForm", { form: f.form }));
      const spec = horizontalBars({
        lang: t.lang,
        groups: labels,
        series,
        values: d.valued.forms.flatMap((f, i) => [
          { group: labels[i]!, series: series[0]!.label, value: f.first },
          { group: labels[i]!, series: series[1]!.label, value: f.people - f.first },
        ]),
        layout: "stacked",
        axisTitle: t("report.axis.members"),
        format: "d",
      });
      const rows: Row[] = d.valued.forms.map((f, i) => ({ key: f.form, label: labels[i]!, cells: [num(t, f.people), num(t, f.first)] }));
      parts.push(
        figures.add(t("report.valued.caption"), spec, (id, c) =>
          table("valued-forms", id, c, t("report.col.form"), [{ id: "people", header: t("report.col.members") }, { id: "first", header: t("report.col.valuedMost") }], rows),
        ),
      );
    }
    section("valued", t("report.valued.title"), h`${parts}`);
  }

  // -- Mentorship: counts only
  {
    const m = d.mentorship;
    const months = m.activity.months;
    const sum = (k: "checkIns" | "confirmed" | "skipped") => months.reduce((n, x) => n + x[k], 0);
    const parts: Html[] = [p(t("report.mentorship.intro"))];
    if (m.pairs === 0 && months.length === 0) parts.push(p(t("report.mentorship.empty"), "note"));
    else {
      parts.push(
        facts([
          t("report.mentorship.pairs", { n: m.pairs, active: m.activeNow, ended: m.ended }),
          t("report.mentorship.crossInstitution", { n: m.crossInstitution }),
          t("report.mentorship.checkIns", { n: sum("checkIns"), confirmed: sum("confirmed"), skipped: sum("skipped") }),
          t("report.mentorship.overdue", { stretches: m.activity.overdue.stretches, leads: m.activity.overdue.reachedLeads }),
          t("report.mentorship.overdueNow", { n: m.overdueNow }),
        ]),
      );
      if (months.length && buckets.keys.length) {
        const per = new Map(buckets.keys.map((k) => [k, { checkIns: 0, confirmed: 0, skipped: 0 }]));
        for (const x of months) {
          const b = per.get(buckets.of(x.month));
          if (!b) continue;
          b.checkIns += x.checkIns;
          b.confirmed += x.confirmed;
          b.skipped += x.skipped;
        }
        const series = [
          { label: t("report.measure.confirmed"), colour: COLOURS.blue },
          { label: t("report.measure.unconfirmed"), colour: COLOURS.sky },
          { label: t("report.measure.skipped"), colour: COLOURS.grey },
        ];
        const spec = timeColumns({
          lang: t.lang,
          buckets: buckets.keys.map((k) => labelOf.get(k)!),
          series,
          values: [...per].flatMap(([k, v]) => [
            { bucket: labelOf.get(k)!, series: series[0]!.label, value: v.confirmed },
            { bucket: labelOf.get(k)!, series: series[1]!.label, value: v.checkIns - v.confirmed },
            { bucket: labelOf.get(k)!, series: series[2]!.label, value: v.skipped },
          ]),
          axisTitle: t("report.axis.checkIns"),
        });
        const rows: Row[] = [...per].map(([k, v]) => ({ key: k, label: labelOf.get(k)!, cells: [num(t, v.checkIns), num(t, v.confirmed), num(t, v.skipped)] }));
        parts.push(
          figures.add(t("report.mentorship.caption", { unit }), spec, (id, c) =>
            table(
              "check-ins",
              id,
              c,
              t("report.col.period"),
              [
                { id: "checkIns", header: t("report.col.checkIns") },
                { id: "confirmed", header: t("report.col.confirmed") },
                { id: "skipped", header: t("report.col.skipped") },
              ],
              rows,
            ),
          ),
        );
      }
    }
    section("mentorship", t("report.mentorship.title"), h`${parts}`);
  }

  // -- Capacity needs: the needs plan's aggregate, never a group under MIN_GROUP, never a stated need
  {
    const n = d.needs;
    const parts: Html[] = [p(t("report.needs.intro", { min: MIN_GROUP })), p(t("report.needs.respondents", { respondents: n.respondents, members: n.members }))];
    if (n.suppressed) parts.push(p(t("report.needs.suppressed", { min: MIN_GROUP }), "note"));
    else {
      const categoryLabel = (c: CapacityCategory) => t("report.category", { category: c });
      const labels = n.categories.map((c) => categoryLabel(c.category));
      const series: Series[] = [{ label: t("report.measure.withNeed"), colour: COLOURS.purple }];
      const spec = horizontalBars({
        lang: t.lang,
        groups: labels,
        series,
        values: n.categories.map((c, i) => ({ group: labels[i]!, series: series[0]!.label, value: c.people })),
        layout: "stacked",
        axisTitle: t("report.axis.members"),
        format: "d",
      });
      const rows: Row[] = n.categories.map((c, i) => ({
        key: c.category,
        label: labels[i]!,
        cells: [num(t, c.people), num(t, c.byPriority[1]), num(t, c.byPriority[2]), num(t, c.byPriority[3])],
      }));
      parts.push(
        figures.add(t("report.needs.caption"), spec, (id, c) =>
          table(
            "needs-by-category",
            id,
            c,
            t("report.col.category"),
            [
              { id: "people", header: t("report.col.withNeed") },
              { id: "high", header: t("report.col.high") },
              { id: "medium", header: t("report.col.medium") },
              { id: "low", header: t("report.col.low") },
            ],
            rows,
          ),
        ),
      );
      const groupRows: Row[] = n.groups.map((g) => ({
        key: g.parts.kind === "other-members" ? "other-members" : `${g.parts.institution ?? ""}/${g.parts.stage ?? ""}`,
        label: groupLabel(t, g.parts),
        cells: [num(t, g.people), ...CAPACITY_CATEGORIES.ids.map((c) => num(t, g.categories.find((x) => x.category === c)?.people ?? 0))],
      }));
      parts.push(
        table(
          "needs-by-group",
          "needs-groups",
          t("report.needs.groupsCaption", { min: MIN_GROUP }),
          t("report.col.group"),
          [{ id: "people", header: t("report.col.respondents") }, ...CAPACITY_CATEGORIES.ids.map((c) => ({ id: c, header: categoryLabel(c) }))],
          groupRows,
        ),
      );
    }
    section("needs", t("report.needs.title"), h`${parts}`);
  }

  // -- Reflection: participation counts only
  {
    const parts: Html[] = [p(t("report.reflection.intro"))];
    const total = d.participation.reduce(
      (a, m) => ({ sent: a.sent + m.sent, answered: a.answered + m.answered, shared: a.shared + m.shared, anonymous: a.anonymous + m.anonymous, skipped: a.skipped + m.skipped }),
      { sent: 0, answered: 0, shared: 0, anonymous: 0, skipped: 0 },
    );
    if (total.sent === 0) parts.push(p(t("report.reflection.empty"), "note"));
    else {
      parts.push(
        facts([
          t("report.reflection.totals", { sent: total.sent, answered: total.answered, rate: t.percent(total.answered / total.sent), skipped: total.skipped }),
          t("report.reflection.visibility", { shared: total.shared, anonymous: total.anonymous, private: total.answered - total.shared - total.anonymous }),
        ]),
      );
      const per = new Map(buckets.keys.map((k) => [k, { sent: 0, answered: 0, shared: 0, anonymous: 0, skipped: 0 }]));
      for (const m of d.participation) {
        const b = per.get(buckets.of(m.month));
        if (!b) continue;
        for (const k of ["sent", "answered", "shared", "anonymous", "skipped"] as const) b[k] += m[k];
      }
      const series = [
        { label: t("report.measure.shared"), colour: COLOURS.green },
        { label: t("report.measure.anonymous"), colour: COLOURS.sky },
        { label: t("report.measure.private"), colour: COLOURS.blue },
        { label: t("report.measure.skippedPrompt"), colour: COLOURS.orange },
        { label: t("report.measure.noAnswer"), colour: COLOURS.lightGrey },
      ];
      const spec = timeColumns({
        lang: t.lang,
        buckets: buckets.keys.map((k) => labelOf.get(k)!),
        series,
        values: [...per].flatMap(([k, v]) =>
          [v.shared, v.anonymous, v.answered - v.shared - v.anonymous, v.skipped, v.sent - v.answered - v.skipped].map((value, i) => ({ bucket: labelOf.get(k)!, series: series[i]!.label, value })),
        ),
        axisTitle: t("report.axis.prompts"),
      });
      const rows: Row[] = [...per].map(([k, v]) => ({
        key: k,
        label: labelOf.get(k)!,
        cells: [num(t, v.sent), num(t, v.answered), num(t, v.shared), num(t, v.anonymous), num(t, v.skipped)],
      }));
      parts.push(
        figures.add(t("report.reflection.caption", { unit }), spec, (id, c) =>
          table(
            "reflection",
            id,
            c,
            t("report.col.period"),
            [
              { id: "sent", header: t("report.col.sent") },
              { id: "answered", header: t("report.col.answered") },
              { id: "shared", header: t("report.col.shared") },
              { id: "anonymous", header: t("report.col.anonymous") },
              { id: "skipped", header: t("report.col.skippedPrompts") },
            ],
            rows,
          ),
        ),
      );
    }
    section("reflection", t("report.reflection.title"), h`${parts}`);
  }

  // -- For discussion, and how the figures were made
  section(
    "discuss",
    t("report.discuss.title"),
    h`${p(t("report.discuss.intro"))}<ol class="questions">${DISCUSSION.map((id) => h`<li>${t(id)}</li>`)}</ol>\n`,
  );
  section("about", t("report.about.title"), h`${p(t("report.about.sources"))}${p(t("report.about.privacy"))}${p(t("report.about.vocabulary"))}`);

  const doc = h`<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Mutual">
<title>${title}</title>
<style>${new Html(CSS)}</style>
</head>
<body>
<main>
<header class="title">
<h1>${title}</h1>
<p class="subtitle">${periodText}</p>
<p class="note">${t("report.generated", { date: t.date(d.generatedAt, "long", timeZone) })}</p>
</header>
<nav aria-labelledby="contents"><h2 id="contents">${t("report.contents")}</h2><ol>${sections.map((s) => h`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>
${sections.map((s) => h`<section id="${s.id}" aria-labelledby="${s.id}-title">\n<h2 id="${s.id}-title">${s.title}</h2>\n${s.body}</section>\n`)}
</main>
</body>
</html>
`;
  return figures.drawn(doc, charts);
}

const DISCUSSION = [
  "report.discuss.knowledge",
  "report.discuss.leading",
  "report.discuss.valued",
  "report.discuss.gaps",
  "report.discuss.recording",
  "report.discuss.mentoring",
  "report.discuss.capacity",
  "report.discuss.outputs",
] as const;

/** Vega's "tableau20" colours, for the many roles: each role keeps its colour in every chart. */
const TABLEAU20 = [
  "#4c78a8", "#9ecae9", "#f58518", "#ffbf79", "#54a24b", "#88d27a", "#b79a20", "#f2cf5b", "#439894", "#83bcb6",
  "#e45756", "#ff9d98", "#79706e", "#bab0ac", "#d67195", "#fcbfd2", "#b279a2", "#d6a5c9", "#9e765f", "#d8b5a5",
];
const roleColour = (role: ContributionRoleId) => TABLEAU20[ROLE_ORDER.indexOf(role) % TABLEAU20.length]!;

const CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --accent: #0072B2; --flag: #9a3412; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
header.title { border-bottom: 3px solid var(--accent); padding-bottom: .75rem; margin-bottom: 1rem; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: 0 0 .35rem; overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; line-height: 1.25; margin: 2.25rem 0 .5rem; padding-top: .75rem; border-top: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .4rem; }
nav h2 { border: 0; margin-top: 1rem; font-size: 1.1rem; }
nav ol { columns: 2; column-gap: 2rem; padding-left: 1.4rem; margin: 0; }
a { color: var(--accent); }
p { margin: .5rem 0; max-width: 46rem; }
.subtitle { font-size: 1.1rem; color: var(--muted); margin: 0; }
.note { color: var(--muted); font-size: .9rem; }
ul.facts { padding-left: 1.3rem; margin: .5rem 0 1rem; }
ul.facts li { margin: .2rem 0; }
ul.flags li { color: var(--flag); }
ol.questions { padding-left: 1.4rem; }
ol.questions li { margin: .45rem 0; max-width: 46rem; }
figure { margin: 1rem 0 1.75rem; }
figure svg { display: block; height: auto; }
figcaption { font-weight: 600; margin: .4rem 0 .2rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-size: .85rem; margin: .25rem 0 1rem; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: .85rem; padding: 0 0 .25rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
tbody th { font-weight: normal; min-width: 10rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: 1rem .75rem 2rem; }
  h1 { font-size: 1.45rem; }
  nav ol { columns: 1; }
  th, td { padding: .2rem .4rem; }
}
@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  table { font-size: 8pt; }
  th, td { padding: .1rem .3rem; }
  tbody th { min-width: 0; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, figcaption, caption { break-after: avoid; page-break-after: avoid; }
  figure, table, tr, ul.facts { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
