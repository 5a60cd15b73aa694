// Reflection prompts: schedules (leads), asking for a prompt now, answering, skipping, pausing,
// browsing the prompt sets, and one's own history.
import { localDate } from "../credit/terms.ts";
import { UserError } from "../errors.ts";
import { closest, didYouMeanText } from "../matching.ts";
import { heading, info, list, note, success, text } from "../message.ts";
import type { Actor, ProjectRecord, ScheduleRecord, Services, Visibility } from "../ports.ts";
import { ANSWERABLE_MS, Dispatcher } from "../reflection/dispatch.ts";
import { historyFile, questionOf, visibilityLabel, type HistoryFormat } from "../reflection/history.ts";
import { promptMessage } from "../reflection/messages.ts";
import { inLanguage, languageFor, nextPrompt, type PromptSet } from "../reflection/prompts.ts";
import { describeCadence, parseCadence, parseLocalTime, parsePauseEnd, parseReminderDelay } from "../reflection/terms.ts";
import * as validate from "../validate.ts";
import { action, defineCommand } from "./definition.ts";
import { numberRef } from "./parse.ts";


const DEFAULT_REMINDER_HOURS = 24;
const DEFAULT_SET = "mutual-learning";

function findSet(services: Services, id: string | undefined): PromptSet {
  const { prompts } = services;
  if (id === undefined) return prompts.set(DEFAULT_SET) ?? prompts.sets[0]!;
  const set = prompts.set(id.trim().toLowerCase());
  if (set) return set;
  throw new UserError(`There is no prompt set "${id}".${didYouMeanText(closest(id, prompts.sets.map((s) => s.id)))}`, "See them with `prompts`.");
}

function scheduleNumber(input: string): number {
  const n = numberRef(input);
  if (n === undefined) throw new UserError(`"${input}" is not a schedule number.`, "Schedules are numbered like #1; see them with `schedule list`.");
  return n;
}

async function findSchedule(services: Services, project: ProjectRecord, ref: string): Promise<ScheduleRecord> {
  const found = await services.store.reflections.findSchedule(project.id, scheduleNumber(ref));
  if (!found) throw new UserError(`${project.name} has no schedule #${scheduleNumber(ref)}.`, `See them with: schedule list project=${project.slug}`);
  return found;
}

export function describeSchedule(s: ScheduleRecord, services: Services): string {
  const status = s.enabled ? "active" : "paused";
  if (s.kind === "checkin") return `#${s.number} · mentorship check-in reminders · each pair's cadence, at the mentor's local time · ${status}`;
  if (s.kind === "survey") return `#${s.number} · capacity needs survey · ${describeCadence(s.cadence, s.localTime)} (each person's local time) · ${status}`;
  // A set since removed from prompts/ is shown by its id (the dispatcher falls back to another set).
  const title = services.prompts.set(s.promptSet ?? "")?.title;
  const what = s.kind === "digest" ? `digest to the project channel` : `reflection · ${title ? inLanguage(title, "en") : "?"} (${s.promptSet})`;
  const when = `${describeCadence(s.cadence, s.localTime)}${s.kind === "digest" ? ` (${s.timezone})` : " (each person's local time)"}`;
  const reminder = s.kind === "reflection" ? (s.reminderHours ? ` · reminder after ${s.reminderHours} h` : " · no reminder") : "";
  return `#${s.number} · ${what} · ${when}${reminder} · ${status}`;
}

const projectOption = { name: "project", type: "string", suggest: "projects", description: "Project (default: your only project)." } as const;
/** Which prompt an answer or a skip is for; platform buttons fill it in, people usually leave it out. */
const deliveryOption = { name: "to", type: "string", maxLength: 64, description: "The prompt's id (buttons fill it in)." } as const;
const numberOption = { name: "number", type: "string", positional: true, required: true, description: "The schedule's number, e.g. #1." } as const;

