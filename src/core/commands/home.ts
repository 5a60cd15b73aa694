// One person's overview: the Slack App Home tab renders it, and every platform can ask for it.
// Everything here is the person's own: their reflections are shown to them only.
import { localDate } from "../credit/terms.ts";
import { actions, heading, info, list, note, type Block } from "../message.ts";
import type { Profile, ProjectRecord, Services } from "../ports.ts";
import { localDateTime, occurrences, personCalendar } from "../reflection/calendar.ts";
import { visibilityLabel } from "../reflection/history.ts";
import { inLanguage } from "../reflection/prompts.ts";
import { ACKNOWLEDGEMENT_FORMS } from "../vocabulary.ts";
import { action, defineCommand } from "./definition.ts";
import { renderProfile } from "./profile.ts";

/** How far ahead "next prompts" looks: a monthly cadence's next occurrence is always inside. */
const LOOKAHEAD_MS = 35 * 24 * 3600_000;
const RECENT_REFLECTIONS = 3;

/** The next reflection prompt of each active schedule of the person's projects, soonest first. */
async function nextPrompts(services: Services, profile: Profile, mine: readonly ProjectRecord[]): Promise<string[]> {
  const now = services.clock.now();
  const next: Array<{ at: Date; line: string }> = [];
  for (const project of mine) {
    for (const s of await services.store.reflections.schedules(project.id)) {
      if (s.kind !== "reflection" || !s.enabled) continue;
      const first = occurrences(s, personCalendar(profile), now, new Date(now.getTime() + LOOKAHEAD_MS)).find((o) => !profile.awayUntil || o.at >= profile.awayUntil);
      if (!first) continue;
      const title = services.prompts.set(s.promptSet ?? "")?.title;
      const when = localDateTime(first.at, profile.timezone).setLocale("en").toFormat("ccc d LLL, HH:mm");
      next.push({ at: first.at, line: `${when} · ${project.name}${title ? ` · ${inLanguage(title, profile.language ?? project.language)}` : ""}` });
    }
  }
  return next.sort((a, b) => a.at.getTime() - b.at.getTime()).map((n) => n.line);
}

export const home = defineCommand({
  name: "home",
  description: "Your overview: profile, next prompts, recent reflections, mentorship, acknowledgement preferences.",
  aliases: ["overview"],
  action: action({
    description: "Show your overview (only you see it).",
    options: [],
    idempotent: true,
    async handler({ actor, services, t }) {
      const { store, clock } = services;
      const now = clock.now();
      const profile = await store.profiles.get(actor.personId);
      const mine = (await store.projects.list(actor.workspaceId, actor.personId)).filter((p) => p.myRole !== null);
      const [upcoming, reflections, preferences, pairs] = await Promise.all([
        nextPrompts(services, profile, mine),
        store.reflections.reflections(actor.personId),
        store.credit.preferences(actor.personId),
        Promise.all(mine.map((p) => store.mentorship.pairs(p.id, { personId: actor.personId, active: true }))).then((lists) => lists.flat()),
      ]);

      const blocks: Block[] = [heading("Your profile"), renderProfile(profile, now), note("Change it with `profile tz=… lang=… workdays=…`.")];
      blocks.push(heading("Next prompts"), upcoming.length ? list(upcoming) : note("No reflection prompts are scheduled for you. Ask for one now with `reflect`."));
      blocks.push(
        heading("Your recent reflections"),
        reflections.length
          ? list(reflections.slice(0, RECENT_REFLECTIONS).map((r) => `${localDate(r.answeredAt, profile.timezone)} · ${visibilityLabel(t, r.visibility)} — ${r.text}`))
          : note("None yet."),
        note(`Only you can see these${reflections.length > RECENT_REFLECTIONS ? `; ${reflections.length} in all (\`my reflections\`)` : ""}.`),
      );
      blocks.push(
        heading("Mentorship"),
        pairs.length
          ? list(pairs.map((p) => (p.mentor.personId === actor.personId ? `You mentor ${p.mentee.displayName}` : `${p.mentor.displayName} mentors you`) + ` · ${p.projectName} · ${p.checkIns} check-ins${p.lastCheckIn ? `, last ${p.lastCheckIn}` : ""}`))
          : note("You are in no mentorship pair."),
      );
      blocks.push(
        heading("How you like to be acknowledged"),
        preferences.forms.length ? list(preferences.forms.map((f, i) => `${i + 1}. ${ACKNOWLEDGEMENT_FORMS.labels[f]}`)) : note("You have not said yet; leads see this in summaries."),
        ...(preferences.note ? [note(`Note: ${preferences.note}`)] : []),
        actions({ id: "preferences-edit", label: "Edit preferences", command: "preferences set", input: "text" }, { id: "pause-toggle", label: profile.awayUntil && profile.awayUntil > now ? "Resume prompts" : "Pause prompts 1 week", command: profile.awayUntil && profile.awayUntil > now ? "pause off" : "pause 1w" }),
      );
      return info(...blocks);
    },
  }),
});
