// Turns schedule ticks into deliveries. A tick is "schedule S, time T" (BullMQ fires one per quarter
// hour per schedule); everything else — who is due, which prompt, what was already sent — is
// computed from the database, so a retried, duplicated or late tick, a flushed Redis or a second
// process changes nothing.
//
// Exactly-once effect, at-least-once edge: a delivery row with a unique (schedule, person, date) key
// is claimed before the send and marked SENT after it. A second claimant of the same key gets
// nothing. A sender that dies after its claim leaves a PENDING row; once the claim is older than
// CLAIM_LEASE_MS a later tick (within CATCH_UP_MS) claims it again and sends. If the crash fell
// between the send and the mark, that person gets the prompt twice: the only duplicate the design
// allows, once per crash, at most MAX_ATTEMPTS times in all.
import { DateTime } from "luxon";
import { checkInReminder, checkInTick, pairEnded } from "../mentorship/reminders.ts";
import { surveyInvitation, surveyTick } from "../capacity/survey.ts";
import { CLAIM_LEASE_MS, inBatches, MAX_ATTEMPTS, reminderWindow, SEND_CONCURRENCY, sendNotices } from "../delivery.ts";
import { translator, type Translator } from "../i18n/index.ts";
import { noMetrics, type NewDelivery, type Recipient, type ScheduleRecord } from "../ports.ts";
import type { ServicesWith } from "../services.ts";
import { channelCalendar, occurrences, reachable } from "./calendar.ts";
import { dueMembers } from "./due.ts";
import { digestMessage, promptMessage } from "./messages.ts";
import { inLanguage, languageFor, nextPrompt } from "./prompts.ts";

/** How often BullMQ ticks each schedule (every real time zone's local times fall on quarter hours). */
export const TICK_MS = 15 * 60_000;
export { CLAIM_LEASE_MS, MAX_ATTEMPTS };
/** Each tick also delivers what fell due this long before it: ticks lost to a restart or a flushed Redis. */
export const CATCH_UP_MS = 60 * 60_000;
/** Prompts older than this can no longer be answered or skipped. */
export const ANSWERABLE_MS = 14 * 24 * 3600_000;

export interface TickReport {
  due: number;
  sent: number;
  failed: number;
  reminded: number;
  posted: boolean;
  /** Fired now: members (or mentors) left out because they are away. */
  away?: number;
}

/** A closed project's schedules send nothing (a job not yet removed may still fire), but care follow-ups. */
const silenced = (schedule: ScheduleRecord) => schedule.projectClosed === true && schedule.kind !== "care";

/** What ticks read and write: schedules and deliveries, pairs, and notices (reminders, surveys). */
export type DispatchServices = ServicesWith<"reflections" | "mentorship" | "notices">;

export class Dispatcher {
  constructor(private readonly services: DispatchServices) {}

  /** One tick of one schedule at `tickAt` (the tick's planned time, so a retry computes the same window). */
  async tick(scheduleId: string, tickAt: Date): Promise<TickReport> {
    const report: TickReport = { due: 0, sent: 0, failed: 0, reminded: 0, posted: false };
    const schedule = await this.services.store.reflections.schedule(scheduleId);
    if (!schedule?.enabled || silenced(schedule)) return report;
    const from = new Date(tickAt.getTime() - CATCH_UP_MS);
    const to = new Date(tickAt.getTime() + 1); // a delivery due exactly at the tick is this tick's
    if (schedule.kind === "digest") {
      report.posted = await this.postDigest(schedule, from, to);
      return report;
    }
    if (schedule.kind === "checkin") return { ...report, ...(await checkInTick(this.services, schedule, from, to)) };
    if (schedule.kind === "survey") return { ...report, ...(await surveyTick(this.services, schedule, from, to)) };
    const due = await dueMembers(this.services, schedule.projectId, schedule, from, to);
    Object.assign(report, { due: due.length }, await this.deliver(schedule, due.map((d) => ({ ...d, dedupeKey: `${schedule.id}:${d.recipient.personId}:${d.key}` }))));
    report.reminded = await this.remind(schedule);
    return report;
  }