/** Pause, resume or delete: leads only; the scheduler is reconciled so the change takes effect now. */
const change = (verb: "pause" | "resume" | "delete") =>
  action({
    description: { pause: "Pause a schedule (nothing is sent until resumed).", resume: "Resume a paused schedule.", delete: "Delete a schedule; answers already given are kept." }[verb],
    options: [numberOption, projectOption],
    examples: [`schedule ${verb} #1`],
    async handler({ actor, services, project }, args) {
      const s = await findSchedule(services, project, args.number);
      if (verb === "delete") await services.store.reflections.deleteSchedule(actor, s.id);
      else await services.store.reflections.setEnabled(actor, s.id, verb === "resume");
      await services.scheduler.reconcile();
      return success(`Schedule #${s.number} of ${project.name} ${{ pause: "paused", resume: "resumed", delete: "deleted" }[verb]}.`);
    },
  });

export const schedule = defineCommand({
  name: "schedule",
  description: "Recurring reflection prompts and digests for a project (leads).",
  aliases: ["schedules"],
  defaultSubcommand: "list",
  subcommands: {
    create: action({
      description: "Create a schedule: prompts to every member at their local time, or a digest.",
      options: [
        { name: "kind", type: "choice", positional: true, choices: { reflection: "reflection prompts", digest: "digest of shared answers" }, description: "reflection (default) or digest." },
        { name: "set", type: "string", description: `Prompt set (see \`prompts\`); default ${DEFAULT_SET}.` },
        { name: "every", type: "string", description: "daily, weekly, 2w (every two weeks) or monthly." },
        { name: "days", type: "string", description: "Weekdays for weekly cadences, e.g. mon,thu." },
        { name: "day", type: "integer", min: 1, max: 31, description: "Day of the month for monthly cadences." },
        { name: "cron", type: "string", maxLength: 100, description: "A cron expression instead, read in each person's zone." },
        { name: "at", type: "string", aliases: ["time"], description: "Local time, e.g. 09:00 (default)." },
        { name: "remind", type: "string", description: "Reminder delay, e.g. 24h (default), 2d or off." },
        { name: "tz", type: "string", suggest: "timezones", aliases: ["timezone"], description: "Time zone of a digest (default: yours)." },
        projectOption,
      ],
      examples: ["schedule create set=mutual-learning every=weekly days=mon at=09:00", "schedule create every=2w days=tue set=partnership-and-power remind=2d", "schedule create digest every=weekly days=fri at=16:00"],
      async handler({ actor, services, project }, args) {
        const kind = (args.kind ?? "reflection") as ScheduleRecord["kind"];
        const today = localDate(services.clock.now(), actor.timezone);
        const cadence = parseCadence({ every: args.every, days: args.days, day: args.day, cron: args.cron }, today);
        const set = kind === "reflection" ? findSet(services, args.set) : undefined;
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
        return success(`Schedule created in ${project.name}:`, text(describeSchedule(created, services)), note(`Try it now with: schedule fire #${created.number}`));
      },
    }),
    list: action({
      description: "List a project's schedules.",
      options: [projectOption],
      idempotent: true,
      async handler({ services, project }) {
        const all = await services.store.reflections.schedules(project.id);
        if (all.length === 0) return info(note(`${project.name} has no schedules yet. A lead can add one: schedule create every=weekly days=mon at=09:00`));
        return info(heading(`Schedules of ${project.name}`), list(all.map((s) => describeSchedule(s, services))));
      },
    }),
    pause: change("pause"),
    resume: change("resume"),
    delete: change("delete"),
    fire: action({
      description: "Send a schedule's next prompt (or digest) to everyone now, to try it out.",
      options: [numberOption, projectOption],
      examples: ["schedule fire #1"],
      async handler({ event, services, project }, args) {
        const s = await findSchedule(services, project, args.number);
        const report = await new Dispatcher(services).fireNow(s, event.id);
        if (s.kind === "digest") return success(`Digest of ${project.name} posted.`);
        if (s.kind === "checkin") return success(`Check-in reminders sent to ${report.sent} of ${report.due} mentors in ${project.name}.`);
        return success(`Sent to ${report.sent} of ${report.due} members of ${project.name}${report.failed ? ` (${report.failed} failed; retried on the next tick)` : ""}.`, note("Members who are away were left out."));
      },
    }),
  },
});

