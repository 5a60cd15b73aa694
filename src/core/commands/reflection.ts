// Reflection prompts: schedules (leads), asking for a prompt now, answering, skipping, pausing,
// browsing the prompt sets, and one's own history.
import { localDate } from "../credit/terms.ts";
import { fail } from "../errors.ts";
import { msg, type Translator } from "../i18n/index.ts";
import { closest, didYouMean } from "../matching.ts";
import { heading, info, list, note, success, text } from "../message.ts";
import type { Actor, ProjectRecord, ScheduleRecord, Visibility } from "../ports.ts";
import { afterClosing, type Cadence } from "../reflection/calendar.ts";
import type { Ports, Services } from "../services.ts";
import { ANSWERABLE_MS, Dispatcher } from "../reflection/dispatch.ts";
import { historyFile, questionOf, visibilityLabel, type HistoryFormat } from "../reflection/history.ts";
import { promptMessage } from "../reflection/messages.ts";
import { inLanguage, languageFor, nextPrompt, type PromptSet } from "../reflection/prompts.ts";
import { describeCadence, parseAfterClosing, parseCadence, parseLocalTime, parsePauseEnd, parseReminderDelay } from "../reflection/terms.ts";
import * as validate from "../validate.ts";
import { VISIBILITIES } from "../vocabulary.ts";
import { data } from "./data.ts";
import { action, defineCommand } from "./definition.ts";
import { numberRef } from "./parse.ts";


const DEFAULT_REMINDER_HOURS = 24;
const DEFAULT_SET = "mutual-learning";
const CARE_SET = "follow-up";
/** A care schedule given no cadence asks 3 and 12 months after the project closes. */
const CARE_MONTHS = [3, 12];

type CadenceArgs = { after?: string; every?: string; days?: string; day?: number; cron?: string };

/**
 * Care follow-ups fall months after the project's closing date (after=, also a care schedule's default);
 * any schedule may instead have a cadence (every=, cron=). Created on an open project, follow-ups wait
 * for it to close: a lead plans them with the team still together.
 */
function scheduleCadence(kind: ScheduleRecord["kind"], args: CadenceArgs, today: string): Cadence {
  const timed = args.every !== undefined || args.days !== undefined || args.day !== undefined || args.cron !== undefined;
  if (args.after !== undefined) {
    if (kind !== "care") fail("care.after.careOnly", {}, msg("care.after.hint"));
    if (timed) fail("care.after.both", {}, msg("care.after.hint"));
    return { type: "after-close", months: parseAfterClosing(args.after) };
  }
  if (kind === "care" && !timed) return { type: "after-close", months: CARE_MONTHS };
  return parseCadence(args, today);
}

/** When each follow-up of an "after-close" schedule falls, or that they wait for the project to close. */
const followUps = (t: Translator, s: ScheduleRecord, months: readonly number[]) =>
  s.closedOn ? afterClosing(months, s.closedOn).map((d) => t("care.date", d)).join("; ") : t("care.dormant");

function findSet(services: Pick<Services, "prompts">, id: string | undefined): PromptSet {
  const { prompts } = services;
  if (id === undefined) return prompts.set(DEFAULT_SET) ?? prompts.sets[0]!;
  const set = prompts.set(id.trim().toLowerCase());
  if (set) return set;
  fail("reflection.set.notFound", { set: id, didYouMean: didYouMean(closest(id, prompts.sets.map((s) => s.id))) }, msg("reflection.set.notFound.hint"));
}

function scheduleNumber(input: string): number {
  const n = numberRef(input);
  return n ?? fail("schedule.notNumber", { input }, msg("schedule.notNumber.hint"));
}

async function findSchedule(services: Ports<"reflections">, project: ProjectRecord, ref: string): Promise<ScheduleRecord> {
  const found = await services.store.reflections.findSchedule(project.id, scheduleNumber(ref));
  return found ?? fail("schedule.notFound", { project: project.name, number: scheduleNumber(ref) }, msg("schedule.notFound.hint", { slug: project.slug }));
}

export function describeSchedule(t: Translator, s: ScheduleRecord, services: Pick<Services, "prompts">): string {
  const number = s.number;
  const status = msg(s.enabled ? "schedule.status.active" : "schedule.status.paused");
  if (s.kind === "checkin") return t("schedule.line.checkin", { number, status });
  const cadence = describeCadence(t, s.cadence, s.localTime);
  if (s.kind === "survey") return t("schedule.line.survey", { number, cadence, status });
  if (s.kind === "digest") return t("schedule.line.digest", { number, cadence, timezone: s.timezone, status });
  // A set since removed from prompts/ is shown by its id (the dispatcher falls back to another set).
  const title = services.prompts.set(s.promptSet ?? "")?.title;
  const reminder = s.reminderHours ? msg("schedule.reminder.after", { hours: s.reminderHours }) : msg("schedule.reminder.none");
  const line = { number, title: title ? inLanguage(title, t.lang) : "?", set: s.promptSet ?? "?", cadence, reminder, status };
  if (s.cadence.type === "after-close") return t("schedule.line.care", { ...line, when: followUps(t, s, s.cadence.months) });
  return t("schedule.line.reflection", line);
}

