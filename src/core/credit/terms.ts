// Reading what people type for roles, forms of knowledge and of acknowledgement, dates and periods.
import { fail } from "../errors.ts";
import { msg, type MessageId, type Translator } from "../i18n/index.ts";
import { closest, matchVocabulary, wordings } from "../matching.ts";
import { ACKNOWLEDGEMENT_FORMS, CREDIT_ROLES, KNOWLEDGE_FORMS, PARTNERSHIP_ROLES } from "../vocabulary.ts";
import type { ContributionRoleId, KnowledgeFormId, Period } from "./model.ts";

/** English role labels: stable in CSV, JSON and JATS. */
export const ROLE_LABELS: Record<ContributionRoleId, string> = { ...CREDIT_ROLES.labels, ...PARTNERSHIP_ROLES.labels };
/** Role → catalogue id of its label: what people read, and may type, in their language. */
export const ROLE_MESSAGES: Record<ContributionRoleId, MessageId> = { ...CREDIT_ROLES.messages, ...PARTNERSHIP_ROLES.messages };

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

/** The kinds of term a list names, as callers name them: each is a branch of the terms.* messages. */
const KINDS = { role: "role", "form of knowledge": "knowledge", "form of acknowledgement": "acknowledgement", "check-in topic": "topic" } as const;
export type TermKind = keyof typeof KINDS;

/**
 * "data curation; Investigation, writing review editing" → ids, in the order given, without repeats.
 * Labels may be catalogue ids (a term is then accepted in any language and shown in the reader's)
 * or literal labels. The last parameter is no longer used: the hint's title comes from the catalogue.
 */
export function matchList<Id extends string>(input: string, labels: Record<Id, string>, aliases: Partial<Record<string, Id>>, what: TermKind, _plural?: string): Id[] {
  const kind = KINDS[what];
  const ids: Id[] = [];
  for (const part of input.split(/[,;]+/).map((p) => p.trim()).filter(Boolean)) {
    const id = matchVocabulary(part, labels, aliases);
    if (!id) {
      const suggestion = closest(part, [...Object.values<string>(labels).flatMap(wordings), ...Object.keys(aliases)]);
      const known = matchVocabulary(suggestion ?? "", labels, aliases);
      const terms = (t: Translator) => t.list(Object.values<string>(labels).map((l) => t.text(l)), "unit");
      fail(
        "terms.unknown",
        { value: part, kind, didYouMean: known ? msg("common.didYouMean", { suggestion: (t) => t.text(labels[known]) }) : "" },
        msg("terms.known", { kind, terms }),
      );
    }
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) fail("terms.none", { kind });
  return ids;
}

export const parseRoles = (input: string) => matchList(input, ROLE_MESSAGES, ROLE_ALIASES, "role");
export const parseKnowledgeForms = (input: string) => matchList(input, KNOWLEDGE_FORMS.messages, KNOWLEDGE_ALIASES, "form of knowledge");
export const parseAcknowledgementForms = (input: string) => matchList(input, ACKNOWLEDGEMENT_FORMS.messages, ACK_ALIASES, "form of acknowledgement");

/** Today's date where the person is (YYYY-MM-DD). */
export function localDate(now: Date, timeZone: string | null): string {
  const zone = timeZone ?? "UTC";
  // Making a DateTimeFormat costs more than formatting with it: one per time zone, kept.
  let format = dateFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(zone, format);
  }
  return format.format(now);
}
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The dates Mutual accepts: a record of research partnerships, not of antiquity or the far future. */
export const DATE_RANGE = { min: "1900-01-01", max: "2199-12-31" } as const;

/** A calendar date, strictly YYYY-MM-DD, real (no 2026-02-30) and within DATE_RANGE. */
export function parseDate(input: string, label = "date"): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) {
    fail("terms.date.invalid", { option: label, value: input });
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
    if (args.from !== undefined || args.to !== undefined) fail("terms.period.both");
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
    fail("terms.period.unknown", { value: args.period }, msg("terms.period.unknown.hint"));
  }
  const period = { from: args.from === undefined ? null : parseDate(args.from, "from"), to: args.to === undefined ? null : parseDate(args.to, "to") };
  if (period.from && period.to && period.from > period.to) fail("terms.period.endsBeforeStart", { from: period.from, to: period.to });
  return period;
}

/** "2026-01-01 to 2026-12-31", "since 2026-03-01", "all time": the period's dates as people typed them. */
export const describePeriod = (t: Translator, p: Period): string =>
  p.from && p.to ? t("terms.period.range", { from: p.from, to: p.to }) : p.from ? t("terms.period.since", { from: p.from }) : p.to ? t("terms.period.until", { to: p.to }) : t("terms.period.all");
