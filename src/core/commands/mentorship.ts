// Mentorship: leads pair mentors with mentees; mentors log check-ins (or snooze, or skip a cycle);
// mentees confirm them. Check-in notes are the pair's: only mentor and mentee ever see them.
import { localDate, parseDate } from "../credit/terms.ts";
import { fail } from "../errors.ts";
import { msg, type MessageId, type Translator } from "../i18n/index.ts";
import { fields, heading, info, list, note, success, text } from "../message.ts";
import { topicList } from "../mentorship/messages.ts";
import type { NoticeData, NoticeTemplate } from "../notices.ts";
import { notify } from "../notify.ts";
import { daysSince, OVERDUE_LEAD_CYCLES, OVERDUE_MENTOR_CYCLES, overdueAt, overdueBase, pairEnded, pairFacts } from "../mentorship/reminders.ts";
import { suggestMentors } from "../mentorship/suggest.ts";
import { parseSnooze, parseTopics, snoozeUntil } from "../mentorship/terms.ts";
import type { Actor, PairRecord, ProjectRecord } from "../ports.ts";
import type { Ports, Services } from "../services.ts";
import { describeCadence, parseCadence, parseLocalTime } from "../reflection/terms.ts";
import { action, defineCommand, type UserRef } from "./definition.ts";
import { numberRef, parseUserRef } from "./parse.ts";
import { findPerson } from "./project.ts";

const WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const projectOption = { name: "project", type: "string", suggest: "projects", description: "opt.project" } as const;
const pairOption = (description: MessageId) => ({ name: "pair", type: "string", positional: true, required: true, description }) as const;

/** "#3", or "@amina" for the active pair between the actor and Amina. */
async function findPair(services: Ports<"mentorship" | "identity" | "projects">, actor: Actor, project: ProjectRecord, ref: string): Promise<PairRecord> {
  const seeYours = msg("mentor.seeYours", { slug: project.slug });
  const number = numberRef(ref);
  if (number !== undefined) {
    const pair = await services.store.mentorship.findPair(project.id, number);
    if (!pair) fail("mentor.pair.notFound", { project: project.name, number }, seeYours);
    return pair;
  }
  let who: UserRef;
  try {
    who = parseUserRef(ref);
  } catch {
    fail("mentor.pair.badRef", { ref });
  }
  const other = await findPerson(services, actor, who, project);
  const pair = (await services.store.mentorship.pairs(project.id, { personId: actor.personId, active: true })).find(
    (p) => p.mentor.personId === other.personId || p.mentee.personId === other.personId,
  );
  if (!pair) fail("mentor.pair.noneWith", { person: other.displayName, project: project.name }, seeYours);
  return pair;
}

/** What only the mentor may do to a pair: log its check-ins, snooze its reminders, skip its cycles. */
function requireMentor(pair: PairRecord, actor: Actor, what: "log" | "snooze" | "skip") {
  if (pair.mentor.personId === actor.personId) return;
  if (pair.mentee.personId === actor.personId) fail("checkin.onlyMentor", { mentor: pair.mentor.displayName, what }, msg("checkin.onlyMentor.hint", { number: pair.number }));
  fail("checkin.onlyMentorOf", { number: pair.number, what });
}

const requireActive = (pair: PairRecord, now: Date) => {
  if (pairEnded(pair, now)) fail("checkin.pairEnded", { number: pair.number }, msg("checkin.pairEnded.hint"));
};

/** The facts a lead may see about a pair: names, cadence, dates and counts — never notes. */
function describePair(t: Translator, p: PairRecord, now: Date): string {
  const days = () => daysSince(overdueBase(p), now, p.mentor.timezone);
  const status = pairEnded(p, now)
    ? msg("mentor.status.ended")
    : overdueAt(p, OVERDUE_LEAD_CYCLES) <= now
      ? msg("mentor.status.overdueLeads", { days: days() })
      : overdueAt(p, OVERDUE_MENTOR_CYCLES) <= now
        ? msg("mentor.status.overdueMentor", { days: days() })
        : msg("mentor.status.onTrack");
  return t(p.endsOn ? "mentor.line.until" : "mentor.line", {
    number: p.number,
    mentor: p.mentor.displayName,
    mentee: p.mentee.displayName,
    cadence: describeCadence(t, p.cadence, p.localTime),
    last: p.lastCheckIn ? msg("mentor.line.last", { date: p.lastCheckIn }) : msg("mentor.line.noCheckIn"),
    checkIns: p.checkIns,
    skips: p.skips,
    until: p.endsOn,
    status,
  });
}

