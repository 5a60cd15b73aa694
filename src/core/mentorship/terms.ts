// Reading what people type about pairs, check-ins, needs and strengths. Bad input is a UserError
// that says how to write it.
import { DateTime } from "luxon";
import { fail } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { closest, didYouMean, matchVocabulary } from "../matching.ts";
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

/** "writing; career" → topic ids, in the order given, without repeats; a topic may be typed in any of Mutual's languages. */
export function parseTopics(input: string): CheckInTopic[] {
  const ids: CheckInTopic[] = [];
  for (const part of input.split(/[,;]+/).map((p) => p.trim()).filter(Boolean)) {
    const id = matchVocabulary(part, CHECKIN_TOPICS.messages, TOPIC_ALIASES);
    if (!id) {
      const suggestion = closest(part, [...Object.values(CHECKIN_TOPICS.labels), ...Object.keys(TOPIC_ALIASES)]);
      const known = suggestion ? matchVocabulary(suggestion, CHECKIN_TOPICS.labels, TOPIC_ALIASES) : undefined;
      // The topics to type are listed as typed: English, comma-separated, like `topics=writing,career`.
      fail("checkin.topic.unknown", { value: part, didYouMean: didYouMean(known ? CHECKIN_TOPICS.labels[known] : undefined) }, msg("checkin.topic.hint", { topics: Object.values(CHECKIN_TOPICS.labels).join(", ") }));
    }
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) fail("checkin.topic.none");
  return ids;
}

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
  const id = matchVocabulary(input, CAPACITY_CATEGORIES.messages, CATEGORY_ALIASES);
  if (id) return id;
  const suggestion = closest(input, [...Object.values(CAPACITY_CATEGORIES.labels), ...Object.keys(CATEGORY_ALIASES)]);
  const known = suggestion ? matchVocabulary(suggestion, CAPACITY_CATEGORIES.labels, CATEGORY_ALIASES) : undefined;
  return fail("needs.category.unknown", { value: input, didYouMean: didYouMean(known ? CAPACITY_CATEGORIES.labels[known] : undefined) }, msg("needs.category.hint"));
}

export function parsePriority(input: string): Priority {
  const v = input.trim().toLowerCase();
  if (["1", "high", "h", "urgent"].includes(v)) return 1;
  if (["2", "medium", "med", "m", "normal"].includes(v)) return 2;
  if (["3", "low", "l"].includes(v)) return 3;
  return fail("needs.priority.unknown", { value: input }, msg("needs.priority.hint"));
}

/** "1d", "2d", "1w" → days. */
export function parseSnooze(input: string): number {
  const m = /^(\d{1,2})\s*(d|days?|w|weeks?)$/i.exec(input.trim());
  const days = m ? Number(m[1]) * (m[2]!.toLowerCase().startsWith("w") ? 7 : 1) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > 28) fail("checkin.snooze.unknown", { value: input }, msg("checkin.snooze.hint"));
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