const projectOption = { name: "project", type: "string", suggest: "projects", description: "opt.project" } as const;
/** Which prompt an answer or a skip is for; platform buttons fill it in, people usually leave it out. */
const deliveryOption = (command: "answer" | "skip") => ({ name: "to", type: "string", maxLength: 64, description: `opt.${command}.to` }) as const;
const numberOption = { name: "number", type: "string", positional: true, required: true, description: "opt.schedule.number" } as const;

/** Pause, resume or delete: leads only; the scheduler is reconciled so the change takes effect now. */
const change = (verb: "pause" | "resume" | "delete") =>
  action({
    description: `cmd.schedule.${verb}`,
    ports: ["reflections"],
    options: [numberOption, projectOption],
    examples: [`ex.schedule.${verb}.1`],
    async handler({ actor, services, project, t }, args) {
      const s = await findSchedule(services, project, args.number);
      if (verb === "delete") await services.store.reflections.deleteSchedule(actor, s.id);
      else await services.store.reflections.setEnabled(actor, s.id, verb === "resume");
      await services.scheduler.reconcile();
      return success(t("schedule.changed", { number: s.number, project: project.name, action: verb }));
    },
  });

export const schedule = defineCommand({
  name: "schedule",
  description: "cmd.schedule",
  aliases: ["schedules"],
  defaultSubcommand: "list",
  subcommands: {
    create: action({
      description: "cmd.schedule.create",
      ports: ["reflections"],
      options: [
        { name: "kind", type: "choice", positional: true, choices: { reflection: "choice.schedule.kind.reflection", digest: "choice.schedule.kind.digest", care: "choice.schedule.kind.care" }, description: "opt.schedule.kind" },
        // Its catalogue text names DEFAULT_SET: keep the two in step.
        { name: "set", type: "string", description: "opt.schedule.set" },
        { name: "every", type: "string", description: "opt.schedule.every" },
        { name: "days", type: "string", description: "opt.schedule.days" },
        { name: "day", type: "integer", min: 1, max: 31, description: "opt.schedule.day" },
        { name: "cron", type: "string", maxLength: 100, description: "opt.schedule.cron" },
        { name: "after", type: "string", maxLength: 100, description: "opt.schedule.after" },
        { name: "at", type: "string", aliases: ["time"], description: "opt.schedule.at" },
        { name: "remind", type: "string", description: "opt.schedule.remind" },
        { name: "tz", type: "string", suggest: "timezones", aliases: ["timezone"], description: "opt.schedule.tz" },
        projectOption,
      ],
      examples: ["ex.schedule.create.1", "ex.schedule.create.2", "ex.schedule.create.3", "ex.schedule.create.4"],
      async handler({ actor, services, project, t }, args) {
        const kind = (args.kind ?? "reflection") as ScheduleRecord["kind"];
        const today = localDate(services.clock.now(), actor.timezone);
        const cadence = scheduleCadence(kind, { after: args.after, every: args.every, days: args.days, day: args.day, cron: args.cron }, today);
        // Care follow-ups ask what happened next (the follow-up set) unless a lead picks another set.
        const set = kind === "reflection" ? findSet(services, args.set) : kind === "care" ? findSet(services, args.set ?? CARE_SET) : undefined;
        const created = await services.store.reflections.createSchedule(actor, {
          projectId: project.id,
          kind,
          cadence,
          localTime: args.at !== undefined ? parseLocalTime(args.at) : kind === "digest" ? "16:00" : "09:00",
          timezone: args.tz !== undefined ? validate.timeZone(args.tz) : (actor.timezone ?? "UTC"),
          promptSet: set?.id ?? null,
          reminderHours: kind === "digest" ? null : args.remind !== undefined ? parseReminderDelay(args.remind) : DEFAULT_REMINDER_HOURS,
        });
        await services.scheduler.reconcile();
        const waiting = cadence.type === "after-close" && !created.closedOn ? [note(t("care.created.dormant", { project: project.name }))] : [];
        return success(
          t("schedule.created", { project: project.name }),
          text(describeSchedule(t, created, services)),
          ...waiting,
          note(t("schedule.created.try", { number: created.number })),
        );
      },
    }),
    list: action({
      description: "cmd.schedule.list",
      ports: ["reflections"],
      options: [projectOption],
      idempotent: true,
      async handler({ services, project, t }) {
        const all = await services.store.reflections.schedules(project.id);
        if (all.length === 0) return info(note(t("schedule.list.none", { project: project.name })));
        return info(heading(t("schedule.list.heading", { project: project.name })), list(all.map((s) => describeSchedule(t, s, services))));
      },
    }),
    pause: change("pause"),
    resume: change("resume"),
    delete: change("delete"),
    fire: action({
      description: "cmd.schedule.fire",
      ports: ["reflections", "mentorship", "notices"],
      options: [numberOption, projectOption],
      examples: ["ex.schedule.fire.1"],
      async handler({ event, services, project, t }, args) {
        const s = await findSchedule(services, project, args.number);
        const report = await new Dispatcher(services).fireNow(s, event.id);
        if (s.kind === "digest") return success(t("schedule.fire.digest", { project: project.name }));
        const counts = { sent: report.sent, due: report.due, project: project.name };
        // Said only when someone was left out.
        const away = report.away ? [note(t("schedule.fire.away", { away: report.away, kind: s.kind === "checkin" ? "mentors" : "members" }))] : [];
        if (s.kind === "checkin") return success(t("schedule.fire.checkins", counts), ...away);
        return success(t("schedule.fire.prompts", { ...counts, failed: report.failed }), ...away);
      },
    }),
  },
});

