// When a schedule's occurrences fall for one person: their time zone, work week, public holidays,
// pause and quiet hours. Pure functions of the schedule, the person and a time window, so a test can
// drive weeks of simulated time, and every tick of every process computes the same answer.
import { createRequire } from "node:module";
import { CronExpressionParser } from "cron-parser";
import type HolidaysClass from "date-holidays";
import { DateTime } from "luxon";

/**
 * date-holidays (every country's rules, ~25 MB once loaded) is loaded at the first holiday asked
 * about, not at start-up: a bot with no schedule never needs it. Its CommonJS build, so that the
 * functions here stay synchronous.
 */
let Holidays: typeof HolidaysClass | undefined;
const holidaysLibrary = () => (Holidays ??= createRequire(import.meta.url)("date-holidays") as typeof HolidaysClass);

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export type Cadence =
  | { type: "daily" }
  | { type: "weekly"; weekdays: number[] }
  /** `anchor`: a date in the first week (YYYY-MM-DD); occurrences fall in every `weeks`-th week from it. */
  | { type: "every-n-weeks"; weeks: number; weekdays: number[]; anchor: string }
  /** `day` past a month's end (31 in April) means the month's last day. */
  | { type: "monthly"; day: number }
  /** Standard five-field cron, read in each recipient's own zone; at most one time a day. */
  | { type: "cron"; expression: string }
  /** One local date (YYYY-MM-DD), e.g. a survey; moved to the person's next working day like weekly. */
  | { type: "once"; date: string }
  /** Care follow-ups: one date per offset, `months` after the project's closing date; nothing while it is open. */
  | { type: "after-close"; months: number[] };

export interface Rule {
  cadence: Cadence;
  /** "HH:MM" local; cron cadences carry their own time. */
  localTime: string;
  /** The project's closing date (YYYY-MM-DD, the schedule's zone); null or absent: open. Anchors "after-close". */
  closedOn?: string | null;
}

/**
 * The local dates of "after-close" follow-ups: the closing date plus each offset in months (a closing on
 * 31 August gives 30 November at 3 months). Reopening (closedOn null) plans none; closing again re-anchors.
 */
export const afterClosing = (months: readonly number[], closedOn: string): Array<{ months: number; date: string }> =>
  months.map((m) => ({ months: m, date: DateTime.fromISO(closedOn, { zone: "UTC" }).plus({ months: m }).toISODate()! }));

/** What decides when a person may be messaged. */
export interface PersonCalendar {
  /** IANA zone; null means UTC. */
  timezone: string | null;
  workDays: readonly number[];
  /** ISO 3166-1 alpha-2, for public holidays; null: none observed. */
  country: string | null;
  awayUntil: Date | null;
  /** "HH:MM" local, both or neither; the span may wrap midnight (22:00–07:00). */
  quietStart: string | null;
  quietEnd: string | null;
}

/** A person's calendar from their profile: public holidays of their own country, else their institution's. */
export const personCalendar = (p: Omit<PersonCalendar, "country"> & { country: string | null; institution: { country: string | null } | null }): PersonCalendar => ({
  timezone: p.timezone,
  workDays: p.workDays,
  country: p.country ?? p.institution?.country ?? null,
  awayUntil: p.awayUntil,
  quietStart: p.quietStart,
  quietEnd: p.quietEnd,
});

export interface Occurrence {
  /** The planned local date (YYYY-MM-DD): one delivery per schedule, person and key, however timing shifts. */
  key: string;
  at: Date;
}

/**
 * Everything but the pause that decides when a person may be messaged, as one string: people with the
 * same key get the same occurrences. The store computes the same string in SQL (calendar signature).
 */
export const calendarKey = (c: Omit<PersonCalendar, "awayUntil">): string =>
  [c.timezone ?? "", c.workDays.join(","), c.country ?? "", c.quietStart ?? "", c.quietEnd ?? ""].join("|");

