// From counts to what leads read: shares, the equity view and the compact chat rendering.
import type { Translator } from "../i18n/index.ts";
import { heading, info, list, note, text, type Block, type OutgoingMessage } from "../message.ts";
import type { EquityCount } from "../ports.ts";
import { ACKNOWLEDGEMENT_FORMS, CAREER_STAGES, KNOWLEDGE_FORMS } from "../vocabulary.ts";
import type { EquityRow, GroupBy, ProjectSummary, StatusCounts, SummaryGroup } from "./model.ts";
import { describePeriod, ROLE_MESSAGES } from "./terms.ts";

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/**
 * Shares of contributions, acknowledgements and lead roles per institution and career stage.
 * A group is flagged under-acknowledged when its share of acknowledgements is less than half its
 * share of contributions (and it made at least 3): a fact to look at, not a score.
 */
export function equityRows(counts: EquityCount[]): EquityRow[] {
  const rows: EquityRow[] = [];
  for (const dimension of ["institution", "career stage"] as const) {
    const group = counts.filter((c) => c.dimension === dimension);
    const total = { c: 0, a: 0, l: 0 };
    for (const g of group) {
      total.c += g.contributions;
      total.a += g.acknowledgements;
      total.l += g.leadRoles;
    }
    for (const g of group) {
      const contributionShare = share(g.contributions, total.c);
      const acknowledgementShare = share(g.acknowledgements, total.a);
      rows.push({
        dimension,
        label: g.label,
        ...(g.key !== undefined && { key: g.key }),
        contributions: g.contributions,
        contributionShare,
        acknowledgements: g.acknowledgements,
        acknowledgementShare,
        leadRoles: g.leadRoles,
        leadShare: share(g.leadRoles, total.l),
        underAcknowledged: g.contributions >= 3 && acknowledgementShare < contributionShare / 2,
      });
    }
  }
  return rows.sort((a, b) => (a.dimension === b.dimension ? b.contributions - a.contributions : a.dimension === "institution" ? -1 : 1));
}

/** "3 contributions (1 confirmed, 2 unconfirmed)": only the statuses there are. */
export const statusLine = (t: Translator, c: StatusCounts) => {
  const parts = [
    c.confirmed && t("summary.status.confirmed", { n: c.confirmed }),
    c.recorded && t("summary.status.recorded", { n: c.recorded }),
    c.disputed && t("summary.status.disputed", { n: c.disputed }),
  ].filter((p): p is string => Boolean(p));
  return t("summary.status", { total: c.total, statuses: t.list(parts, "unit") });
};

/** A vocabulary term from its id or its English label (the store gives labels), in the reader's language. */
function term(t: Translator, labels: Readonly<Record<string, string>>, messages: Readonly<Record<string, string>>, value: string): string {
  const id = Object.hasOwn(labels, value) ? value : Object.keys(labels).find((k) => labels[k] === value);
  return id ? t.text(messages[id] ?? value) : value;
}

/** A summary group's name: a person or an institution as named, a role or form of knowledge in the reader's language. */
export function groupLabel(t: Translator, by: GroupBy, g: Pick<SummaryGroup, "key" | "label">): string {
  if (!g.key) return t("summary.group.none", { by });
  const id = g.key.toLowerCase();
  if (by === "role" && Object.hasOwn(ROLE_MESSAGES, id)) return t(ROLE_MESSAGES[id as keyof typeof ROLE_MESSAGES]);
  if (by === "knowledge" && Object.hasOwn(KNOWLEDGE_FORMS.messages, id)) return t(KNOWLEDGE_FORMS.messages[id as keyof typeof KNOWLEDGE_FORMS.messages]);
  return g.label;
}

/** An equity row's name: an institution as named, a career stage in the reader's language. */
export function equityLabel(t: Translator, e: Pick<EquityRow, "dimension" | "key" | "label">): string {
  if (e.key === undefined) return e.label;
  if (e.key === null) return t("summary.equity.none", { dimension: e.dimension === "institution" ? "institution" : "stage" });
  if (e.dimension === "career stage" && Object.hasOwn(CAREER_STAGES.messages, e.key)) return t(CAREER_STAGES.messages[e.key as keyof typeof CAREER_STAGES.messages]);
  return e.label;
}

/** The forms of acknowledgement a person values (ids or English labels), in the reader's language. */
export const valuedForms = (t: Translator, forms: readonly string[]): string[] =>
  forms.map((f) => term(t, ACKNOWLEDGEMENT_FORMS.labels, ACKNOWLEDGEMENT_FORMS.messages, f));

export const equitySentence = (t: Translator, e: EquityRow) =>
  t("summary.equity.line", {
    group: equityLabel(t, e),
    contributions: t.percent(e.contributionShare),
    acknowledgements: t.percent(e.acknowledgementShare),
    lead: t.percent(e.leadShare),
    flagged: e.underAcknowledged ? "yes" : "no",
  });

function groupLine(t: Translator, by: GroupBy, g: SummaryGroup): string {
  const line = t("summary.group", { group: groupLabel(t, by, g), status: statusLine(t, g.contributions), kudos: g.acknowledgements, lead: g.leadRoles });
  if (!g.preferences) return line;
  const forms = t.list(valuedForms(t, g.preferences.forms), "unit");
  return g.preferences.note ? t("summary.group.valuesNote", { line, forms, note: g.preferences.note }) : t("summary.group.values", { line, forms });
}

export function renderSummary(t: Translator, s: ProjectSummary, scope: "project" | "own"): OutgoingMessage {
  const blocks: Block[] = [
    heading(t("summary.heading", { project: s.project.name, scope, period: describePeriod(t, s.period) })),
    text(t("summary.totals", { status: statusLine(t, s.totals), lead: s.totals.leadRoles, acknowledgements: s.totals.acknowledgements })),
  ];
  if (s.groups.length) blocks.push(text(t("summary.by", { by: s.by })), list(s.groups.map((g) => groupLine(t, s.by, g))));
  if (scope === "project" && s.equity.length) {
    const flagged = s.equity.filter((e) => e.underAcknowledged);
    blocks.push(text(t("summary.equity.heading")), list(s.equity.map((e) => equitySentence(t, e))));
    blocks.push(note(flagged.length ? t("summary.equity.flagged", { groups: t.list(flagged.map((e) => equityLabel(t, e)), "unit") }) : t("summary.equity.noneFlagged")));
  }
  if (s.totals.total === 0) blocks.push(note(t("summary.empty")));
  if (scope === "own") blocks.push(note(t("summary.own")));
  return info(...blocks);
}