export const reflect = defineCommand({
  name: "reflect",
  description: "cmd.reflect",
  action: action({
    description: "cmd.reflect.action",
    ports: ["reflections"],
    options: [{ name: "set", type: "string", positional: true, description: "opt.reflect.set" }, projectOption],
    examples: ["ex.reflect.1", "ex.reflect.2"],
    async handler({ actor, event, services, project, t }, args) {
      const scheduled = (await services.store.reflections.schedules(project.id)).find((s) => s.kind === "reflection" && s.enabled);
      const set = findSet(services, args.set ?? scheduled?.promptSet ?? undefined);
      const { reflections } = services.store;
      const seen = await reflections.seenPrompts([actor.personId], set.id);
      const prompt = nextPrompt(set, seen.get(actor.personId));
      const language = languageFor(set, actor.language ?? project.language);
      const now = services.clock.now();
      const [row] = await reflections.claimDeliveries(
        [{ dedupeKey: `reflect:${event.id}`, scheduleId: null, projectId: project.id, personId: actor.personId, promptKey: prompt.key, language, occurrence: now }],
        now,
        0,
        1,
      );
      if (!row) fail("reflect.alreadySent", {}, msg("reflect.alreadySent.hint"));
      await reflections.markSent([row.id], now);
      return promptMessage(t, { deliveryId: row.id, projectName: project.name, question: inLanguage(prompt.text, language) });
    },
  }),
});

async function openDelivery(services: Ports<"reflections"> & Pick<Services, "clock">, actor: Actor, to: string | undefined) {
  const delivery = await services.store.reflections.openDelivery(actor.personId, services.clock.now(), ANSWERABLE_MS, to);
  if (delivery) return delivery;
  if (to !== undefined) fail("reflection.prompt.expired", {}, msg("reflection.prompt.expired.hint"));
  fail("reflection.prompt.noneOpen", {}, msg("reflection.prompt.noneOpen.hint"));
}

export const answer = defineCommand({
  name: "answer",
  description: "cmd.answer",
  aliases: ["reply"],
  action: action({
    description: "cmd.answer.action",
    ports: ["reflections"],
    options: [
      { name: "text", type: "text", positional: true, required: true, maxLength: 4000, description: "opt.answer.text" },
      { name: "visibility", type: "choice", aliases: ["share", "v"], choices: VISIBILITIES.messages, description: "opt.answer.visibility" },
      deliveryOption("answer"),
    ],
    examples: ["ex.answer.1", "ex.answer.2"],
    async handler({ actor, event, services, t }, args) {
      const delivery = await openDelivery(services, actor, args.to);
      const visibility = (args.visibility ?? "private") as Visibility;
      const result = await services.store.reflections.answer(actor, { delivery, text: args.text, visibility, idempotencyKey: event.id, at: services.clock.now() });
      const where = visibility === "project" && delivery.projectName === null ? "unnamed" : visibility;
      return success(
        t("answer.saved", { replaced: result.replaced ? "yes" : "no", visibility: visibilityLabel(t, visibility), where, project: delivery.projectName ?? "" }),
        note(t("answer.seeReflections")),
      );
    },
  }),
});