/** A notice to the pair's mentor or mentee, through the outbox (sent after the reply, in their language). */
async function tellPair<T extends NoticeTemplate>(services: Ports<"outbox"> & Pick<Services, "clock" | "scheduler">, eventId: string, pair: PairRecord, to: "mentor" | "mentee", template: T, data: NoticeData<T>) {
  const who = to === "mentor" ? pair.mentor : pair.mentee;
  await notify(services, eventId, { to: [who.personId], projectId: pair.projectId, template, data });
}

/** A moment in the mentor's zone, in full: "Monday, 30 November 2026 at 10:00". */
function fullDateTime(t: Translator, at: Date, timeZone: string | null): string {
  // Mutual's English is British: day before month, 24-hour clock.
  return new Intl.DateTimeFormat(t.lang === "en" ? "en-GB" : t.lang, { timeZone: timeZone ?? "UTC", dateStyle: "full", timeStyle: "short" }).format(at);
}

export const mentor = defineCommand({
  name: "mentor",
  description: "cmd.mentor",
  aliases: ["mentorship", "mentors"],
  defaultSubcommand: "list",
  subcommands: {
    pair: action({
      description: "cmd.mentor.pair",
      ports: ["identity", "profiles", "projects", "mentorship", "outbox"],
      options: [
        { name: "mentor", type: "user", positional: true, required: true, description: "opt.mentor.mentor" },
        { name: "mentee", type: "user", positional: true, required: true, description: "opt.mentor.mentee" },
        { name: "every", type: "string", description: "opt.mentor.every" },
        { name: "days", type: "string", description: "opt.mentor.days" },
        { name: "at", type: "string", aliases: ["time"], description: "opt.mentor.at" },
        { name: "goals", type: "text", maxLength: 500, description: "opt.mentor.goals" },
        { name: "until", type: "string", description: "opt.mentor.until" },
        projectOption,
      ],
      examples: ["ex.mentor.pair.1", "ex.mentor.pair.2"],
      async handler({ actor, event, services, project, t }, args) {
        const [mentorRef, menteeRef] = await Promise.all([findPerson(services, actor, args.mentor, project), findPerson(services, actor, args.mentee, project)]);
        if (mentorRef.personId === menteeRef.personId) fail("mentor.pair.samePerson");
        for (const p of [mentorRef, menteeRef]) {
          if (!(await services.store.projects.roleOf(project.id, p.personId))) fail("mentor.notMember", { person: p.displayName, project: project.name }, msg("mentor.notMember.hint", { slug: project.slug }));
        }
        const mentorProfile = await services.store.profiles.get(mentorRef.personId);
        const today = localDate(services.clock.now(), mentorProfile.timezone);
        // Default reminder day: today's weekday if the mentor works today, else their first working day.
        const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
        const defaultDay = mentorProfile.workDays.includes(weekday) ? weekday : (mentorProfile.workDays[0] ?? 1);
        const cadence = parseCadence({ every: args.every ?? "2w", days: args.days ?? WEEKDAY_NAMES[defaultDay - 1] }, today);
        if (cadence.type === "daily") fail("mentor.pair.daily");
        const endsOn = args.until !== undefined ? parseDate(args.until, "until") : null;
        if (endsOn && endsOn <= today) fail("mentor.pair.pastEnd", undefined, msg("mentor.pair.pastEnd.hint"));
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
          await tellPair(services, event.id, pair, "mentor", "paired", { facts, role: "mentor" });
          await tellPair(services, event.id, pair, "mentee", "paired", { facts, role: "mentee" });
        }
        return success(
          t("mentor.pair.done", { outcome, pair: describePair(t, pair, services.clock.now()) }),
          note(outcome === "updated" ? t("mentor.pair.updated") : t("mentor.pair.told", { mentor: pair.mentor.displayName, mentee: pair.mentee.displayName })),
        );
      },
    }),
    unpair: action({
      description: "cmd.mentor.unpair",
      ports: ["identity", "projects", "mentorship", "outbox"],
      options: [pairOption("opt.mentor.pair"), projectOption],
      examples: ["ex.mentor.unpair.1"],
      async handler({ actor, event, services, project, t }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        if (pair.endedAt) return info(note(t("mentor.unpair.already", { number: pair.number })));
        await services.store.mentorship.endPair(actor, pair.id, services.clock.now());
        const facts = pairFacts(pair);
        await tellPair(services, event.id, pair, "mentor", "unpaired", { facts, role: "mentor" });
        await tellPair(services, event.id, pair, "mentee", "unpaired", { facts, role: "mentee" });
        return success(t("mentor.unpair.done", { number: pair.number, mentor: pair.mentor.displayName, mentee: pair.mentee.displayName }));
      },
    }),
    list: action({
      description: "cmd.mentor.list",
      ports: ["mentorship"],
      options: [projectOption, { name: "all", type: "boolean", description: "opt.mentor.all" }],
      idempotent: true,
      async handler({ actor, services, project, t }, args) {
        const isLead = project.myRole === "lead";
        const pairs = await services.store.mentorship.pairs(project.id, { ...(!isLead && { personId: actor.personId }), ...(!args.all && { active: true }) });
        if (pairs.length === 0) return info(note(t(isLead ? "mentor.list.none" : "mentor.list.noneOwn", { project: project.name })));
        const now = services.clock.now();
        return info(
          heading(t(isLead ? "mentor.list.heading" : "mentor.list.headingOwn", { project: project.name })),
          list(pairs.map((p) => describePair(t, p, now))),
          note(t("mentor.list.note")),
        );
      },
    }),
    suggest: action({
      description: "cmd.mentor.suggest",
      ports: ["identity", "projects", "mentorship", "capacity"],
      options: [{ name: "mentee", type: "user", positional: true, required: true, description: "opt.mentor.mentee" }, projectOption],
      examples: ["ex.mentor.suggest.1"],
      idempotent: true,
      async handler({ actor, services, project, t }, args) {
        const menteeRef = await findPerson(services, actor, args.mentee, project);
        const profiles = await services.store.capacity.profiles(project.id);
        const mentee = profiles.find((p) => p.personId === menteeRef.personId);
        if (!mentee) fail("mentor.notMember", { person: menteeRef.displayName, project: project.name });
        if (mentee.needs.length === 0) fail("mentor.suggest.noNeeds", { mentee: mentee.displayName, project: project.name }, msg("mentor.suggest.noNeeds.hint"));
        const paired = new Set((await services.store.mentorship.pairs(project.id, { personId: mentee.personId, active: true })).filter((p) => p.mentee.personId === mentee.personId).map((p) => p.mentor.personId));
        const suggestions = suggestMentors(mentee, profiles, paired);
        if (suggestions.length === 0) return info(note(t("mentor.suggest.none", { mentee: mentee.displayName, paired: paired.size ? "yes" : "no" })));
        return info(
          heading(t("mentor.suggest.heading", { mentee: mentee.displayName })),
          list(suggestions.map((s) => t.msg(s.reason))),
          note(t("mentor.suggest.note", { handle: menteeRef.handle ?? "mentee" })),
        );
      },
    }),
  },
});

