// Capacity strengthening: each member states needs (per project) and strengths (their own); leads
// launch a needs survey and see the needs only in aggregate, as a capacity development plan draft.
import { localDate, parseDate } from "../credit/terms.ts";
import { UserError } from "../errors.ts";
import { aggregateNeeds, MIN_GROUP, planFile, PRIORITY_LABELS, type PlanFormat } from "../capacity/aggregate.ts";
import { heading, info, list, note, success, text } from "../message.ts";
import { parseCategory, parsePriority } from "../mentorship/terms.ts";
import type { ScheduleRecord } from "../ports.ts";
import { Dispatcher } from "../reflection/dispatch.ts";
import { describeCadence, parseLocalTime, parseReminderDelay } from "../reflection/terms.ts";
import { CAPACITY_CATEGORIES } from "../vocabulary.ts";
import { action, defineCommand } from "./definition.ts";
import { numberRef } from "./parse.ts";


const projectOption = { name: "project", type: "string", suggest: "projects", description: "Project (default: your only project)." } as const;
const categoryOption = { name: "category", type: "string", suggest: "capacity", positional: true, required: true, description: "academic, intercultural, translational or institutional." } as const;
const PRIVACY = `Leads see needs only in aggregates of at least ${MIN_GROUP} people, never with your name (when they look for a mentor for you, only which categories match).`;

function itemNumber(input: string, count: number, what: string): number {
  const n = numberRef(input);
  if (n === undefined || n < 1 || n > count) throw new UserError(count ? `Give the number of one of your ${what}, 1 to ${count}.` : `You have no ${what}.`);
  return n - 1;
}

export const needs = defineCommand({
  name: "needs",
  description: "Your capacity-strengthening needs in a project; leads see them only in aggregate.",
  aliases: ["need"],
  defaultSubcommand: "list",
  subcommands: {
    list: action({
      description: "Your open needs in the project.",
      options: [projectOption],
      idempotent: true,
      async handler({ actor, services, project }) {
        const mine = await services.store.capacity.needs(actor.personId, project.id);
        if (mine.length === 0) return info(note(`You have stated no needs in ${project.name}. Add one: needs add academic "qualitative coding" priority=high`));
        return info(
          heading(`Your capacity needs in ${project.name}`),
          list(mine.map((n, i) => `${i + 1}. ${CAPACITY_CATEGORIES.labels[n.category]} · ${PRIORITY_LABELS[n.priority]} priority — ${n.description}`)),
          note(`${PRIVACY} Mark one met with: needs done <number>`),
        );
      },
    }),
    add: action({
      description: "State a need: category, what would help, priority.",
      options: [
        categoryOption,
        { name: "need", type: "text", positional: true, required: true, maxLength: 300, description: "What would help you grow, in a few words." },
        { name: "priority", type: "string", description: "high, medium (default) or low." },
        projectOption,
      ],
      examples: ['needs add academic "qualitative coding" priority=high', "needs add translational writing policy briefs", "needs add intercultural working across languages priority=low"],
      async handler({ actor, event, services, project }, args) {
        const category = parseCategory(args.category);
        const priority = parsePriority(args.priority ?? "medium");
        const { need } = await services.store.capacity.addNeed(actor, { projectId: project.id, category, description: args.need, priority, idempotencyKey: event.id });
        await services.store.notices.answerSurveys(actor.personId, project.id);
        return success(`Need noted in ${project.name}: ${CAPACITY_CATEGORIES.labels[need.category]} · ${PRIORITY_LABELS[need.priority]} priority — ${need.description}`, note(PRIVACY));
      },
    }),
    none: action({
      description: "Answer a survey: no needs right now.",
      options: [projectOption],
      idempotent: true,
      async handler({ actor, services, project }) {
        await services.store.notices.answerSurveys(actor.personId, project.id);
        return success("Thank you — noted that you have no needs to add right now. No reminder will follow.");
      },
    }),
    done: action({
      description: "Mark one of your needs as met (by its number in `needs`).",
      options: [{ name: "number", type: "string", positional: true, required: true, description: "The need's number in `needs`." }, projectOption],
      examples: ["needs done 2"],
      async handler({ actor, services, project }, args) {
        const mine = await services.store.capacity.needs(actor.personId, project.id);
        const need = mine[itemNumber(args.number, mine.length, "open needs")]!;
        await services.store.capacity.resolveNeed(actor, need.id, services.clock.now());
        return success(`Marked as met: ${need.description}. Well done!`);
      },
    }),
    plan: action({
      description: "Needs in aggregate by category, institution and career stage; export a plan draft (leads).",
      options: [{ name: "format", type: "choice", choices: { markdown: "Markdown", csv: "CSV" }, description: "Export as markdown or csv." }, projectOption],
      examples: ["needs plan", "needs plan format=markdown"],
      idempotent: true,
      async handler({ actor, services, project }, args) {
        const agg = aggregateNeeds(await services.store.capacity.profiles(project.id));
        const header = heading(`Capacity needs in ${project.name}: ${agg.respondents} of ${agg.members} members have stated needs`);
        const reply = agg.suppressed
          ? info(header, note(`Fewer than ${MIN_GROUP} members have stated needs, so no figures are shown yet: no one should be identifiable. A survey helps: survey start`))
          : info(
              header,
              text("By category (people with an open need; of whom high priority):"),
              list(agg.categories.map((c) => `${CAPACITY_CATEGORIES.labels[c.category]}: ${c.people} (${c.byPriority[1]} high)`)),
              text("By institution and career stage:"),
              list(agg.groups.map((g) => `${g.label} (${g.people} people): ${g.categories.filter((c) => c.people).map((c) => `${CAPACITY_CATEGORIES.labels[c.category]} ${c.people}`).join(", ") || "—"}`)),
              note(`Groups smaller than ${MIN_GROUP} people are merged so no one is identifiable. Export a plan draft with format=markdown or format=csv.`),
            );
        if (!args.format) return reply;
        return { ...reply, files: [planFile(args.format as PlanFormat, project.name, agg, localDate(services.clock.now(), actor.timezone))] };
      },
    }),
  },
});

