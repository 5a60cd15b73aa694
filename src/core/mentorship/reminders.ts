// Check-in reminders and overdue flags, driven by the project's check-in schedule: the same BullMQ
// tick, calendar rules and claimed rows as reflection prompts. A tick reads the active pairs and
// decides, per pair and from the database alone, what falls in its window:
//
// - a reminder to the mentor at each occurrence of the pair's cadence (their zone, work week,
//   holidays, pause, quiet hours), unless they met in the last half cycle or a snooze is pending;
// - the snoozed reminder at the moment the mentor chose;
// - "overdue" to the mentor once the pair is 1.5 cycles past its last check-in (or skipped cycle),
//   and to each lead at 2 cycles — at that person's next reminder slot, once per overdue stretch.
import { DateTime } from "luxon";
import type { Outgoing } from "../delivery.ts";
import { sendNotices } from "../delivery.ts";
import type { PairRecord, Recipient, ScheduleRecord } from "../ports.ts";
import type { Ports, ServicesWith } from "../services.ts";
import { occurrences, periodDays, type Rule } from "../reflection/calendar.ts";
import { translator } from "../i18n/index.ts";
import { overdueLeadMessage, overdueMentorMessage, reminderMessage, type PairFacts } from "./messages.ts";

export const OVERDUE_MENTOR_CYCLES = 1.5;
export const OVERDUE_LEAD_CYCLES = 2;
const DAY_MS = 24 * 3600_000;

export const pairFacts = (p: PairRecord): PairFacts => ({
  number: p.number,
  projectName: p.projectName,
  projectSlug: p.projectSlug,
  mentor: p.mentor.displayName,
  mentee: p.mentee.displayName,
  cadence: p.cadence,
  localTime: p.localTime,
  goals: p.goals,
  endsOn: p.endsOn,
});

/** Where the overdue clock starts: the latest check-in, skipped cycle or the pairing itself (a local date). */
export const overdueBase = (p: Pick<PairRecord, "startsOn" | "lastCheckIn" | "lastSkip">): string =>
  [p.startsOn, p.lastCheckIn ?? "", p.lastSkip ?? ""].reduce((a, b) => (b > a ? b : a));

/** Whole days from a local date (its start, in `zone`) to an instant. */
export const daysSince = (date: string, at: Date, zone: string | null): number =>
  Math.floor((at.getTime() - DateTime.fromISO(date, { zone: zone ?? "UTC" }).toMillis()) / DAY_MS);

/** The instant a pair becomes overdue for `cycles` cycles, measured from its base date in the mentor's zone. */
export const overdueAt = (p: PairRecord, cycles: number): Date =>
  new Date(DateTime.fromISO(overdueBase(p), { zone: p.mentor.timezone ?? "UTC" }).toMillis() + cycles * periodDays(p.cadence) * DAY_MS);

/** Unpaired, or past its end date where the mentor is. */
export const pairEnded = (p: Pick<PairRecord, "endedAt" | "endsOn" | "mentor">, at: Date): boolean =>
  p.endedAt !== null || (p.endsOn !== null && DateTime.fromJSDate(at, { zone: p.mentor.timezone ?? "UTC" }).toISODate()! > p.endsOn);

/** A person's reminder slots in [from, to): the pair's local time on each of their working days. */
const slots = (p: PairRecord, who: Recipient, from: Date, to: Date) => occurrences({ cadence: { type: "daily" }, localTime: p.localTime }, who, from, to);

/** A check-in reminder to the pair's mentor; `snoozed`: the one they asked to have again. */
export const checkInReminder = (p: PairRecord, scheduleId: string | null, dedupeKey: string, at: Date, snoozed = false): Outgoing => ({
  notice: { dedupeKey, kind: "checkin_reminder", scheduleId, projectId: p.projectId, pairId: p.id, personId: p.mentor.personId, occurrence: at },
  to: p.mentor,
  message: reminderMessage(translator(p.mentor.language), pairFacts(p), snoozed),
});