export const reflect = defineCommand({
  name: "reflect",
  description: "Get a reflection prompt now.",
  action: action({
    description: "Get the next prompt of a set now, in your language.",
    options: [{ name: "set", type: "string", positional: true, description: "Prompt set (see `prompts`)." }, projectOption],
    examples: ["reflect", "reflect forms-of-knowledge"],
    async handler({ actor, event, services, project }, args) {
      const scheduled = (await services.store.reflections.schedules(project.id)).find((s) => s.kind === "reflection" && s.enabled);
      const set = findSet(services, args.set ?? scheduled?.promptSet ?? undefined);
      const { reflections } = services.store;
      const seen = await reflections.seenPrompts([actor.personId], set.id);
      const prompt = nextPrompt(set, seen.get(actor.personId));
      const language = languageFor(set, actor.language);
      const now = services.clock.now();
      const [row] = await reflections.claimDeliveries(
        [{ dedupeKey: `reflect:${event.id}`, scheduleId: null, projectId: project.id, personId: actor.personId, promptKey: prompt.key, language, occurrence: now }],
        now,
        0,
        1,
      );
      if (!row) throw new UserError("That prompt was already sent.", "Answer it with `answer <your reflection>`.");
      await reflections.markSent([row.id], now);
      return promptMessage({ deliveryId: row.id, projectName: project.name, question: inLanguage(prompt.text, language), language });
    },
  }),
});

const VISIBILITY_CHOICES: Record<Visibility, string> = { private: "only you", project: "shared with the project, with your name", anonymous: "counted anonymously, never shown" };

async function openDelivery(services: Services, actor: Actor, to: string | undefined) {
  const delivery = await services.store.reflections.openDelivery(actor.personId, services.clock.now(), ANSWERABLE_MS, to);
  if (delivery) return delivery;
  if (to !== undefined) throw new UserError("That prompt can't be answered any more (it is older than two weeks, or not yours).", "Ask for a new one with `reflect`.");
  throw new UserError("There is no open prompt to answer.", "Ask for one with `reflect`, then answer it.");
}

export const answer = defineCommand({
  name: "answer",
  description: "Answer your latest reflection prompt.",
  aliases: ["reply"],
  action: action({
    description: "Answer your latest prompt; private unless you say otherwise.",
    options: [
      { name: "text", type: "text", positional: true, required: true, maxLength: 4000, description: "Your reflection." },
      { name: "visibility", type: "choice", aliases: ["share", "v"], choices: VISIBILITY_CHOICES, description: "private (default), project or anonymous." },
      deliveryOption,
    ],
    examples: ["answer I learnt how the fishers read the tides", "answer The community mapped what our survey missed visibility=project"],
    async handler({ actor, event, services }, args) {
      const delivery = await openDelivery(services, actor, args.to);
      const visibility = (args.visibility ?? "private") as Visibility;
      const result = await services.store.reflections.answer(actor, { delivery, text: args.text, visibility, idempotencyKey: event.id });
      const where = { private: "Only you can see it.", project: `It will appear, with your name, in ${delivery.projectName ?? "the project"}'s next digest.`, anonymous: "It is counted in the digest, never shown." }[visibility];
      return success(`${result.replaced ? "Answer updated" : "Thank you — answer saved"} (${visibilityLabel(visibility)}). ${where}`, note("See your reflections with `my reflections`."));
    },
  }),
});

export const skip = defineCommand({
  name: "skip",
  description: "Let your latest prompt go; no reminder follows.",
  action: action({
    description: "Skip your latest prompt.",
    options: [deliveryOption],
    async handler({ actor, services }, args) {
      const delivery = await openDelivery(services, actor, args.to);
      if (delivery.status === "answered") throw new UserError("You have already answered that prompt.", "See it with `my reflections`.");
      await services.store.reflections.skip(actor, delivery.id);
      return success("Skipped — no reminder will follow. See you next time.");
    },
  }),
});

