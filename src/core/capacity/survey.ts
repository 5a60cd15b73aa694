// A capacity needs survey: a schedule of kind "survey" with a one-off cadence. Each member is
// invited at the survey's local time on that date (or their next working day), and gets one gentle
// reminder after `reminderHours` unless they answered (stated a need, or said they have none).
import { reminderWindow, sendNotices, type Outgoing } from "../delivery.ts";
import { translator } from "../i18n/index.ts";
import { surveyMessage } from "../mentorship/messages.ts";
import type { Recipient, ScheduleRecord } from "../ports.ts";
import type { ServicesWith } from "../services.ts";
import { reachable } from "../reflection/calendar.ts";
import { dueMembers } from "../reflection/due.ts";

/** Invitations go out within a week of the date (days off, late scheduling); after that and the reminder, a survey's ticks are empty. */
const SURVEY_ACTIVE_MS = 10 * 24 * 3600_000;

export const surveyInvitation = (schedule: ScheduleRecord, projectSlug: string, recipient: Recipient, at: Date, reminder = false): Outgoing => ({
  notice: {
    dedupeKey: `survey:${schedule.id}:${recipient.personId}${reminder ? ":reminder" : ""}`,
    kind: reminder ? "survey_reminder" : "survey",
    scheduleId: schedule.id,
    projectId: schedule.projectId,
    pairId: null,
    personId: recipient.personId,
    occurrence: at,
  },
  to: recipient,
  message: surveyMessage(translator(recipient.language), { projectName: schedule.projectName, projectSlug, reminder }),
});

export async function surveyTick(services: ServicesWith<"notices" | "reflections">, schedule: ScheduleRecord, from: Date, to: Date): Promise<{ due: number; sent: number; failed: number }> {
  if (schedule.cadence.type !== "once") return { due: 0, sent: 0, failed: 0 };
  const start = Date.parse(`${schedule.cadence.date}T00:00:00Z`);
  if (to.getTime() < start - 24 * 3600_000 || from.getTime() > start + SURVEY_ACTIVE_MS) return { due: 0, sent: 0, failed: 0 };
  const { store, clock } = services;
  const slug = schedule.projectSlug;
  // Each member is invited at the survey's local time on its date — or, if that moment had passed
  // where they are when the survey was scheduled (or its tick was lost), at that time on their next
  // working day. One invitation per member: the key is (survey, person).
  const date = schedule.cadence.date;
  const daily = { cadence: { type: "daily" as const }, localTime: schedule.localTime };
  const items = (await dueMembers(services, schedule.projectId, daily, from, to))
    .filter((d) => d.key >= date)
    .map((d) => surveyInvitation(schedule, slug, d.recipient, d.at));
  if (schedule.reminderHours) {
    const now = clock.now();
    const sent = reminderWindow(now, schedule.reminderHours);
    const pending = await store.notices.unansweredSurveys(schedule.id, sent.from, sent.to);
    items.push(...pending.filter(({ recipient }) => reachable(recipient, now)).map(({ recipient }) => surveyInvitation(schedule, slug, recipient, now, true)));
  }
  return { due: items.length, ...(await sendNotices(services, items)) };
}