/** Everything one pair has due in [from, to); pure, so a quarter of simulated time is a loop in a test. */
export function pairNotices(p: PairRecord, leads: readonly Recipient[], scheduleId: string | null, from: Date, to: Date): Outgoing[] {
  const out: Outgoing[] = [];
  if (pairEnded(p, from)) return out;
  const facts = pairFacts(p);
  const notice = (dedupeKey: string, kind: Outgoing["notice"]["kind"], personId: string, occurrence: Date) => ({ dedupeKey, kind, scheduleId, projectId: p.projectId, pairId: p.id, personId, occurrence });
  const rule: Rule = { cadence: p.cadence, localTime: p.localTime };
  const halfCycle = periodDays(p.cadence) / 2;

  for (const o of occurrences(rule, p.mentor, from, to)) {
    if (o.key < p.startsOn || (p.endsOn && o.key > p.endsOn)) continue;
    if (p.snoozedUntil && p.snoozedUntil >= o.at) continue; // the snoozed reminder will come (at the latest, now)
    if (p.lastCheckIn && daysSince(p.lastCheckIn, o.at, p.mentor.timezone) < halfCycle) continue; // they just met
    out.push(checkInReminder(p, scheduleId, `checkin:${p.id}:${o.key}`, o.at));
  }

  // A pause begun after the snooze wins: the cadence's next reminder follows the pause.
  if (p.snoozedUntil && p.snoozedUntil >= from && p.snoozedUntil < to && !(p.mentor.awayUntil && p.mentor.awayUntil > p.snoozedUntil)) {
    out.push(checkInReminder(p, scheduleId, `checkin:${p.id}:snooze:${p.snoozedUntil.getTime()}`, p.snoozedUntil, true));
  }

  const base = overdueBase(p);
  const mentorDue = overdueAt(p, OVERDUE_MENTOR_CYCLES);
  if (mentorDue < to) {
    const slot = slots(p, p.mentor, from, to).find((s) => s.at >= mentorDue);
    if (slot) {
      const days = daysSince(base, slot.at, p.mentor.timezone);
      out.push({ notice: notice(`overdue:${p.id}:${base}:mentor`, "overdue_mentor", p.mentor.personId, slot.at), to: p.mentor, message: overdueMentorMessage(translator(p.mentor.language), facts, base, days) });
    }
  }
  const leadsDue = overdueAt(p, OVERDUE_LEAD_CYCLES);
  if (leadsDue < to) {
    for (const lead of leads) {
      const slot = slots(p, lead, from, to).find((s) => s.at >= leadsDue);
      if (!slot) continue;
      const days = daysSince(base, slot.at, p.mentor.timezone);
      out.push({ notice: notice(`overdue:${p.id}:${base}:lead:${lead.personId}`, "overdue_lead", lead.personId, slot.at), to: lead, message: overdueLeadMessage(translator(lead.language), facts, base, days) });
    }
  }
  return out;
}

/** One tick of a project's check-in schedule. */
export async function checkInTick(services: ServicesWith<"mentorship" | "notices">, schedule: ScheduleRecord, from: Date, to: Date): Promise<{ due: number; sent: number; failed: number }> {
  const pairs = await services.store.mentorship.pairs(schedule.projectId, { active: true });
  if (pairs.length === 0) return { due: 0, sent: 0, failed: 0 };
  // Leads are read only in a tick where some pair has crossed the leads' threshold.
  const leads = pairs.some((p) => overdueAt(p, OVERDUE_LEAD_CYCLES) < to) ? await services.store.mentorship.leads(schedule.projectId) : [];
  const items = pairs.flatMap((p) => pairNotices(p, leads, schedule.id, from, to));
  return { due: items.length, ...(await sendNotices(services, items)) };
}

/**
 * The first instant in (after, until] at which a tick would send this pair something new, or
 * undefined. An overdue flag goes at the first slot on or after its threshold, so one whose slot fell
 * at or before `after` has already gone (its key would refuse a second); it is not due again.
 */
export function nextPairDue(p: PairRecord, leads: readonly Recipient[], after: Date, until: Date): Date | undefined {
  const from = new Date(after.getTime() + 1);
  const to = new Date(until.getTime() + 1);
  const flaggedBefore = (who: Recipient, cycles: number) => {
    const threshold = overdueAt(p, cycles);
    return threshold < from && slots(p, who, threshold, from).some((s) => s.at >= threshold);
  };
  let next: Date | undefined;
  for (const { notice } of pairNotices(p, leads, null, from, to)) {
    if (notice.kind === "overdue_mentor" && flaggedBefore(p.mentor, OVERDUE_MENTOR_CYCLES)) continue;
    if (notice.kind === "overdue_lead" && flaggedBefore(leads.find((l) => l.personId === notice.personId)!, OVERDUE_LEAD_CYCLES)) continue;
    if (!next || notice.occurrence < next) next = notice.occurrence;
  }
  return next;
}

/** When the project's check-in schedule next has something to send in (after, until]: ticks before it are empty. */
export async function nextCheckInDue(services: Ports<"mentorship">, schedule: ScheduleRecord, after: Date, until: Date): Promise<Date | undefined> {
  const pairs = await services.store.mentorship.pairs(schedule.projectId, { active: true });
  if (pairs.length === 0) return undefined;
  const leads = await services.store.mentorship.leads(schedule.projectId);
  const due = pairs.map((p) => nextPairDue(p, leads, after, until)).filter((d): d is Date => d !== undefined);
  return due.length ? new Date(Math.min(...due.map((d) => d.getTime()))) : undefined;
}