/** Every day, no holidays, no quiet hours: the calendar of a project channel. */
export const channelCalendar = (timezone: string): PersonCalendar => ({
  timezone,
  workDays: [1, 2, 3, 4, 5, 6, 7],
  country: null,
  awayUntil: null,
  quietStart: null,
  quietEnd: null,
});

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function inQuietHours(calendar: Pick<PersonCalendar, "quietStart" | "quietEnd">, minuteOfDay: number): boolean {
  if (!calendar.quietStart || !calendar.quietEnd) return false;
  const start = minutes(calendar.quietStart);
  const end = minutes(calendar.quietEnd);
  return start <= end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

const holidayCache = new Map<string, Set<string>>();

/** Public holidays (date-holidays' type "public") of a country in a year, as local dates. */
export function publicHolidays(country: string, year: number): ReadonlySet<string> {
  const cacheKey = `${country}:${year}`;
  let days = holidayCache.get(cacheKey);
  if (!days) {
    const calendar = new (holidaysLibrary())(country);
    const list = calendar.getCountries()[country.toUpperCase()] ? (calendar.getHolidays(year) || []) : [];
    days = new Set(list.filter((h) => h.type === "public").map((h) => h.date.slice(0, 10)));
    holidayCache.set(cacheKey, days);
  }
  return days;
}

export function isDayOff(calendar: Pick<PersonCalendar, "workDays" | "country">, date: DateTime): boolean {
  if (!calendar.workDays.includes(date.weekday)) return true;
  return calendar.country !== null && publicHolidays(calendar.country, date.year).has(date.toISODate()!);
}

interface CronDays {
  minute: number;
  hour: number;
  matches(date: DateTime): boolean;
}

const cronCache = new Map<string, CronDays>();

/** Reads a cron expression's fields; throws a plain Error with a readable message when it is not one a schedule can use. */
export function parseCron(expression: string): CronDays {
  const cached = cronCache.get(expression);
  if (cached) return cached;
  if (expression.trim().split(/\s+/).length !== 5) throw new Error("a cron expression has five fields: minute hour day-of-month month day-of-week");
  const { fields } = CronExpressionParser.parse(expression);
  if (fields.minute.values.length !== 1 || fields.hour.values.length !== 1) throw new Error("a schedule sends at most once a day: give one minute and one hour");
  const months = new Set<number>(fields.month.values as number[]);
  const monthDays = new Set<number | string>(fields.dayOfMonth.values as Array<number | string>);
  const weekDays = new Set<number>((fields.dayOfWeek.values as number[]).map((d) => (d === 0 ? 7 : d)));
  const anyMonthDay = fields.dayOfMonth.isWildcard;
  const anyWeekDay = fields.dayOfWeek.isWildcard;
  const days: CronDays = {
    minute: fields.minute.values[0] as number,
    hour: fields.hour.values[0] as number,
    matches(date) {
      if (!months.has(date.month)) return false;
      const dom = monthDays.has(date.day) || (monthDays.has("L") && date.day === date.daysInMonth);
      const dow = weekDays.has(date.weekday);
      // Cron's rule: when both day fields are restricted, either may match.
      if (!anyMonthDay && !anyWeekDay) return dom || dow;
      return (anyMonthDay || dom) && (anyWeekDay || dow);
    },
  };
  cronCache.set(expression, days);
  return days;
}

function planned(rule: Rule, date: DateTime): boolean {
  const c = rule.cadence;
  switch (c.type) {
    case "daily":
      return true;
    case "weekly":
      return c.weekdays.includes(date.weekday);
    case "every-n-weeks": {
      if (!c.weekdays.includes(date.weekday)) return false;
      const anchorWeek = DateTime.fromISO(c.anchor, { zone: date.zone }).startOf("week");
      const weeks = Math.round(date.startOf("week").diff(anchorWeek, "weeks").weeks);
      return weeks >= 0 && weeks % c.weeks === 0;
    }
    case "monthly":
      return date.day === Math.min(c.day, date.daysInMonth!);
    case "cron":
      return parseCron(c.expression).matches(date);
    case "once":
      return date.toISODate() === c.date;
    case "after-close":
      return !!rule.closedOn && afterClosing(c.months, rule.closedOn).some((d) => d.date === date.toISODate());
  }
}

/** The typical gap between occurrences, in days (what "overdue" is measured against). */
export function periodDays(c: Cadence): number {
  switch (c.type) {
    case "daily":
      return 1;
    case "weekly":
      return 7 / c.weekdays.length;
    case "every-n-weeks":
      return (7 * c.weeks) / c.weekdays.length;
    case "monthly":
      return 30;
    case "cron":
      return 7;
    case "once":
    case "after-close":
      return Infinity;
  }
}

const timeOf = (rule: Rule) => {
  if (rule.cadence.type === "cron") {
    const cron = parseCron(rule.cadence.expression);
    return { hour: cron.hour, minute: cron.minute };
  }
  return { hour: Number(rule.localTime.slice(0, 2)), minute: Number(rule.localTime.slice(3, 5)) };
};

/**
 * The occurrences of `rule` for one person whose delivery instant falls in [from, to).
 *
 * - Each planned local date gives at most one occurrence, keyed by that date.
 * - A planned day the person doesn't work (their work week, a public holiday of their country):
 *   a daily or cron cadence skips it; a weekly, every-n-weeks, monthly, once or after-close one moves
 *   to their next working day, so a once-a-week prompt still comes once that week.
 * - DST: a local time that doesn't exist that day (spring forward) is delivered when the clock
 *   reaches it (02:30 → 03:30); one that exists twice (fall back) once, at the later of the two.
 * - Quiet hours push the delivery to their end; a pause drops occurrences before it ends.
 */
export function occurrences(rule: Rule, calendar: PersonCalendar, from: Date, to: Date): Occurrence[] {
  const zone = calendar.timezone ?? "UTC";
  const { hour, minute } = timeOf(rule);
  const movable = rule.cadence.type !== "daily" && rule.cadence.type !== "cron";
  const first = DateTime.fromJSDate(from, { zone }).startOf("day").minus({ days: movable ? 7 : 1 });
  const last = DateTime.fromJSDate(to, { zone }).startOf("day");
  const out: Occurrence[] = [];
  for (let date = first; date <= last; date = date.plus({ days: 1 })) {
    if (!planned(rule, date)) continue;
    let day = date;
    if (isDayOff(calendar, day)) {
      if (!movable) continue;
      do day = day.plus({ days: 1 });
      while (isDayOff(calendar, day) && day.diff(date, "days").days < 7);
      if (isDayOff(calendar, day)) continue;
    }
    let at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
    if (inQuietHours(calendar, at.hour * 60 + at.minute)) {
      const end = minutes(calendar.quietEnd!);
      const endToday = DateTime.fromObject({ year: at.year, month: at.month, day: at.day, hour: Math.floor(end / 60), minute: end % 60 }, { zone });
      at = endToday > at ? endToday : endToday.plus({ days: 1 });
    }
    const instant = at.toJSDate();
    if (instant < from || instant >= to) continue;
    if (calendar.awayUntil && instant < calendar.awayUntil) continue;
    out.push({ key: date.toISODate()!, at: instant });
  }
  return out;
}

/** Whether a message may reach the person at `at`: not paused, not in their quiet hours. */
export function reachable(calendar: Pick<PersonCalendar, "timezone" | "awayUntil" | "quietStart" | "quietEnd">, at: Date): boolean {
  if (calendar.awayUntil && calendar.awayUntil > at) return false;
  const local = localDateTime(at, calendar.timezone);
  return !inQuietHours(calendar, local.hour * 60 + local.minute);
}

/** A person's local time, for messages ("it is 21:40 for them"). */
export const localDateTime = (at: Date, timezone: string | null) => DateTime.fromJSDate(at, { zone: timezone ?? "UTC" });
