// Reading what people type about schedules and pauses: cadences, times, delays, dates. Bad input is
// a UserError that says how to write it.
import { DateTime } from "luxon";
import { UserError } from "../errors.ts";
import type { MessageId, Translator } from "../i18n/index.ts";
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
  if (!time) throw new UserError(`"${input}" is not a time of day I understand.`, "Write it like 09:00 or 16:30 (24-hour clock, the recipient's local time).");
  if (Number(time.slice(3)) % 15 !== 0) throw new UserError(`Prompts go out on the quarter hour, so ${input} can't be used.`, "Pick :00, :15, :30 or :45, e.g. 09:00.");
  return time;
}

/** "HH:MM-HH:MM" (may wrap midnight), or "off". */
export function parseQuietHours(input: string): { quietStart: string | null; quietEnd: string | null } {
  if (/^(off|none|no)$/i.test(input.trim())) return { quietStart: null, quietEnd: null };
  const parts = input.split(/\s*(?:-|–|to)\s*/);
  const hint = "Write it like 21:00-07:00 (no messages in between), or quiet=off.";
  if (parts.length !== 2) throw new UserError(`"${input}" is not a span of quiet hours I understand.`, hint);
  const time = (t: string) => {
    const value = clockTime(t);
    if (!value) throw new UserError(`"${input}" is not a span of quiet hours I understand.`, hint);
    return value;
  };
  const [quietStart, quietEnd] = [time(parts[0]!), time(parts[1]!)];
  if (quietStart === quietEnd) throw new UserError("Quiet hours need a start and an end that differ.", hint);
  return { quietStart, quietEnd };
}

/** "24h", "2d", "90m", "off" → hours (null for off). */
export function parseReminderDelay(input: string): number | null {
  if (/^(off|none|no|never)$/i.test(input.trim())) return null;
  const m = /^(\d{1,3})\s*(h|hours?|d|days?)$/i.exec(input.trim());
  if (!m) throw new UserError(`"${input}" is not a reminder delay I understand.`, "Write it like 24h or 2d, or remind=off.");
  const hours = Number(m[1]) * (m[2]!.toLowerCase().startsWith("d") ? 24 : 1);
  if (hours < 1 || hours > 7 * 24) throw new UserError("A reminder can come 1 hour to 7 days after the prompt.", "For example remind=24h.");
  return hours;
}

const CADENCE_HINT = "Use every=daily, every=weekly days=mon,thu, every=2w days=tue, every=monthly day=1, or cron=\"0 9 * * 1\".";

export function parseCadence(args: { every?: string; days?: string; day?: number; cron?: string }, today: string): Cadence {
  if (args.cron !== undefined) {
    if (args.every !== undefined) throw new UserError("Give either every=… or cron=…, not both.", CADENCE_HINT);
    try {
      const cron = parseCron(args.cron);
      if (cron.minute % 15 !== 0) throw new Error("prompts go out on the quarter hour: use minute 0, 15, 30 or 45");
    } catch (e) {
      throw new UserError(`"${args.cron}" is not a cron expression I can use: ${(e as Error).message}.`, CADENCE_HINT);
    }
    return { type: "cron", expression: args.cron.trim().split(/\s+/).join(" ") };
  }
  const every = (args.every ?? "weekly").trim().toLowerCase();
  const weekdays = () => workDays(args.days ?? "mon");
  if (every === "daily" || every === "day") return { type: "daily" };
  if (every === "weekly" || every === "week" || every === "1w") return { type: "weekly", weekdays: weekdays() };
  if (every === "monthly" || every === "month") {
    const day = args.day ?? 1;
    if (!Number.isInteger(day) || day < 1 || day > 31) throw new UserError("day= is a day of the month, 1 to 31.", CADENCE_HINT);
    return { type: "monthly", day };
  }
  const n = every === "fortnightly" ? 2 : Number(/^(\d{1,2})\s*(?:w|weeks?)$/.exec(every)?.[1] ?? NaN);
  if (Number.isInteger(n) && n >= 1 && n <= 12) return n === 1 ? { type: "weekly", weekdays: weekdays() } : { type: "every-n-weeks", weeks: n, weekdays: weekdays(), anchor: today };
  throw new UserError(`"${args.every}" is not a cadence I understand.`, CADENCE_HINT);
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
      throw new UserError(`"${input}" is not a date or a length of time I understand.`, "Write it like pause 2026-12-05 (back that day), pause 2w, pause 10d, or pause off.");
    }
  }
  if (end.toJSDate() <= now) throw new UserError("That date has already come.", "Give a date in the future, e.g. pause 2w.");
  if (end.diff(DateTime.fromJSDate(now), "days").days > 366) throw new UserError("A pause can last up to a year.", "Pick a nearer date; you can pause again later.");
  return end.toJSDate();
}
