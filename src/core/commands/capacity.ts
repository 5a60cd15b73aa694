// Capacity strengthening: each member states needs (per project) and strengths (their own); leads
// launch a needs survey and see the needs only in aggregate, as a capacity development plan draft.
import { localDate, parseDate } from "../credit/terms.ts";
import { fail } from "../errors.ts";
import { aggregateNeeds, groupLabel, MIN_GROUP, planFile, PRIORITY_LABELS, type PlanFormat } from "../capacity/aggregate.ts";
import { heading, info, list, note, success, text } from "../message.ts";
import { parseCategory, parsePriority } from "../mentorship/terms.ts";
import { msg, type MessageId, type Translator } from "../i18n/index.ts";
import type { Priority, ScheduleRecord } from "../ports.ts";
import { Dispatcher } from "../reflection/dispatch.ts";
import { describeCadence, parseLocalTime, parseReminderDelay } from "../reflection/terms.ts";
import { CAPACITY_CATEGORIES, type CapacityCategory } from "../vocabulary.ts";
import { action, defineCommand } from "./definition.ts";
import { numberRef } from "./parse.ts";


const projectOption = { name: "project", type: "string", suggest: "projects", description: "opt.project" } as const;
const categoryOption = (description: MessageId) => ({ name: "category", type: "string", suggest: "capacity", positional: true, required: true, description }) as const;
const privacy = msg("needs.privacy", { min: MIN_GROUP });

/** The index of the item numbered `input` (1-based) among `count`, or a UserError (`none` when there are none). */
function itemNumber(input: string, count: number, invalid: MessageId, none: MessageId): number {
  const n = numberRef(input);
  if (n === undefined || n < 1 || n > count) fail(count ? invalid : none, { count });
  return n - 1;
}

const category = (t: Translator, id: CapacityCategory) => t(CAPACITY_CATEGORIES.messages[id]);
/** "academic skills · high priority — qualitative coding" */
const needLine = (t: Translator, n: { category: CapacityCategory; priority: Priority; description: string }) =>
  t("needs.line", { category: category(t, n.category), priority: PRIORITY_LABELS[n.priority], need: n.description });

export const needs = defineCommand({
  name: "needs",
  description: "cmd.needs",
  aliases: ["need"],
  defaultSubcommand: "list",
  subcommands: {
    list: action({
      description: "cmd.needs.list",
      ports: ["capacity"],
      options: [projectOption],
      idempotent: true,
      async handler({ actor, services, project, t }) {
        const mine = await services.store.capacity.needs(actor.personId, project.id);
        if (mine.length === 0) return info(note(t("needs.list.none", { project: project.name })));
        return info(
          heading(t("needs.list.heading", { project: project.name })),
          list(mine.map((n, i) => t("needs.list.item", { number: i + 1, need: needLine(t, n) }))),
          note(t("needs.list.note", { privacy })),
        );
      },
    }),
    add: action({
      description: "cmd.needs.add",
      ports: ["notices", "capacity"],
      options: [
        categoryOption("opt.needs.category"),
        { name: "need", type: "text", positional: true, required: true, maxLength: 300, description: "opt.needs.need" },
        { name: "priority", type: "string", description: "opt.needs.priority" },
        projectOption,
      ],
      examples: ["ex.needs.add.1", "ex.needs.add.2", "ex.needs.add.3"],
      async handler({ actor, event, services, project, t }, args) {
        const category = parseCategory(args.category);
        const priority = parsePriority(args.priority ?? "medium");
        const { need } = await services.store.capacity.addNeed(actor, { projectId: project.id, category, description: args.need, priority, idempotencyKey: event.id });
        await services.store.notices.answerSurveys(actor.personId, project.id);
        return success(t("needs.add.done", { project: project.name, need: needLine(t, need) }), note(t.msg(privacy)));
      },
    }),
    none: action({
      description: "cmd.needs.none",
      ports: ["notices"],
      options: [projectOption],
      idempotent: true,
      async handler({ actor, services, project, t }) {
        await services.store.notices.answerSurveys(actor.personId, project.id);
        return success(t("needs.none.done"));
      },
    }),
    done: action({
      description: "cmd.needs.done",
      ports: ["capacity"],
      options: [{ name: "number", type: "string", positional: true, required: true, description: "opt.needs.number" }, projectOption],
      examples: ["ex.needs.done.1"],
      async handler({ actor, services, project, t }, args) {
        const mine = await services.store.capacity.needs(actor.personId, project.id);
        const need = mine[itemNumber(args.number, mine.length, "needs.number.invalid", "needs.number.none")]!;
        await services.store.capacity.resolveNeed(actor, need.id, services.clock.now());
        return success(t("needs.done.done", { need: need.description }));
      },
    }),
    plan: action({
      description: "cmd.needs.plan",
      ports: ["capacity"],
      options: [{ name: "format", type: "choice", choices: { markdown: "choice.needs.format.markdown", csv: "choice.needs.format.csv" }, description: "opt.needs.format" }, projectOption],
      examples: ["ex.needs.plan.1", "ex.needs.plan.2"],
      idempotent: true,
      async handler({ actor, services, project, t }, args) {
        const agg = aggregateNeeds(await services.store.capacity.profiles(project.id));
        const header = heading(t("needs.plan.heading", { project: project.name, respondents: agg.respondents, members: agg.members }));
        const min = MIN_GROUP;
        const reply = agg.suppressed
          ? info(header, note(t("needs.plan.suppressed", { min })))
          : info(
              header,
              text(t("needs.plan.byCategory")),
              list(agg.categories.map((c) => t("needs.plan.category", { category: category(t, c.category), people: c.people, high: c.byPriority[1] }))),
              text(t("needs.plan.byGroup")),
              list(
                agg.groups.map((g) => {
                  const stated = g.categories.filter((c) => c.people).map((c) => t("needs.plan.groupCategory", { category: category(t, c.category), people: c.people }));
                  return t("needs.plan.group", { group: groupLabel(t, g.parts), people: g.people, categories: stated.length ? t.list(stated, "unit") : "—" });
                }),
              ),
              note(t("needs.plan.merged", { min })),
            );
        if (!args.format) return reply;
        return { ...reply, files: [planFile(t, args.format as PlanFormat, project.name, agg, localDate(services.clock.now(), actor.timezone))] };
      },
    }),
  },
});

