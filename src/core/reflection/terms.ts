// Reading what people type about schedules and pauses: cadences, times, delays, dates. Bad input is
// a UserError that says how to write it.
import { DateTime } from "luxon";
import { fail } from "../errors.ts";
import { msg, type MessageId, type Msg, type Translator } from "../i18n/index.ts";
import { formatWorkDays, workDays } from "../validate.ts";
import { parseCron, type Cadence } from "./calendar.ts";

/** A 24-hour clock time ("9", "09:30", "9h30") as "HH:MM", or undefined. */
function clockTime(input: string): string | undefined {
  const m = /^(\d{1,2})(?::|h)?(\d{2})?$/.exec(input.trim().toLowerCase());
  if (!m || Number(m[1]) > 23 || Number(m[2] ?? 0) > 59) return undefined;
  return `${m[1]!.padStart(2, "0")}:${m[2] ?? "00"}`;
}

/** "HH:MM" on a quarter hour: schedules tick every 15 minutes. */
export function parseLocalTime(input: string): string {
  const time = clockTime(input);
  if (!time) fail("time.invalid", { input }, msg("time.invalid.hint"));
  if (Number(time.slice(3)) % 15 !== 0) fail("time.quarter", { input }, msg("time.quarter.hint"));
  return time;
}

/** "HH:MM-HH:MM" (may wrap midnight), or "off". */
export function parseQuietHours(input: string): { quietStart: string | null; quietEnd: string | null } {
  if (/^(off|none|no)$/i.test(input.trim())) return { quietStart: null, quietEnd: null };
  const parts = input.split(/\s*(?:-|–|to)\s*/);
  const hint = msg("quietHours.hint");
  if (parts.length !== 2) fail("quietHours.invalid", { input }, hint);
  const time = (t: string) => clockTime(t) ?? fail("quietHours.invalid", { input }, hint);
  const [quietStart, quietEnd] = [time(parts[0]!), time(parts[1]!)];
  if (quietStart === quietEnd) fail("quietHours.same", {}, hint);
  return { quietStart, quietEnd };
}

/** "24h", "2d", "90m", "off" → hours (null for off). */
export function parseReminderDelay(input: string): number | null {
  if (/^(off|none|no|never)$/i.test(input.trim())) return null;
  const m = /^(\d{1,3})\s*(h|hours?|d|days?)$/i.exec(input.trim());
  if (!m) fail("reminderDelay.invalid", { input }, msg("reminderDelay.invalid.hint"));
  const hours = Number(m[1]) * (m[2]!.toLowerCase().startsWith("d") ? 24 : 1);
  if (hours < 1 || hours > 7 * 24) fail("reminderDelay.range", {}, msg("reminderDelay.range.hint"));
  return hours;
}

const CADENCE_HINT = msg("cadence.hint");

/** Why a cron expression can't be used, or undefined when it can. */
function cronProblem(expression: string): Msg | string | undefined {
  if (expression.trim().split(/\s+/).length !== 5) return msg("cadence.cronFields");
  try {
    if (parseCron(expression).minute % 15 !== 0) return msg("cadence.cronQuarter");
  } catch (e) {
    // The cron parser's own reason (English): it names the field that is wrong.
    return (e as Error).message;
  }
  return undefined;
}

export function parseCadence(args: { every?: string; days?: string; day?: number; cron?: string }, today: string): Cadence {
  if (args.cron !== undefined) {
    if (args.every !== undefined) fail("cadence.both", {}, CADENCE_HINT);
    const reason = cronProblem(args.cron);
    if (reason !== undefined) fail("cadence.cronInvalid", { cron: args.cron, reason }, CADENCE_HINT);
    return { type: "cron", expression: args.cron.trim().split(/\s+/).join(" ") };
  }
  const every = (args.every ?? "weekly").trim().toLowerCase();
  const weekdays = () => workDays(args.days ?? "mon");
  if (every === "daily" || every === "day") return { type: "daily" };
  if (every === "weekly" || every === "week" || every === "1w") return { type: "weekly", weekdays: weekdays() };
  if (every === "monthly" || every === "month") {
    const day = args.day ?? 1;
    if (!Number.isInteger(day) || day < 1 || day > 31) fail("cadence.monthDay", {}, CADENCE_HINT);
    return { type: "monthly", day };
  }
  const n = every === "fortnightly" ? 2 : Number(/^(\d{1,2})\s*(?:w|weeks?)$/.exec(every)?.[1] ?? NaN);
  if (Number.isInteger(n) && n >= 1 && n <= 12) return n === 1 ? { type: "weekly", weekdays: weekdays() } : { type: "every-n-weeks", weeks: n, weekdays: weekdays(), anchor: today };
  fail("cadence.invalid", { every: args.every }, CADENCE_HINT);
}

