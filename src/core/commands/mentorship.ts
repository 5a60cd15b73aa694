// Mentorship: leads pair mentors with mentees; mentors log check-ins (or snooze, or skip a cycle);
// mentees confirm them. Check-in notes are the pair's: only mentor and mentee ever see them.
import { localDate, parseDate } from "../credit/terms.ts";
import { UserError } from "../errors.ts";
import { fields, heading, info, list, note, success, text } from "../message.ts";
import { checkInConfirmedMessage, checkInLoggedMessage, pairedMessage, unpairedMessage } from "../mentorship/messages.ts";
import { daysSince, OVERDUE_LEAD_CYCLES, OVERDUE_MENTOR_CYCLES, overdueAt, overdueBase, pairEnded, pairFacts } from "../mentorship/reminders.ts";
import { suggestMentors } from "../mentorship/suggest.ts";
import { parseSnooze, parseTopics, snoozeUntil } from "../mentorship/terms.ts";
import type { Actor, PairRecord, ProjectRecord, Services } from "../ports.ts";
import { describeCadence, parseCadence, parseLocalTime } from "../reflection/terms.ts";
import { CHECKIN_TOPICS } from "../vocabulary.ts";
import { action, defineCommand, type UserRef } from "./definition.ts";
import { numberRef, parseUserRef } from "./parse.ts";
import { findPerson } from "./project.ts";

const WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const projectOption = { name: "project", type: "string", suggest: "projects", description: "Project (default: your only project)." } as const;
const pairOption = { name: "pair", type: "string", positional: true, required: true, description: "The pair's number, e.g. #1, or the other person, e.g. @amina." } as const;

/** "#3", or "@amina" for the active pair between the actor and Amina. */
async function findPair(services: Services, actor: Actor, project: ProjectRecord, ref: string): Promise<PairRecord> {
  const number = numberRef(ref);
  if (number !== undefined) {
    const pair = await services.store.mentorship.findPair(project.id, number);
    if (!pair) throw new UserError(`${project.name} has no mentorship pair #${number}.`, `See yours with: mentor list project=${project.slug}`);
    return pair;
  }
  let who: UserRef;
  try {
    who = parseUserRef(ref);
  } catch {
    throw new UserError(`"${ref}" is not a pair. Name it by number (#1) or by the other person (@amina).`);
  }
  const other = await findPerson(services, actor, who);
  const pair = (await services.store.mentorship.pairs(project.id, { personId: actor.personId, active: true })).find(
    (p) => p.mentor.personId === other.personId || p.mentee.personId === other.personId,
  );
  if (!pair) throw new UserError(`You have no active mentorship pair with ${other.displayName} in ${project.name}.`, `See yours with: mentor list project=${project.slug}`);
  return pair;
}

function requireMentor(pair: PairRecord, actor: Actor, what: string) {
  if (pair.mentor.personId === actor.personId) return;
  if (pair.mentee.personId === actor.personId) throw new UserError(`Only the mentor (${pair.mentor.displayName}) can ${what}.`, `You can confirm check-ins: checkin confirm #${pair.number}`);
  throw new UserError(`Only the mentor of pair #${pair.number} can ${what}.`);
}

const requireActive = (pair: PairRecord, now: Date) => {
  if (pairEnded(pair, now)) throw new UserError(`Pair #${pair.number} has ended.`, "A lead can pair you again with `mentor pair`.");
};

/** The facts a lead may see about a pair: names, cadence, dates and counts — never notes. */
function describePair(p: PairRecord, now: Date): string {
  const status = pairEnded(p, now)
    ? "ended"
    : overdueAt(p, OVERDUE_LEAD_CYCLES) <= now
      ? `overdue (2× cadence), no check-in for ${daysSince(overdueBase(p), now, p.mentor.timezone)} days`
      : overdueAt(p, OVERDUE_MENTOR_CYCLES) <= now
        ? `overdue (1.5× cadence), no check-in for ${daysSince(overdueBase(p), now, p.mentor.timezone)} days`
        : "on track";
  const last = p.lastCheckIn ? `last check-in ${p.lastCheckIn}` : "no check-in yet";
  return `#${p.number} ${p.mentor.displayName} → ${p.mentee.displayName} · ${describeCadence(p.cadence, p.localTime)} · ${last} · ${p.checkIns} check-ins${p.skips ? `, ${p.skips} cycles skipped` : ""}${p.endsOn ? ` · until ${p.endsOn}` : ""} · ${status}`;
}