  /** Sends the schedule's next prompt to every member now (not away), e.g. to try a schedule out. */
  async fireNow(schedule: ScheduleRecord, eventId: string): Promise<TickReport> {
    const now = this.services.clock.now();
    if (silenced(schedule)) return { due: 0, sent: 0, failed: 0, reminded: 0, posted: false };
    if (schedule.kind === "digest") {
      const last = (await this.services.store.reflections.lastPost(schedule.id)) ?? new Date(now.getTime() - 7 * 24 * 3600_000);
      return { due: 1, sent: 0, failed: 0, reminded: 0, posted: await this.sendDigest(schedule, `${schedule.id}:now:${eventId}`, last, now) };
    }
    if (schedule.kind === "checkin") return this.remindPairsNow(schedule, eventId);
    const members = await this.services.store.reflections.recipients(schedule.projectId);
    const recipients = members.filter((r) => !r.awayUntil || r.awayUntil <= now);
    const away = members.length - recipients.length;
    if (schedule.kind === "survey") {
      const items = recipients.map((r) => surveyInvitation(schedule, schedule.projectSlug, r, now));
      return { due: items.length, reminded: 0, posted: false, away, ...(await sendNotices(this.services, items)) };
    }
    const due = recipients.map((recipient) => ({ recipient, at: now, dedupeKey: `${schedule.id}:${recipient.personId}:now:${eventId}` }));
    return { due: due.length, reminded: 0, posted: false, away, ...(await this.deliver(schedule, due)) };
  }

  /** A check-in reminder to the mentor of every active pair now (not away): "fire now" for check-ins. */
  private async remindPairsNow(schedule: ScheduleRecord, eventId: string): Promise<TickReport> {
    const now = this.services.clock.now();
    const active = (await this.services.store.mentorship.pairs(schedule.projectId, { active: true })).filter((p) => !pairEnded(p, now));
    const pairs = active.filter((p) => !p.mentor.awayUntil || p.mentor.awayUntil <= now);
    const items = pairs.map((p) => checkInReminder(p, schedule.id, `checkin:${p.id}:now:${eventId}`, now));
    return { due: items.length, reminded: 0, posted: false, away: active.length - pairs.length, ...(await sendNotices(this.services, items)) };
  }

  private async deliver(schedule: ScheduleRecord, due: Array<{ recipient: Recipient; at: Date; dedupeKey: string }>) {
    const { store, chat, clock, prompts, logger } = this.services;
    if (due.length === 0) return { sent: 0, failed: 0 };
    // A schedule whose set was removed from prompts/ falls back to the first set rather than going silent.
    const set = prompts.set(schedule.promptSet ?? "") ?? prompts.sets[0]!;
    const seen = await store.reflections.seenPrompts([...new Set(due.map((d) => d.recipient.personId))], set.id);
    const rows: NewDelivery[] = due.map(({ recipient, at, dedupeKey }) => {
      const prompt = nextPrompt(set, seen.get(recipient.personId));
      return { dedupeKey, scheduleId: schedule.id, projectId: schedule.projectId, personId: recipient.personId, promptKey: prompt.key, language: languageFor(set, recipient.language), occurrence: at };
    });
    const claimed = await store.reflections.claimDeliveries(rows, clock.now(), CLAIM_LEASE_MS, MAX_ATTEMPTS);
    const people = new Map(due.map((d) => [d.recipient.personId, d.recipient]));
    const { ok, failed } = await inBatches(claimed, SEND_CONCURRENCY, async (row) => {
      const question = inLanguage(prompts.prompt(row.promptKey)?.text ?? {}, row.language);
      const recipient = people.get(row.personId)!;
      await chat.send(recipient, promptMessage(translator(recipient.language), { deliveryId: row.id, projectName: schedule.projectName, question }));
    });
    await store.reflections.markSent(ok.map((r) => r.id), clock.now());
    this.count("prompt", ok.length, failed.length);
    if (failed.length) {
      logger.warn({ schedule: schedule.id, failed: failed.length }, "prompt deliveries failed; a later tick retries them");
      await store.reflections.markFailed(failed.map((r) => r.id), MAX_ATTEMPTS);
    }
    return { sent: ok.length, failed: failed.length };
  }

