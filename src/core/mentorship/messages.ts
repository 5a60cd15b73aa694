// Messages Mutual starts itself about mentoring and capacity needs — pairings, check-in reminders,
// overdue flags, survey invitations — worded by `t`, the recipient's translator. Commands inside
// them stay in English (they are what people type); everything around them is translated.
import { MIN_GROUP } from "../capacity/aggregate.ts";
import { msg, type Translator } from "../i18n/index.ts";
import { actions, fields, heading, info, note, text, type Block, type OutgoingMessage } from "../message.ts";
import type { Cadence } from "../reflection/calendar.ts";
import { describeCadence } from "../reflection/terms.ts";
import { CHECKIN_TOPICS, type CheckInTopic } from "../vocabulary.ts";

export interface PairFacts {
  number: number;
  projectName: string;
  projectSlug: string;
  mentor: string;
  mentee: string;
  cadence: Cadence;
  localTime: string;
  goals: string | null;
  endsOn: string | null;
}

/** A notice for one reader: its blocks, and their language for the words an adapter adds (a form's buttons). */
const notice = (t: Translator, ...blocks: Block[]): OutgoingMessage => ({ ...info(...blocks), language: t.lang });

const cadenceOf = (t: Translator, pair: Pick<PairFacts, "cadence" | "localTime">) => describeCadence(t, pair.cadence, pair.localTime);

/** Check-in topics as people read them: "writing, career". */
export const topicList = (t: Translator, topics: readonly CheckInTopic[]): string => t.list(topics.map((id) => msg(CHECKIN_TOPICS.messages[id])), "unit");

/** To mentor or mentee when a lead pairs them. */
export function pairedMessage(t: Translator, pair: PairFacts, role: "mentor" | "mentee"): OutgoingMessage {
  const project = pair.projectName;
  return notice(
    t,
    heading(t("mentorship.heading", { project })),
    text(role === "mentor" ? t("mentorship.paired.mentor", { mentee: pair.mentee, project }) : t("mentorship.paired.mentee", { mentor: pair.mentor, project })),
    fields(
      [t("mentorship.field.cadence"), cadenceOf(t, pair)],
      ...(pair.goals ? [[t("mentorship.field.goals"), pair.goals] as [string, string]] : []),
      ...(pair.endsOn ? [[t("mentorship.field.until"), pair.endsOn] as [string, string]] : []),
    ),
    note(t("mentorship.paired.how", { mentor: pair.mentor })),
  );
}

export function unpairedMessage(t: Translator, pair: PairFacts, role: "mentor" | "mentee"): OutgoingMessage {
  const project = pair.projectName;
  return notice(t, heading(t("mentorship.heading", { project })), text(t("mentorship.unpaired", { other: role === "mentor" ? pair.mentee : pair.mentor, project })));
}

/** The quick actions of a reminder: log, snooze a day or a week, skip the cycle with a reason. */
const pairActions = (t: Translator, pair: PairFacts) => {
  const ref = `#${pair.number} project=${pair.projectSlug}`;
  return actions(
    { id: "checkin-log", label: t("mentorship.action.log"), command: `checkin log ${ref}`, input: "text" },
    { id: "checkin-snooze-day", label: t("mentorship.action.snoozeDay"), command: `checkin snooze ${ref} 1d` },
    { id: "checkin-snooze-week", label: t("mentorship.action.snoozeWeek"), command: `checkin snooze ${ref} 1w` },
    { id: "checkin-skip", label: t("mentorship.action.skip"), command: `checkin skip ${ref}`, input: "text" },
  );
};

export function reminderMessage(t: Translator, pair: PairFacts, snoozed = false): OutgoingMessage {
  return notice(
    t,
    heading(t("mentorship.checkInHeading", { project: pair.projectName })),
    text(t(snoozed ? "mentorship.reminder.snoozed" : "mentorship.reminder", { mentee: pair.mentee })),
    ...(pair.goals ? [fields([t("mentorship.field.goals"), pair.goals])] : []),
    note(t("mentorship.howToLog", { number: pair.number })),
    pairActions(t, pair),
  );
}

export function overdueMentorMessage(t: Translator, pair: PairFacts, since: string, days: number): OutgoingMessage {
  return notice(
    t,
    heading(t("mentorship.checkInHeading", { project: pair.projectName })),
    text(t("mentorship.overdue.mentor", { mentee: pair.mentee, since, days })),
    note(t("mentorship.howToLog", { number: pair.number })),
    pairActions(t, pair),
  );
}

/** Built from dates and names only: a lead-facing message has no place for notes. */
export function overdueLeadMessage(t: Translator, pair: Pick<PairFacts, "projectName" | "mentor" | "mentee" | "cadence" | "localTime">, since: string, days: number): OutgoingMessage {
  return notice(
    t,
    heading(t("mentorship.heading", { project: pair.projectName })),
    text(t("mentorship.overdue.lead", { mentor: pair.mentor, mentee: pair.mentee, project: pair.projectName, since, days })),
    fields([t("mentorship.field.cadence"), cadenceOf(t, pair)]),
  );
}

export function checkInLoggedMessage(t: Translator, pair: PairFacts, date: string, topics: readonly CheckInTopic[]): OutgoingMessage {
  const ref = `#${pair.number} project=${pair.projectSlug}`;
  return notice(
    t,
    heading(t("mentorship.checkInHeading", { project: pair.projectName })),
    text(t("mentorship.logged", { mentor: pair.mentor, date, topics: topicList(t, topics) })),
    note(t("mentorship.howToConfirm", { number: pair.number })),
    actions(
      { id: "checkin-confirm", label: t("mentorship.action.confirm"), command: `checkin confirm ${ref}` },
      { id: "checkin-confirm-note", label: t("mentorship.action.confirmWithNote"), command: `checkin confirm ${ref}`, input: "text" },
    ),
  );
}

export function checkInConfirmedMessage(t: Translator, pair: PairFacts, date: string): OutgoingMessage {
  return notice(t, heading(t("mentorship.checkInHeading", { project: pair.projectName })), text(t("mentorship.confirmed", { mentee: pair.mentee, date })));
}

export function surveyMessage(t: Translator, p: { projectName: string; projectSlug: string; reminder?: boolean }): OutgoingMessage {
  return notice(
    t,
    heading(t("survey.invite.heading", { project: p.projectName })),
    ...(p.reminder ? [note(t("survey.invite.reminder"))] : []),
    text(t("survey.invite.text", { project: p.projectName })),
    note(t("survey.invite.howToAnswer", { privacy: msg("needs.privacy", { min: MIN_GROUP }) })),
    actions(
      { id: "needs-add", label: t("survey.invite.addNeed"), command: `needs add project=${p.projectSlug}`, input: "text" },
      { id: "needs-none", label: t("survey.invite.noNeeds"), command: `needs none project=${p.projectSlug}` },
    ),
  );
}
