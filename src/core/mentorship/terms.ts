// Reading what people type about pairs, check-ins, needs and strengths. Bad input is a UserError
// that says how to write it.
import { DateTime } from "luxon";
import { matchList } from "../credit/terms.ts";
import { UserError } from "../errors.ts";
import { closest, didYouMeanText, matchVocabulary } from "../matching.ts";
import type { Priority } from "../ports.ts";
import { occurrences, type PersonCalendar } from "../reflection/calendar.ts";
import { CAPACITY_CATEGORIES, CHECKIN_TOPICS, type CapacityCategory, type CheckInTopic } from "../vocabulary.ts";

const TOPIC_ALIASES: Record<string, CheckInTopic> = {
  research: "research_skills",
  skills: "research_skills",
  methodology: "methods",
  careers: "career",
  culture: "intercultural",
  languages: "language",
  "well being": "wellbeing",
  health: "wellbeing",
};

export const parseTopics = (input: string): CheckInTopic[] => matchList(input, CHECKIN_TOPICS.labels, TOPIC_ALIASES, "check-in topic", "Topics");

const CATEGORY_ALIASES: Record<string, CapacityCategory> = {
  academic: "academic",
  research: "academic",
  culture: "intercultural",
  cultural: "intercultural",
  translation: "translational",
  policy: "translational",
  institution: "institutional",
  organisational: "institutional",
  organizational: "institutional",
};

export function parseCategory(input: string): CapacityCategory {
  const id = matchVocabulary(input, CAPACITY_CATEGORIES.labels, CATEGORY_ALIASES);
  if (id) return id;
  const suggestion = closest(input, [...Object.values(CAPACITY_CATEGORIES.labels), ...Object.keys(CATEGORY_ALIASES)]);
  const known = suggestion ? matchVocabulary(suggestion, CAPACITY_CATEGORIES.labels, CATEGORY_ALIASES) : undefined;
  throw new UserError(
    `"${input}" is not a capacity category.${didYouMeanText(known ? CAPACITY_CATEGORIES.labels[known] : undefined)}`,
    "Categories: academic, intercultural, translational, institutional.",
  );
}

export function parsePriority(input: string): Priority {
  const v = input.trim().toLowerCase();
  if (["1", "high", "h", "urgent"].includes(v)) return 1;
  if (["2", "medium", "med", "m", "normal"].includes(v)) return 2;
  if (["3", "low", "l"].includes(v)) return 3;
  throw new UserError(`"${input}" is not a priority.`, "Use priority=high, medium or low.");
}

/** "1d", "2d", "1w" → days. */
export function parseSnooze(input: string): number {
  const m = /^(\d{1,2})\s*(d|days?|w|weeks?)$/i.exec(input.trim());
  const days = m ? Number(m[1]) * (m[2]!.toLowerCase().startsWith("w") ? 7 : 1) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > 28) throw new UserError(`"${input}" is not a snooze I understand.`, "Snooze 1d (a day) or 1w (a week), up to 4w.");
  return days;
}

/**
 * When a snoozed reminder comes back: the reminder time on the mentor's first working day at least
 * `days` days after today, where they are (holidays, pause and quiet hours respected).
 */
export function snoozeUntil(now: Date, days: number, localTime: string, calendar: PersonCalendar): Date | undefined {
  const start = DateTime.fromJSDate(now, { zone: calendar.timezone ?? "UTC" }).startOf("day").plus({ days });
  const [first] = occurrences({ cadence: { type: "daily" }, localTime }, calendar, start.toJSDate(), start.plus({ days: 21 }).toJSDate());
  return first?.at;
}