export const checkin = defineCommand({
  name: "checkin",
  description: "cmd.checkin",
  aliases: ["check-in", "checkins"],
  defaultSubcommand: "history",
  subcommands: {
    log: action({
      description: "cmd.checkin.log",
      ports: ["identity", "projects", "mentorship", "outbox"],
      options: [
        pairOption("opt.checkin.pair"),
        { name: "note", type: "text", positional: true, maxLength: 2000, description: "opt.checkin.log.note" },
        { name: "topics", type: "string", description: "opt.checkin.topics" },
        { name: "next", type: "text", maxLength: 500, description: "opt.checkin.next" },
        { name: "date", type: "string", description: "opt.checkin.date" },
        projectOption,
      ],
      examples: ["ex.checkin.log.1", "ex.checkin.log.2"],
      async handler({ actor, event, services, project, t }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        requireMentor(pair, actor, "log");
        requireActive(pair, services.clock.now());
        const today = localDate(services.clock.now(), pair.mentor.timezone);
        const occurredOn = args.date !== undefined ? parseDate(args.date) : today;
        if (occurredOn > today) fail("checkin.log.future", undefined, msg("checkin.log.future.hint"));
        const topics = args.topics !== undefined ? parseTopics(args.topics) : ["other" as const];
        const { checkIn, created } = await services.store.mentorship.logCheckIn(actor, { pairId: pair.id, occurredOn, topics, nextSteps: args.next ?? null, mentorNote: args.note ?? null, idempotencyKey: event.id });
        if (created) await tellPair(services, event.id, pair, "mentee", "checkInLogged", { facts: pairFacts(pair), date: occurredOn, topics: checkIn.topics });
        return success(
          t("checkin.log.done", { date: occurredOn, mentee: pair.mentee.displayName, topics: topicList(t, checkIn.topics) }),
          note(t("checkin.log.note", { mentee: pair.mentee.displayName, number: pair.number })),
        );
      },
    }),
    confirm: action({
      description: "cmd.checkin.confirm",
      ports: ["identity", "projects", "mentorship", "outbox"],
      options: [pairOption("opt.checkin.pair"), { name: "note", type: "text", positional: true, maxLength: 2000, description: "opt.checkin.confirm.note" }, projectOption],
      examples: ["ex.checkin.confirm.1", "ex.checkin.confirm.2"],
      async handler({ actor, event, services, project, t }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        if (pair.mentee.personId !== actor.personId) fail("checkin.confirm.onlyMentee", { mentee: pair.mentee.displayName, number: pair.number });
        const [latest] = await services.store.mentorship.checkIns(pair.id);
        if (!latest) fail("checkin.confirm.nothing", { mentor: pair.mentor.displayName });
        const unconfirmed = latest.menteeConfirmedAt === null;
        if (!unconfirmed && args.note === undefined) return info(note(t("checkin.confirm.already", { date: latest.occurredOn })));
        await services.store.mentorship.confirmCheckIn(actor, latest.id, args.note ?? null, latest.menteeConfirmedAt ?? services.clock.now());
        if (unconfirmed) await tellPair(services, event.id, pair, "mentor", "checkInConfirmed", { facts: pairFacts(pair), date: latest.occurredOn });
        return success(
          t("checkin.confirm.done", { confirmed: unconfirmed ? "yes" : "no", date: latest.occurredOn, mentor: pair.mentor.displayName, note: args.note ? "yes" : "no" }),
        );
      },
    }),
    history: action({
      description: "cmd.checkin.history",
      ports: ["identity", "projects", "mentorship"],
      options: [{ ...pairOption("opt.checkin.pair"), required: false }, projectOption],
      examples: ["ex.checkin.history.1"],
      idempotent: true,
      async handler({ actor, services, project, t }, args) {
        let pair: PairRecord;
        if (args.pair !== undefined) pair = await findPair(services, actor, project, args.pair);
        else {
          const mine = await services.store.mentorship.pairs(project.id, { personId: actor.personId, active: true });
          if (mine.length === 0) fail("mentor.list.noneOwn", { project: project.name });
          // Pair numbers to type, as typed.
          if (mine.length > 1) fail("checkin.history.which", undefined, msg("checkin.history.which.hint", { pairs: mine.map((p) => `#${p.number}`).join(", ") }));
          pair = mine[0]!;
        }
        if (pair.mentor.personId !== actor.personId && pair.mentee.personId !== actor.personId) {
          fail("checkin.history.private", undefined, msg("checkin.history.private.hint", { slug: project.slug }));
        }
        const [checkIns, skips] = await Promise.all([services.store.mentorship.checkIns(pair.id), services.store.mentorship.skips(pair.id)]);
        const noteBy = (name: string, note: string | null) => (note ? msg("checkin.history.noteBy", { name, note }) : "");
        const entries = [
          ...checkIns.map((c) => ({
            date: c.occurredOn,
            line: t("checkin.history.entry", {
              date: c.occurredOn,
              topics: topicList(t, c.topics),
              confirmed: c.menteeConfirmedAt ? "yes" : "no",
              mentorNote: noteBy(pair.mentor.displayName, c.mentorNote),
              next: c.nextSteps ? msg("checkin.history.next", { steps: c.nextSteps }) : "",
              menteeNote: noteBy(pair.mentee.displayName, c.menteeNote),
            }),
          })),
          ...skips.map((s) => ({ date: s.date, line: s.reason ? t("checkin.history.skippedBecause", { date: s.date, reason: s.reason }) : t("checkin.history.skipped", { date: s.date }) })),
        ].sort((a, b) => b.date.localeCompare(a.date));
        return info(
          heading(t("checkin.history.heading", { mentor: pair.mentor.displayName, mentee: pair.mentee.displayName, number: pair.number, project: project.name })),
          fields([t("checkin.history.cadence"), describeCadence(t, pair.cadence, pair.localTime)], ...(pair.goals ? [[t("checkin.history.goals"), pair.goals] as [string, string]] : [])),
          entries.length ? list(entries.map((e) => e.line)) : text(t("checkin.history.none")),
          note(t("checkin.history.note")),
        );
      },
    }),
    snooze: action({
      description: "cmd.checkin.snooze",
      ports: ["identity", "projects", "mentorship"],
      options: [pairOption("opt.checkin.pair"), { name: "for", type: "string", positional: true, description: "opt.checkin.for" }, projectOption],
      examples: ["ex.checkin.snooze.1", "ex.checkin.snooze.2"],
      async handler({ actor, services, project, t }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        requireMentor(pair, actor, "snooze");
        requireActive(pair, services.clock.now());
        const until = snoozeUntil(services.clock.now(), parseSnooze(args.for ?? "1d"), pair.localTime, pair.mentor);
        if (!until) fail("checkin.snooze.noDay", undefined, msg("checkin.snooze.noDay.hint"));
        await services.store.mentorship.snooze(actor, pair.id, until);
        return success(t("checkin.snooze.done", { mentee: pair.mentee.displayName, when: fullDateTime(t, until, pair.mentor.timezone) }));
      },
    }),
    skip: action({
      description: "cmd.checkin.skip",
      ports: ["identity", "projects", "mentorship"],
      options: [pairOption("opt.checkin.pair"), { name: "reason", type: "text", positional: true, required: true, maxLength: 500, description: "opt.checkin.reason" }, projectOption],
      examples: ["ex.checkin.skip.1"],
      async handler({ actor, services, project, t }, args) {
        const pair = await findPair(services, actor, project, args.pair);
        requireMentor(pair, actor, "skip");
        requireActive(pair, services.clock.now());
        const reminder = await services.store.mentorship.lastReminder(pair.id);
        if (!reminder) fail("checkin.skip.noReminder", undefined, msg("checkin.skip.noReminder.hint"));
        const cycle = localDate(reminder.occurrence, pair.mentor.timezone);
        if (cycle < pair.startsOn || (pair.lastCheckIn !== null && pair.lastCheckIn >= cycle)) {
          fail("checkin.skip.sinceCheckIn", undefined, msg("checkin.skip.sinceCheckIn.hint"));
        }
        if (reminder.status === "skipped") return info(note(t("checkin.skip.already")));
        await services.store.mentorship.skipCycle(actor, reminder, args.reason);
        return success(t("checkin.skip.done", { mentee: pair.mentee.displayName }), note(t("checkin.skip.note")));
      },
    }),
  },
});

export const mentorshipCommands = [mentor, checkin];
