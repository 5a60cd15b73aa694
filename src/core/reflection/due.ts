// Who is due under a schedule's rule in a window: the calendar arithmetic shared by prompt ticks
// (dispatch.ts) and survey ticks (capacity/survey.ts), below both so neither imports the other.
import type { Recipient } from "../ports.ts";
import type { Ports } from "../services.ts";
import { calendarKey, occurrences, type Occurrence, type Rule } from "./calendar.ts";

/**
 * The occurrences due in [from, to) for each recipient. People with the same calendar are computed
 * once; `byCalendar` may already hold calendars computed by the caller (keyed by calendarKey).
 */
export function dueRecipients(
  schedule: Rule,
  recipients: readonly Recipient[],
  from: Date,
  to: Date,
  byCalendar = new Map<string, Occurrence[]>(),
) {
  const due: Array<{ recipient: Recipient; key: string; at: Date }> = [];
  for (const r of recipients) {
    const key = calendarKey(r);
    let list = byCalendar.get(key);
    if (!list) byCalendar.set(key, (list = occurrences(schedule, { ...r, awayUntil: null }, from, to)));
    for (const o of list) if (!r.awayUntil || o.at >= r.awayUntil) due.push({ recipient: r, ...o });
  }
  return due;
}

/**
 * The project's members due under `rule` in [from, to), read in two steps: the distinct calendars
 * first (a few dozen rows however large the project), then only the people of calendars that have
 * an occurrence. Most ticks end at the first step.
 */
export async function dueMembers(services: Ports<"reflections">, projectId: string, rule: Rule, from: Date, to: Date) {
  const { reflections } = services.store;
  const byCalendar = new Map((await reflections.calendars(projectId)).map((c) => [c.signature, occurrences(rule, { ...c, awayUntil: null }, from, to)]));
  const dueCalendars = [...byCalendar].filter(([, list]) => list.length > 0).map(([signature]) => signature);
  if (dueCalendars.length === 0) return [];
  return dueRecipients(rule, await reflections.recipients(projectId, dueCalendars), from, to, byCalendar);
}
