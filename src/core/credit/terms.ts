// Reading what people type for roles, forms of knowledge and of acknowledgement, dates and periods.
import { fail, UserError } from "../errors.ts";
import { closest, didYouMeanText, matchVocabulary } from "../matching.ts";
import { ACKNOWLEDGEMENT_FORMS, CREDIT_ROLES, KNOWLEDGE_FORMS, PARTNERSHIP_ROLES } from "../vocabulary.ts";
import type { ContributionRoleId, ContributionStatus, KnowledgeFormId, Period } from "./model.ts";

export const ROLE_LABELS: Record<ContributionRoleId, string> = { ...CREDIT_ROLES.labels, ...PARTNERSHIP_ROLES.labels };

/** How a status reads to people: "recorded" means nobody has confirmed it yet. */
export const STATUS_LABELS: Record<ContributionStatus, string> = { recorded: "unconfirmed", confirmed: "confirmed", disputed: "disputed" };

const ROLE_ALIASES: Record<string, ContributionRoleId> = {
  translation: "translation_interpretation",
  interpretation: "translation_interpretation",
  "policy translation": "science_policy_translation",
  "fieldwork": "field_data_collection",
  "data collection": "field_data_collection",
  logistics: "field_logistics",
  teaching: "teaching_training",
  training: "teaching_training",
  "original draft": "writing_original_draft",
  "review editing": "writing_review_editing",
  "review and editing": "writing_review_editing",
  analysis: "formal_analysis",
  funding: "funding_acquisition",
  admin: "project_administration",
  visualisation: "visualization",
  conceptualisation: "conceptualization",
};

const KNOWLEDGE_ALIASES: Record<string, KnowledgeFormId> = {
  academic: "disciplinary",
  indigenous: "indigenous_local",
  local: "indigenous_local",
  "local knowledge": "indigenous_local",
  practical: "practical_action",
  "non academic": "non_academic_expertise",
  lived: "lived_experience",
};

const ACK_ALIASES: Record<string, (typeof ACKNOWLEDGEMENT_FORMS.ids)[number]> = {
  "data credit": "dataset_credit",
  "public recognition": "team_recognition",
  recognition: "team_recognition",
  "degree step": "career_step",
  "career step": "career_step",
  leadership: "leadership_role",
  presenting: "presenting_findings",
  acknowledgement: "named_acknowledgement",
  "co design": "co_design",
};

/** "data curation; Investigation, writing review editing" → ids, in the order given, without repeats. */
export function matchList<Id extends string>(input: string, labels: Record<Id, string>, aliases: Partial<Record<string, Id>>, what: string, plural: string): Id[] {
  const ids: Id[] = [];
  for (const part of input.split(/[,;]+/).map((p) => p.trim()).filter(Boolean)) {
    const id = matchVocabulary(part, labels, aliases);
    if (!id) {
      const suggestion = closest(part, [...Object.values<string>(labels), ...Object.keys(aliases)]);
      const known = matchVocabulary(suggestion ?? "", labels, aliases);
      throw new UserError(`"${part}" is not a ${what} I know.${didYouMeanText(known ? labels[known] : undefined)}`, `${plural}: ${Object.values<string>(labels).join(", ")}.`);
    }
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) throw new UserError(`Name at least one ${what}.`);
  return ids;
}

export const parseRoles = (input: string) => matchList(input, ROLE_LABELS, ROLE_ALIASES, "role", "Roles");
export const parseKnowledgeForms = (input: string) => matchList(input, KNOWLEDGE_FORMS.labels, KNOWLEDGE_ALIASES, "form of knowledge", "Forms of knowledge");
export const parseAcknowledgementForms = (input: string) =>
  matchList(input, ACKNOWLEDGEMENT_FORMS.labels, ACK_ALIASES, "form of acknowledgement", "Forms of acknowledgement");

/** Today's date where the person is (YYYY-MM-DD). */
export function localDate(now: Date, timeZone: string | null): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timeZone ?? "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The dates Mutual accepts: a record of research partnerships, not of antiquity or the far future. */
export const DATE_RANGE = { min: "1900-01-01", max: "2199-12-31" } as const;

/** A calendar date, strictly YYYY-MM-DD, real (no 2026-02-30) and within DATE_RANGE. */
export function parseDate(input: string, label = "date"): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) {
    throw new UserError(`${label} must be a date written YYYY-MM-DD (got "${input}").`);
  }
  // Date.UTC reads years 0–99 as 1900–1999, and PostgreSQL refuses year 0: both stay out.
  if (m[0] < DATE_RANGE.min || m[0] > DATE_RANGE.max) fail("date.outOfRange", { option: label, ...DATE_RANGE, value: input.trim() });
  return m[0];
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, "0");

/** "2026", "2026-Q3", "2026-10", or from/to dates; nothing means all time. */
export function parsePeriod(args: { period?: string; from?: string; to?: string }): Period {
  if (args.period !== undefined) {
    if (args.from !== undefined || args.to !== undefined) throw new UserError("Give either period= or from=/to=, not both.");
    const p = args.period.trim().toUpperCase();
    const year = Number(/^\d{4}/.exec(p)?.[0] ?? NaN);
    if (year < Number(DATE_RANGE.min.slice(0, 4)) || year > Number(DATE_RANGE.max.slice(0, 4))) {
      fail("date.outOfRange", { option: "period", ...DATE_RANGE, value: args.period.trim() });
    }
    let m = /^(\d{4})$/.exec(p);
    if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
    m = /^(\d{4})-Q([1-4])$/.exec(p);
    if (m) {
      const q = Number(m[2]);
      return { from: `${m[1]}-${pad(q * 3 - 2)}-01`, to: `${m[1]}-${pad(q * 3)}-${lastDayOfMonth(Number(m[1]), q * 3)}` };
    }
    m = /^(\d{4})-(\d{2})$/.exec(p);
    if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${lastDayOfMonth(Number(m[1]), Number(m[2]))}` };
    throw new UserError(`"${args.period}" is not a period I understand.`, "Write it like 2026, 2026-Q3 or 2026-10, or use from=2026-01-01 to=2026-06-30.");
  }
  const period = { from: args.from === undefined ? null : parseDate(args.from, "from"), to: args.to === undefined ? null : parseDate(args.to, "to") };
  if (period.from && period.to && period.from > period.to) throw new UserError(`The period ends (${period.to}) before it starts (${period.from}).`);
  return period;
}

export const describePeriod = (p: Period): string =>
  p.from && p.to ? `${p.from} to ${p.to}` : p.from ? `since ${p.from}` : p.to ? `until ${p.to}` : "all time";