export const skip = defineCommand({
  name: "skip",
  description: "cmd.skip",
  action: action({
    description: "cmd.skip.action",
    ports: ["reflections"],
    options: [deliveryOption("skip")],
    async handler({ actor, services, t }, args) {
      const delivery = await openDelivery(services, actor, args.to);
      if (delivery.status === "answered") fail("skip.alreadyAnswered", {}, msg("skip.alreadyAnswered.hint"));
      await services.store.reflections.skip(actor, delivery.id);
      return success(t("skip.done"));
    },
  }),
});

export const pause = defineCommand({
  name: "pause",
  description: "cmd.pause",
  aliases: ["away"],
  action: action({
    description: "cmd.pause.action",
    ports: ["profiles"],
    options: [{ name: "until", type: "string", positional: true, description: "opt.pause.until" }],
    examples: ["ex.pause.1", "ex.pause.2", "ex.pause.3"],
    idempotent: true,
    // The day a pause ends is written as people type it (pause 2026-12-05), in every language.
    async handler({ actor, services, t }, args) {
      const now = services.clock.now();
      if (args.until === undefined) {
        const p = await services.store.profiles.get(actor.personId);
        if (!p.awayUntil || p.awayUntil <= now) return info(note(t("pause.notPaused")));
        return info(text(t("pause.until", { date: localDate(p.awayUntil, p.timezone) })), note(t("pause.resumeNow")));
      }
      const awayUntil = parsePauseEnd(args.until, now, actor.timezone);
      await services.store.profiles.update(actor, { awayUntil });
      if (!awayUntil) return success(t("pause.welcomeBack"));
      return success(t("pause.paused", { date: localDate(awayUntil, actor.timezone) }), note(t("pause.resumeEarlier")));
    },
  }),
});

export const prompts = defineCommand({
  name: "prompts",
  description: "cmd.prompts",
  action: action({
    description: "cmd.prompts.action",
    ports: [],
    options: [{ name: "set", type: "string", positional: true, description: "opt.prompts.set" }],
    examples: ["ex.prompts.1", "ex.prompts.2"],
    idempotent: true,
    async handler({ actor, services, t }, args) {
      const reader = actor.language ?? t.lang;
      if (args.set === undefined) {
        return info(
          heading(t("prompts.heading")),
          // Language codes, as a set declares them.
          list(services.prompts.sets.map((s) => t("prompts.line", { id: s.id, title: inLanguage(s.title, reader), count: s.prompts.length, languages: s.languages.join(", ") }))),
          note(t("prompts.note")),
        );
      }
      const set = findSet(services, args.set);
      const language = languageFor(set, reader);
      return info(heading(inLanguage(set.title, language)), text(inLanguage(set.description, language)), list(set.prompts.map((p) => inLanguage(p.text, language))));
    },
  }),
});

/** The formats' own names, the same in every language. */
const FORMATS: Record<HistoryFormat, string> = { markdown: "Markdown", csv: "CSV", json: "JSON" };

/** How many reflections `my reflections` shows; an export has them all. */
const SHOWN = 10;

export const my = defineCommand({
  name: "my",
  description: "cmd.my",
  defaultSubcommand: "reflections",
  subcommands: {
    reflections: action({
      description: "cmd.my.reflections",
      ports: ["reflections"],
      options: [{ name: "format", type: "choice", choices: FORMATS, description: "opt.my.format" }],
      examples: ["ex.my.reflections.1", "ex.my.reflections.2"],
      idempotent: true,
      async handler({ actor, services, t }, args) {
        const all = await services.store.reflections.reflections(actor.personId);
        if (all.length === 0) return info(note(t("my.reflections.none")));
        const shown = all.slice(0, SHOWN).map((r) => {
          const question = questionOf(services.prompts, r);
          return t("my.reflections.line", {
            date: localDate(r.answeredAt, actor.timezone),
            inProject: r.projectName ? "yes" : "no",
            project: r.projectName ?? "",
            visibility: visibilityLabel(t, r.visibility),
            hasQuestion: question ? "yes" : "no",
            question,
            text: r.text,
          });
        });
        const more = all.length > SHOWN ? [note(t("my.reflections.more", { shown: SHOWN, count: all.length }))] : [];
        const reply = info(heading(t("my.reflections.heading", { count: all.length })), list(shown), ...more);
        if (!args.format) return reply;
        const file = historyFile(t, args.format as HistoryFormat, actor.displayName, all, services.prompts, localDate(services.clock.now(), actor.timezone));
        return { ...reply, files: [file] };
      },
    }),
    data,
  },
});

export const reflectionCommands = [schedule, reflect, answer, skip, pause, prompts, my];