export const strengths = defineCommand({
  name: "strengths",
  description: "cmd.strengths",
  aliases: ["strength"],
  defaultSubcommand: "list",
  subcommands: {
    list: action({
      description: "cmd.strengths.list",
      ports: ["capacity"],
      options: [],
      idempotent: true,
      async handler({ actor, services, t }) {
        const mine = await services.store.capacity.strengths(actor.personId);
        if (mine.length === 0) return info(note(t("strengths.list.none")));
        return info(
          heading(t("strengths.list.heading")),
          list(mine.map((s, i) => t("strengths.list.item", { number: i + 1, category: category(t, s.category), strength: s.description }))),
          note(t("strengths.list.note")),
        );
      },
    }),
    add: action({
      description: "cmd.strengths.add",
      ports: ["capacity"],
      options: [categoryOption("opt.strengths.category"), { name: "strength", type: "text", positional: true, required: true, maxLength: 300, description: "opt.strengths.strength" }],
      examples: ["ex.strengths.add.1", "ex.strengths.add.2"],
      async handler({ actor, event, services, t }, args) {
        const category = parseCategory(args.category);
        const { strength } = await services.store.capacity.addStrength(actor, { category, description: args.strength, idempotencyKey: event.id });
        return success(t("strengths.add.done", { category: t(CAPACITY_CATEGORIES.messages[strength.category]), strength: strength.description }), note(t("strengths.add.note")));
      },
    }),
    remove: action({
      description: "cmd.strengths.remove",
      ports: ["capacity"],
      options: [{ name: "number", type: "string", positional: true, required: true, description: "opt.strengths.number" }],
      async handler({ actor, services, t }, args) {
        const mine = await services.store.capacity.strengths(actor.personId);
        const strength = mine[itemNumber(args.number, mine.length, "strengths.number.invalid", "strengths.number.none")]!;
        await services.store.capacity.removeStrength(actor, strength.id);
        return success(t("strengths.remove.done", { strength: strength.description }));
      },
    }),
  },
});

const describeSurvey = (t: Translator, s: ScheduleRecord, progress: { invited: number; answered: number }) => {
  const values = { number: s.number, cadence: describeCadence(t, s.cadence, s.localTime), answered: progress.answered, invited: progress.invited };
  return s.reminderHours ? t("survey.line.withReminder", { ...values, hours: s.reminderHours }) : t("survey.line", values);
};

export const survey = defineCommand({
  name: "survey",
  description: "cmd.survey",
  aliases: ["surveys"],
  defaultSubcommand: "status",
  subcommands: {
    start: action({
      description: "cmd.survey.start",
      ports: ["reflections", "mentorship", "notices"],
      options: [
        { name: "on", type: "string", description: "opt.survey.on" },
        { name: "at", type: "string", aliases: ["time"], description: "opt.survey.at" },
        { name: "remind", type: "string", description: "opt.survey.remind" },
        projectOption,
      ],
      examples: ["ex.survey.start.1", "ex.survey.start.2"],
      async handler({ actor, event, services, project, t }, args) {
        const today = localDate(services.clock.now(), actor.timezone);
        const date = args.on !== undefined ? parseDate(args.on, "on") : today;
        if (date < today) fail("survey.start.past", undefined, msg("survey.start.past.hint"));
        const created = await services.store.reflections.createSchedule(actor, {
          projectId: project.id,
          kind: "survey",
          cadence: { type: "once", date },
          localTime: args.at !== undefined ? parseLocalTime(args.at) : "10:00",
          timezone: actor.timezone ?? "UTC",
          promptSet: null,
          reminderHours: args.remind !== undefined ? parseReminderDelay(args.remind) : 48,
        });
        await services.scheduler.reconcile();
        if (args.on !== undefined) {
          return success(t("survey.start.scheduled", { number: created.number, project: project.name, date, time: created.localTime }), note(t("survey.start.scheduled.note")));
        }
        const report = await new Dispatcher(services).fireNow(created, event.id);
        return success(
          t("survey.start.sent", { number: created.number, sent: report.sent, due: report.due, project: project.name }),
          note(created.reminderHours ? t("survey.start.sent.noteReminder", { hours: created.reminderHours }) : t("survey.start.sent.note")),
        );
      },
    }),
    status: action({
      description: "cmd.survey.status",
      ports: ["reflections", "notices"],
      options: [projectOption],
      idempotent: true,
      async handler({ services, project, t }) {
        const surveys = (await services.store.reflections.schedules(project.id)).filter((s) => s.kind === "survey");
        if (surveys.length === 0) return info(note(t("survey.status.none", { project: project.name })));
        const lines = await Promise.all(surveys.map(async (s) => describeSurvey(t, s, await services.store.notices.surveyProgress(s.id))));
        return info(heading(t("survey.status.heading", { project: project.name })), list(lines), note(t("survey.status.note")));
      },
    }),
  },
});

export const capacityCommands = [needs, strengths, survey];