export const pause = defineCommand({
  name: "pause",
  description: "Pause your prompts and reminders (e.g. while away).",
  aliases: ["away"],
  action: action({
    description: "Pause until a date or for a while; `pause off` resumes.",
    options: [{ name: "until", type: "string", positional: true, description: "2026-12-05 (back that day), 2w, 10d, or off." }],
    examples: ["pause 2026-12-05", "pause 2w", "pause off"],
    idempotent: true,
    async handler({ actor, services }, args) {
      const now = services.clock.now();
      if (args.until === undefined) {
        const p = await services.store.profiles.get(actor.personId);
        if (!p.awayUntil || p.awayUntil <= now) return info(note("You are not paused. Pause with e.g. `pause 2w` or `pause 2026-12-05`."));
        return info(text(`Paused until ${localDate(p.awayUntil, p.timezone)}.`), note("Resume now with `pause off`."));
      }
      const awayUntil = parsePauseEnd(args.until, now, actor.timezone);
      await services.store.profiles.update(actor, { awayUntil });
      if (!awayUntil) return success("Welcome back — prompts and reminders resume.");
      return success(`Paused: no prompts or reminders until ${localDate(awayUntil, actor.timezone)}.`, note("Resume earlier with `pause off`."));
    },
  }),
});

export const prompts = defineCommand({
  name: "prompts",
  description: "See the reflection prompt sets and their languages.",
  action: action({
    description: "List the prompt sets, or the prompts of one set in your language.",
    options: [{ name: "set", type: "string", positional: true, description: "A set's id, to see its prompts." }],
    examples: ["prompts", "prompts forms-of-knowledge"],
    idempotent: true,
    async handler({ actor, services }, args) {
      if (args.set === undefined) {
        return info(
          heading("Prompt sets"),
          list(services.prompts.sets.map((s) => `${s.id} — ${inLanguage(s.title, actor.language)}: ${s.prompts.length} prompts (${s.languages.join(", ")})`)),
          note("See one set's prompts with `prompts <set>`; get one now with `reflect <set>`."),
        );
      }
      const set = findSet(services, args.set);
      const language = languageFor(set, actor.language);
      return info(heading(inLanguage(set.title, language)), text(inLanguage(set.description, language)), list(set.prompts.map((p) => inLanguage(p.text, language))));
    },
  }),
});

const FORMATS: Record<HistoryFormat, string> = { markdown: "Markdown", csv: "CSV", json: "JSON" };

export const my = defineCommand({
  name: "my",
  description: "Your own data: your reflections.",
  defaultSubcommand: "reflections",
  subcommands: {
    reflections: action({
      description: "Your reflections, newest first; format= exports them all.",
      options: [{ name: "format", type: "choice", choices: FORMATS, description: "Export as markdown, csv or json." }],
      examples: ["my reflections", "my reflections format=markdown"],
      idempotent: true,
      async handler({ actor, services }, args) {
        const all = await services.store.reflections.reflections(actor.personId);
        if (all.length === 0) return info(note("No reflections yet. Ask for a prompt with `reflect`."));
        const shown = all.slice(0, 10).map((r) => {
          const question = questionOf(services.prompts, r);
          return `${localDate(r.answeredAt, actor.timezone)}${r.projectName ? ` · ${r.projectName}` : ""} · ${visibilityLabel(r.visibility)}${question ? ` — “${question}”` : ""} ${r.text}`;
        });
        const reply = info(heading(`Your reflections (${all.length})`), list(shown), ...(all.length > 10 ? [note(`The latest 10 of ${all.length}; export them all with format=markdown.`)] : []));
        if (!args.format) return reply;
        const file = historyFile(args.format as HistoryFormat, actor.displayName, all, services.prompts, localDate(services.clock.now(), actor.timezone));
        return { ...reply, files: [file] };
      },
    }),
  },
});

export const reflectionCommands = [schedule, reflect, answer, skip, pause, prompts, my];