async function tell(services: Services, pair: PairRecord, to: "mentor" | "mentee", build: (language: string) => ReturnType<typeof pairedMessage>) {
  const who = to === "mentor" ? pair.mentor : pair.mentee;
  try {
    await services.chat.send(who, build(who.language));
  } catch (err) {
    // The record stands; a message that could not be delivered is logged, not fatal.
    services.logger.warn({ err, pair: pair.id }, "could not message a pair member");
  }
}

export const mentor = defineCommand({
  name: "mentor",
  description: "Mentorship pairs: pair, unpair, list, suggest mentors (leads pair and suggest).",
  aliases: ["mentorship", "mentors"],
  defaultSubcommand: "list",
  subcommands: {
    pair: action({
      description: "Pair a mentor with a mentee, with a check-in cadence (leads).",
      options: [
        { name: "mentor", type: "user", positional: true, required: true, description: "The mentor, e.g. @kofi." },
        { name: "mentee", type: "user", positional: true, required: true, description: "The mentee, e.g. @amina." },
        { name: "every", type: "string", description: "Check-in cadence: weekly, 2w (default), 4w or monthly." },
        { name: "days", type: "string", description: "Weekday(s) of the reminder, e.g. tue (default: today's)." },
        { name: "at", type: "string", aliases: ["time"], description: "The mentor's local time for reminders (default 10:00)." },
        { name: "goals", type: "text", maxLength: 500, description: "What the mentoring is for." },
        { name: "until", type: "string", description: "End date, YYYY-MM-DD." },
        projectOption,
      ],
      examples: ['mentor pair @kofi @amina every=2w goals="first-author paper; grant writing" until=2027-06-30', "mentor pair @lucia @tomas every=monthly at=15:00"],
      async handler({ actor, services, project }, args) {
        const [mentorRef, menteeRef] = await Promise.all([findPerson(services, actor, args.mentor), findPerson(services, actor, args.mentee)]);
        if (mentorRef.personId === menteeRef.personId) throw new UserError("A mentor and a mentee are two different people.");
        for (const p of [mentorRef, menteeRef]) {
          if (!(await services.store.projects.roleOf(project.id, p.personId))) throw new UserError(`${p.displayName} is not a member of ${project.name}.`, `They can join with: project join ${project.slug}`);
        }
        const mentorProfile = await services.store.profiles.get(mentorRef.personId);
        const today = localDate(services.clock.now(), mentorProfile.timezone);
        // Default reminder day: today's weekday if the mentor works today, else their first working day.
        const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
        const defaultDay = mentorProfile.workDays.includes(weekday) ? weekday : (mentorProfile.workDays[0] ?? 1);
        const cadence = parseCadence({ every: args.every ?? "2w", days: args.days ?? WEEKDAY_NAMES[defaultDay - 1] }, today);
        if (cadence.type === "daily") throw new UserError("Daily check-ins would be a lot; pick weekly, 2w, 4w or monthly.");
        const endsOn = args.until !== undefined ? parseDate(args.until, "until") : null;
        if (endsOn && endsOn <= today) throw new UserError("The end date must be in the future.", "For example until=2027-06-30.");
        const { pair, outcome } = await services.store.mentorship.pair(actor, {
          projectId: project.id,
          mentorId: mentorRef.personId,
          menteeId: menteeRef.personId,
          cadence,
          localTime: args.at !== undefined ? parseLocalTime(args.at) : "10:00",
          goals: args.goals ?? null,
          startsOn: today,
          endsOn,
        });
        await services.store.mentorship.ensureSchedule(actor, project.id);
        await services.scheduler.reconcile();
        if (outcome !== "updated") {
          const facts = pairFacts(pair);
          await tell(services, pair, "mentor", (l) => pairedMessage(facts, "mentor", l));
          await tell(services, pair, "mentee", (l) => pairedMessage(facts, "mentee", l));
        }
        const verb = { created: "Paired", resumed: "Paired again", updated: "Updated" }[outcome];
        return success(`${verb}: ${describePair(pair, services.clock.now())}`, note(outcome === "updated" ? "The pair already existed; its cadence, goals and end date are updated." : `${pair.mentor.displayName} and ${pair.mentee.displayName} have been told, each in their language.`));
      },
    }),
    unpair: action({
      description: "End a mentorship pair (leads); its check-in history is kept for the pair.",
      options: [pairOption, projectOption],
      examples: ["mentor unpair #2"],
      async handler({ actor, services, project }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        if (pair.endedAt) return info(note(`Pair #${pair.number} has already ended.`));
        await services.store.mentorship.endPair(actor, pair.id, services.clock.now());
        const facts = pairFacts(pair);
        await tell(services, pair, "mentor", (l) => unpairedMessage(facts, "mentor", l));
        await tell(services, pair, "mentee", (l) => unpairedMessage(facts, "mentee", l));
        return success(`Pair #${pair.number} (${pair.mentor.displayName} → ${pair.mentee.displayName}) has ended; both were told.`);
      },
    }),
    list: action({
      description: "List mentorship pairs: all of them for leads, your own for everyone else.",
      options: [projectOption, { name: "all", type: "boolean", description: "Include ended pairs." }],
      idempotent: true,
      async handler({ actor, services, project }, args) {
        const isLead = project.myRole === "lead";
        const pairs = await services.store.mentorship.pairs(project.id, { ...(!isLead && { personId: actor.personId }), ...(!args.all && { active: true }) });
        if (pairs.length === 0) return info(note(isLead ? `${project.name} has no mentorship pairs yet. Pair people with: mentor pair @mentor @mentee every=2w` : `You are in no mentorship pair in ${project.name}.`));
        const now = services.clock.now();
        return info(heading(`${isLead ? "Mentorship pairs" : "Your mentorship pairs"} in ${project.name}`), list(pairs.map((p) => describePair(p, now))), note("Check-in notes are seen only by each pair."));
      },
    }),
    suggest: action({
      description: "Suggest mentors for a mentee: their needs against members' strengths (leads).",
      options: [{ name: "mentee", type: "user", positional: true, required: true, description: "The mentee, e.g. @amina." }, projectOption],
      examples: ["mentor suggest @amina"],
      idempotent: true,
      async handler({ actor, services, project }, args) {
        const menteeRef = await findPerson(services, actor, args.mentee);
        const profiles = await services.store.capacity.profiles(project.id);
        const mentee = profiles.find((p) => p.personId === menteeRef.personId);
        if (!mentee) throw new UserError(`${menteeRef.displayName} is not a member of ${project.name}.`);
        if (mentee.needs.length === 0) throw new UserError(`${mentee.displayName} has not stated any capacity needs in ${project.name} yet.`, "They can with `needs add`, or you can launch a survey: survey start");
        const paired = new Set((await services.store.mentorship.pairs(project.id, { personId: mentee.personId, active: true })).filter((p) => p.mentee.personId === mentee.personId).map((p) => p.mentor.personId));
        const suggestions = suggestMentors(mentee, profiles, paired);
        if (suggestions.length === 0) {
          return info(note(`No member's stated strengths match ${mentee.displayName}'s needs yet${paired.size ? " (their current mentors are left out)" : ""}. Members state strengths with \`strengths add\`.`));
        }
        return info(heading(`Possible mentors for ${mentee.displayName}`), list(suggestions.map((s) => s.reason)), note(`Pair one with: mentor pair @mentor @${menteeRef.handle ?? "mentee"} every=2w`));
      },
    }),
  },
});