  /**
   * One gentle reminder per unanswered prompt, `reminderHours` after it was sent, at a moment the
   * person can be messaged. Reminders are at most once: claimed before they are sent.
   */
  private async remind(schedule: ScheduleRecord): Promise<number> {
    if (!schedule.reminderHours) return 0;
    const { store, chat, clock, prompts } = this.services;
    const now = clock.now();
    const sent = reminderWindow(now, schedule.reminderHours);
    const candidates = (await store.reflections.remindable(schedule.id, sent.from, sent.to)).filter(({ recipient }) => reachable(recipient, now));
    if (candidates.length === 0) return 0;
    const mine = new Set(await store.reflections.claimReminders(candidates.map((c) => c.delivery.id), now));
    const { ok, failed } = await inBatches(
      candidates.filter((c) => mine.has(c.delivery.id)),
      SEND_CONCURRENCY,
      async ({ delivery, recipient }) => {
        const question = inLanguage(prompts.prompt(delivery.promptKey)?.text ?? {}, delivery.language);
        await chat.send(recipient, promptMessage(translator(recipient.language), { deliveryId: delivery.id, projectName: schedule.projectName, question, reminder: true }));
      },
    );
    this.count("reminder", ok.length, failed.length);
    return ok.length;
  }

  private count(kind: string, sent: number, failed: number) {
    const metrics = this.services.metrics ?? noMetrics;
    if (sent) metrics.delivery(kind, "sent", sent);
    if (failed) metrics.delivery(kind, "failed", failed);
  }

  private async postDigest(schedule: ScheduleRecord, from: Date, to: Date): Promise<boolean> {
    const [due] = occurrences(schedule, channelCalendar(schedule.timezone), from, to);
    if (!due) return false;
    const last = (await this.services.store.reflections.lastPost(schedule.id)) ?? new Date(due.at.getTime() - 7 * 24 * 3600_000);
    return this.sendDigest(schedule, `${schedule.id}:${due.key}`, last, due.at);
  }

  /**
   * Posts what was shared in [since, until) to the project channel, in the project's language, or,
   * when it has none, to each of its leads in their own.
   */
  private async sendDigest(schedule: ScheduleRecord, dedupeKey: string, since: Date, until: Date): Promise<boolean> {
    const { store, chat, clock, prompts } = this.services;
    const id = await store.reflections.claimPost({ dedupeKey, scheduleId: schedule.id, projectId: schedule.projectId, occurrence: until }, clock.now(), CLAIM_LEASE_MS, MAX_ATTEMPTS);
    if (!id) return false;
    const data = await store.reflections.digest(schedule.projectId, since, until);
    const day = (d: Date) => DateTime.fromJSDate(d, { zone: schedule.timezone }).toISODate()!;
    const digest = (t: Translator) =>
      digestMessage(t, {
        ...data,
        projectName: schedule.projectName,
        from: day(since),
        to: day(until),
        entries: data.entries.map((e) => ({ author: e.author, question: e.promptKey ? inLanguage(prompts.prompt(e.promptKey)?.text ?? {}, t.lang) : "", answer: e.text })),
      });
    if (data.channelId) await chat.post(data.channelId, digest(translator(schedule.projectLanguage)));
    // No channel: each lead gets it, in their own language (a lead's is already the effective one).
    else {
      for (const lead of data.leads) {
        const t = translator(lead.language);
        await chat.send(lead, { ...digest(t), language: t.lang });
      }
    }
    await store.reflections.markPostSent(id, clock.now());
    this.count("digest", 1, 0);
    return true;
  }
}