export const strengths = defineCommand({
  name: "strengths",
  description: "What you can offer others (used to suggest mentors).",
  aliases: ["strength"],
  defaultSubcommand: "list",
  subcommands: {
    list: action({
      description: "Your stated strengths.",
      options: [],
      idempotent: true,
      async handler({ actor, services }) {
        const mine = await services.store.capacity.strengths(actor.personId);
        if (mine.length === 0) return info(note('You have stated no strengths yet. Add one: strengths add academic "qualitative methods"'));
        return info(heading("Your strengths"), list(mine.map((s, i) => `${i + 1}. ${CAPACITY_CATEGORIES.labels[s.category]} — ${s.description}`)), note("Leads see them when they look for mentors. Remove one with: strengths remove <number>"));
      },
    }),
    add: action({
      description: "State a strength you could share: category and a few words.",
      options: [categoryOption, { name: "strength", type: "text", positional: true, required: true, maxLength: 300, description: "What you could help others with." }],
      examples: ['strengths add academic "qualitative methods"', "strengths add translational policy briefs for ministries"],
      async handler({ actor, event, services }, args) {
        const category = parseCategory(args.category);
        const { strength } = await services.store.capacity.addStrength(actor, { category, description: args.strength, idempotencyKey: event.id });
        return success(`Strength noted: ${CAPACITY_CATEGORIES.labels[strength.category]} — ${strength.description}`, note("Leads see your strengths when they look for mentors."));
      },
    }),
    remove: action({
      description: "Remove one of your strengths (by its number in `strengths`).",
      options: [{ name: "number", type: "string", positional: true, required: true, description: "The strength's number in `strengths`." }],
      async handler({ actor, services }, args) {
        const mine = await services.store.capacity.strengths(actor.personId);
        const strength = mine[itemNumber(args.number, mine.length, "strengths")]!;
        await services.store.capacity.removeStrength(actor, strength.id);
        return success(`Removed: ${strength.description}`);
      },
    }),
  },
});

const describeSurvey = (s: ScheduleRecord, progress: { invited: number; answered: number }) =>
  `#${s.number} · ${describeCadence(s.cadence, s.localTime)} (each member's local time)${s.reminderHours ? ` · reminder after ${s.reminderHours} h` : ""} · ${progress.answered} of ${progress.invited} invited have answered`;

export const survey = defineCommand({
  name: "survey",
  description: "Capacity needs surveys for a project (leads).",
  aliases: ["surveys"],
  defaultSubcommand: "status",
  subcommands: {
    start: action({
      description: "Invite every member to state their needs: now, or on a date at their local time.",
      options: [
        { name: "on", type: "string", description: "Date, YYYY-MM-DD (default: now)." },
        { name: "at", type: "string", aliases: ["time"], description: "Local time on that date (default 10:00)." },
        { name: "remind", type: "string", description: "One reminder after, e.g. 48h (default), 3d or off." },
        projectOption,
      ],
      examples: ["survey start", "survey start on=2026-12-01 at=10:00 remind=3d"],
      async handler({ actor, event, services, project }, args) {
        const today = localDate(services.clock.now(), actor.timezone);
        const date = args.on !== undefined ? parseDate(args.on, "on") : today;
        if (date < today) throw new UserError("That date has passed.", "Leave on= out to send the survey now.");
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
        if (args.on !== undefined) return success(`Survey #${created.number} scheduled: every member of ${project.name} is invited on ${date} at ${created.localTime} their time.`, note("See answers come in with: survey status"));
        const report = await new Dispatcher(services).fireNow(created, event.id);
        return success(`Survey #${created.number} sent to ${report.sent} of ${report.due} members of ${project.name}.`, note(`Members who are away were left out.${created.reminderHours ? ` Those who haven't answered get one reminder after ${created.reminderHours} h.` : ""} See answers with: survey status`));
      },
    }),
    status: action({
      description: "How many members have answered each survey.",
      options: [projectOption],
      idempotent: true,
      async handler({ services, project }) {
        const surveys = (await services.store.reflections.schedules(project.id)).filter((s) => s.kind === "survey");
        if (surveys.length === 0) return info(note(`${project.name} has no surveys yet. Start one with: survey start`));
        const lines = await Promise.all(surveys.map(async (s) => describeSurvey(s, await services.store.notices.surveyProgress(s.id))));
        return info(heading(`Capacity needs surveys of ${project.name}`), list(lines), note("The aggregate of needs: needs plan"));
      },
    }),
  },
});

export const capacityCommands = [needs, strengths, survey];