const TOPIC_LIST = Object.values(CHECKIN_TOPICS.labels).join(", ");

export const checkin = defineCommand({
  name: "checkin",
  description: "Mentorship check-ins: log, confirm, history, snooze, skip a cycle.",
  aliases: ["check-in", "checkins"],
  defaultSubcommand: "history",
  subcommands: {
    log: action({
      description: "Log a check-in with your mentee (mentors); notes are seen only by the two of you.",
      options: [
        pairOption,
        { name: "note", type: "text", positional: true, maxLength: 2000, description: "Private notes: what you talked about." },
        { name: "topics", type: "string", description: `Comma-separated: ${TOPIC_LIST}.` },
        { name: "next", type: "text", maxLength: 500, description: "Next steps." },
        { name: "date", type: "string", description: "When it happened, YYYY-MM-DD (default: today)." },
        projectOption,
      ],
      examples: ['checkin log #1 Went through the reviewers\' comments topics=writing,career next="revise section 3 by Friday"', "checkin log @amina topics=methods date=2026-11-18"],
      async handler({ actor, event, services, project }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        requireMentor(pair, actor, "log its check-ins");
        requireActive(pair, services.clock.now());
        const today = localDate(services.clock.now(), pair.mentor.timezone);
        const occurredOn = args.date !== undefined ? parseDate(args.date) : today;
        if (occurredOn > today) throw new UserError("A check-in can't be logged before it happens.", "Leave date= out for today.");
        const topics = args.topics !== undefined ? parseTopics(args.topics) : ["other" as const];
        const { checkIn, created } = await services.store.mentorship.logCheckIn(actor, { pairId: pair.id, occurredOn, topics, nextSteps: args.next ?? null, mentorNote: args.note ?? null, idempotencyKey: event.id });
        const topicLabels = checkIn.topics.map((t) => CHECKIN_TOPICS.labels[t]).join(", ");
        if (created) await tell(services, pair, "mentee", (l) => checkInLoggedMessage(pairFacts(pair), occurredOn, topicLabels, l));
        return success(`Check-in of ${occurredOn} with ${pair.mentee.displayName} logged (topics: ${topicLabels}).`, note(`${pair.mentee.displayName} can confirm it. Notes are seen only by the two of you. History: checkin history #${pair.number}`));
      },
    }),
    confirm: action({
      description: "Confirm your mentor's latest check-in happened, optionally with your own note (mentees).",
      options: [pairOption, { name: "note", type: "text", positional: true, maxLength: 2000, description: "Your own note (seen only by the two of you)." }, projectOption],
      examples: ["checkin confirm #1", "checkin confirm @kofi Really useful, thanks — I'll send the draft Friday"],
      async handler({ actor, services, project }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        if (pair.mentee.personId !== actor.personId) throw new UserError(`Only the mentee (${pair.mentee.displayName}) confirms the check-ins of pair #${pair.number}.`);
        const [latest] = await services.store.mentorship.checkIns(pair.id);
        if (!latest) throw new UserError(`${pair.mentor.displayName} has not logged a check-in with you yet.`);
        const unconfirmed = latest.menteeConfirmedAt === null;
        if (!unconfirmed && args.note === undefined) return info(note(`Your check-in of ${latest.occurredOn} is already confirmed.`));
        await services.store.mentorship.confirmCheckIn(actor, latest.id, args.note ?? null, latest.menteeConfirmedAt ?? services.clock.now());
        if (unconfirmed) await tell(services, pair, "mentor", (l) => checkInConfirmedMessage(pairFacts(pair), latest.occurredOn, l));
        return success(`${unconfirmed ? "Confirmed" : "Note updated"}: your check-in of ${latest.occurredOn} with ${pair.mentor.displayName}.${args.note ? " Your note is seen only by the two of you." : ""}`);
      },
    }),
    history: action({
      description: "A pair's check-ins with notes — only for its mentor and mentee.",
      options: [{ ...pairOption, required: false }, projectOption],
      examples: ["checkin history #1"],
      idempotent: true,
      async handler({ actor, services, project }, args) {
        let pair: PairRecord;
        if (args.pair !== undefined) pair = await findPair(services, actor, project, args.pair);
        else {
          const mine = await services.store.mentorship.pairs(project.id, { personId: actor.personId, active: true });
          if (mine.length !== 1) throw new UserError(mine.length ? "You are in several pairs; which one?" : `You are in no mentorship pair in ${project.name}.`, mine.length ? `Name it: ${mine.map((p) => `#${p.number}`).join(", ")}` : undefined);
          pair = mine[0]!;
        }
        if (pair.mentor.personId !== actor.personId && pair.mentee.personId !== actor.personId) {
          throw new UserError("Check-in notes are seen only by the mentor and the mentee.", `Leads see dates and counts with: mentor list project=${project.slug}`);
        }
        const [checkIns, skips] = await Promise.all([services.store.mentorship.checkIns(pair.id), services.store.mentorship.skips(pair.id)]);
        const entries = [
          ...checkIns.map((c) => ({
            date: c.occurredOn,
            line: [
              `${c.occurredOn} · ${c.topics.map((t) => CHECKIN_TOPICS.labels[t]).join(", ")}${c.menteeConfirmedAt ? " · confirmed" : " · not yet confirmed"}`,
              c.mentorNote ? `${pair.mentor.displayName}: ${c.mentorNote}` : null,
              c.nextSteps ? `next: ${c.nextSteps}` : null,
              c.menteeNote ? `${pair.mentee.displayName}: ${c.menteeNote}` : null,
            ].filter(Boolean).join(" — "),
          })),
          ...skips.map((s) => ({ date: s.date, line: `${s.date} · cycle skipped${s.reason ? ` — ${s.reason}` : ""}` })),
        ].sort((a, b) => b.date.localeCompare(a.date));
        return info(
          heading(`Check-ins: ${pair.mentor.displayName} → ${pair.mentee.displayName} (#${pair.number}, ${project.name})`),
          fields(["Cadence", describeCadence(pair.cadence, pair.localTime)], ...(pair.goals ? [["Goals", pair.goals] as [string, string]] : [])),
          entries.length ? list(entries.map((e) => e.line)) : text("No check-ins yet."),
          note("Only the two of you can see these notes."),
        );
      },
    }),
    snooze: action({
      description: "Be reminded again in a day or a week (mentors).",
      options: [pairOption, { name: "for", type: "string", positional: true, description: "1d (default) or 1w." }, projectOption],
      examples: ["checkin snooze #1 1d", "checkin snooze #1 1w"],
      async handler({ actor, services, project }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        requireMentor(pair, actor, "snooze its reminders");
        requireActive(pair, services.clock.now());
        const until = snoozeUntil(services.clock.now(), parseSnooze(args.for ?? "1d"), pair.localTime, pair.mentor);
        if (!until) throw new UserError("You have no working day in the next three weeks to be reminded on (a pause, or your work week).", "Check your profile, or log the check-in when you can.");
        await services.store.mentorship.snooze(actor, pair.id, until);
        const when = new Intl.DateTimeFormat("en-GB", { timeZone: pair.mentor.timezone ?? "UTC", dateStyle: "full", timeStyle: "short" }).format(until);
        return success(`Snoozed: you'll be reminded about ${pair.mentee.displayName} on ${when} (your time).`);
      },
    }),
    skip: action({
      description: "Skip this check-in cycle, with a reason the two of you can see (mentors).",
      options: [pairOption, { name: "reason", type: "text", positional: true, required: true, maxLength: 500, description: "Why (e.g. fieldwork, leave)." }, projectOption],
      examples: ["checkin skip #1 Amina is on fieldwork until the 10th"],
      async handler({ actor, services, project }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        requireMentor(pair, actor, "skip its cycles");
        requireActive(pair, services.clock.now());
        const reminder = await services.store.mentorship.lastReminder(pair.id);
        if (!reminder) throw new UserError("There is no reminder to skip yet.", "Skips apply to a reminder Mutual has sent.");
        const cycle = localDate(reminder.occurrence, pair.mentor.timezone);
        if (cycle < pair.startsOn || (pair.lastCheckIn !== null && pair.lastCheckIn >= cycle)) {
          throw new UserError("There is no reminder to skip since your last check-in.", "Skips apply to the latest reminder, before a check-in is logged for it.");
        }
        if (reminder.status === "skipped") return info(note("This cycle is already skipped."));
        await services.store.mentorship.skipCycle(actor, reminder, args.reason);
        return success(`This cycle with ${pair.mentee.displayName} is skipped; the next reminder follows the cadence.`, note("The reason is seen only by the two of you. Leads see that a cycle was skipped, not why."));
      },
    }),
  },
});

export const mentorshipCommands = [mentor, checkin];