/** Care follow-ups fall at most this many months (ten years) after closing, and there are at most MAX_FOLLOW_UPS of them. */
export const MAX_MONTHS_AFTER_CLOSING = 120;
const MAX_FOLLOW_UPS = 12;
// Units as people write them in the five languages, accents folded: "3 months", "1 an", "miezi 6".
const MONTH_WORDS = new Set(["m", "mo", "mos", "month", "months", "mois", "mes", "meses", "mwezi", "miezi"]);
const YEAR_WORDS = new Set(["y", "yr", "yrs", "year", "years", "an", "ans", "annee", "annees", "ano", "anos", "mwaka", "miaka"]);

/** "3,12", "3m, 12m", "3 months and 1 year", "6 mois; 1 an" → months after closing, sorted, each once. */
export function parseAfterClosing(input: string): number[] {
  const hint = msg("care.after.hint");
  const plain = input.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase().trim();
  const parts = plain.split(/\s*[,;+&]\s*|\s+(?:and|et|y|e|na)\s+(?=\d|[a-z]+\s*\d)/).filter((p) => p !== "");
  if (parts.length === 0) fail("care.after.invalid", { input }, hint);
  const months = parts.map((part) => {
    // The unit before or after the number ("miezi 3", "3 months"); none means months.
    const m = /^(?:([a-z]+)\s*)?(\d{1,3})\s*([a-z]+)?$/.exec(part);
    const unit = m?.[1] !== undefined && m[3] !== undefined ? undefined : (m?.[1] ?? m?.[3] ?? "m");
    if (!m || unit === undefined || (!MONTH_WORDS.has(unit) && !YEAR_WORDS.has(unit))) return fail("care.after.invalid", { input }, hint);
    return Number(m[2]) * (YEAR_WORDS.has(unit) ? 12 : 1);
  });
  const distinct = [...new Set(months)].sort((a, b) => a - b);
  if (distinct[0]! < 1 || distinct.at(-1)! > MAX_MONTHS_AFTER_CLOSING || distinct.length > MAX_FOLLOW_UPS) {
    fail("care.after.range", { max: MAX_MONTHS_AFTER_CLOSING, count: MAX_FOLLOW_UPS }, hint);
  }
  return distinct;
}

/** Weekdays in words: "mon-fri", "lun.–ven.", or a list when they are not one run ("mon, wed, and fri"). */
export function describeWeekdays(t: Translator, days: readonly number[]): string {
  const set = new Set(days);
  if (set.size === 7) return t("weekdays.everyDay");
  // formatWorkDays finds the runs; "sun-thu" reads as a range, "mon,wed,fri" as a list.
  const runs = formatWorkDays([...set]).split(",");
  const words = runs.map((run) => {
    const [from, to] = run.split("-").map((d) => t(`weekday.${WEEKDAY_IDS.indexOf(d) + 1}` as MessageId));
    return to ? t("weekdays.range", { from, to }) : from!;
  });
  return t.list(words);
}
const WEEKDAY_IDS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** A schedule's or a pair's cadence in the reader's language: "weekly on Mon at 09:00". */
export function describeCadence(t: Translator, c: Cadence, localTime: string): string {
  const time = localTime;
  switch (c.type) {
    case "daily":
      return t("cadence.daily", { time });
    case "weekly":
      return t("cadence.weekly", { days: describeWeekdays(t, c.weekdays), time });
    case "every-n-weeks":
      return t("cadence.everyNWeeks", { weeks: c.weeks, days: describeWeekdays(t, c.weekdays), time });
    case "monthly":
      return t("cadence.monthly", { day: c.day, time });
    case "cron":
      return t("cadence.cron", { expression: c.expression });
    case "once":
      return t("cadence.once", { date: t.date(c.date, "medium"), time });
    case "after-close":
      return t("cadence.afterClose", { offsets: t.list(c.months.map((months) => t("care.offset", { months }))), time });
  }
}

/** "2026-12-05" (back on that day, local), "2w", "10d", or "off" → the instant the pause ends (null: no pause). */
export function parsePauseEnd(input: string, now: Date, timezone: string | null): Date | null {
  const value = input.trim().toLowerCase();
  if (/^(off|none|no|resume)$/.test(value)) return null;
  const zone = timezone ?? "UTC";
  const duration = /^(\d{1,3})\s*(d|days?|w|weeks?)$/.exec(value);
  let end: DateTime;
  if (duration) {
    end = DateTime.fromJSDate(now, { zone }).plus(duration[2]!.startsWith("w") ? { weeks: Number(duration[1]) } : { days: Number(duration[1]) }).startOf("day");
  } else {
    end = DateTime.fromISO(value, { zone });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !end.isValid) {
      fail("pauseEnd.invalid", { input }, msg("pauseEnd.invalid.hint"));
    }
  }
  if (end.toJSDate() <= now) fail("pauseEnd.past", {}, msg("pauseEnd.past.hint"));
  if (end.diff(DateTime.fromJSDate(now), "days").days > 366) fail("pauseEnd.tooLong", {}, msg("pauseEnd.tooLong.hint"));
  return end.toJSDate();
}
