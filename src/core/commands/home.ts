// One person's overview: the Slack App Home tab renders it, and every platform can ask for it.
// Everything here is the person's own: their reflections are shown to them only.
import { localDate } from "../credit/terms.ts";
import type { Translator } from "../i18n/index.ts";
import { actions, heading, info, list, note, type Block } from "../message.ts";
import type { Profile, ProjectRecord } from "../ports.ts";
import type { Ports, Services } from "../services.ts";
import { occurrences, personCalendar } from "../reflection/calendar.ts";
import { visibilityLabel } from "../reflection/history.ts";
import { inLanguage } from "../reflection/prompts.ts";
import { ACKNOWLEDGEMENT_FORMS } from "../vocabulary.ts";
import { action, defineCommand } from "./definition.ts";
import { renderProfile } from "./profile.ts";

/** How far ahead "next prompts" looks: a monthly cadence's next occurrence is always inside. */
const LOOKAHEAD_MS = 35 * 24 * 3600_000;
const RECENT_REFLECTIONS = 3;

/** The next reflection prompt of each active schedule of the person's projects, soonest first. */
async function nextPrompts(t: Translator, services: Ports<"reflections"> & Pick<Services, "clock" | "prompts">, profile: Profile, mine: readonly ProjectRecord[]): Promise<string[]> {
  const now = services.clock.now();
  const next: Array<{ at: Date; line: string }> = [];
  for (const project of mine) {
    for (const s of await services.store.reflections.schedules(project.id)) {
      if (s.kind !== "reflection" || !s.enabled) continue;
      const first = occurrences(s, personCalendar(profile), now, new Date(now.getTime() + LOOKAHEAD_MS)).find((o) => !profile.awayUntil || o.at >= profile.awayUntil);
      if (!first) continue;
      const title = services.prompts.set(s.promptSet ?? "")?.title;
      const when = t.dateTime(first.at, profile.timezone);
      next.push({ at: first.at, line: [when, project.name, ...(title ? [inLanguage(title, t.lang)] : [])].join(" · ") });
    }
  }
  return next.sort((a, b) => a.at.getTime() - b.at.getTime()).map((n) => n.line);
}

export const home = defineCommand({
  name: "home",
  description: "cmd.home",
  aliases: ["overview"],
  action: action({
    description: "cmd.home.action",
    ports: ["profiles", "projects", "credit", "reflections", "mentorship"],
    options: [],
    idempotent: true,
    async handler({ actor, services, t }) {
      const { store, clock } = services;
      const now = clock.now();
      const profile = await store.profiles.get(actor.personId);
      const mine = (await store.projects.list(actor.workspaceId, actor.personId)).filter((p) => p.myRole !== null);
      const [upcoming, reflections, preferences, pairs] = await Promise.all([
        nextPrompts(t, services, profile, mine),
        store.reflections.reflections(actor.personId),
        store.credit.preferences(actor.personId),
        Promise.all(mine.map((p) => store.mentorship.pairs(p.id, { personId: actor.personId, active: true }))).then((lists) => lists.flat()),
      ]);

      const blocks: Block[] = [heading(t("home.profile")), renderProfile(t, profile, now), note(t("home.profile.change"))];
      blocks.push(heading(t("home.next")), upcoming.length ? list(upcoming) : note(t("home.next.none")));
      blocks.push(
        heading(t("home.reflections")),
        reflections.length
          ? list(reflections.slice(0, RECENT_REFLECTIONS).map((r) => `${localDate(r.answeredAt, profile.timezone)} · ${visibilityLabel(t, r.visibility)} — ${r.text}`))
          : note(t("home.reflections.none")),
        note(t("home.reflections.private", { more: reflections.length > RECENT_REFLECTIONS ? "yes" : "no", count: reflections.length })),
      );
      blocks.push(
        heading(t("home.mentorship")),
        pairs.length
          ? list(
              pairs.map((p) => {
                const mentor = p.mentor.personId === actor.personId;
                const name = mentor ? p.mentee.displayName : p.mentor.displayName;
                return t("home.pair", { role: mentor ? "mentor" : "mentee", name, project: p.projectName, checkIns: p.checkIns, hasLast: p.lastCheckIn ? "yes" : "no", last: p.lastCheckIn ?? "" });
              }),
            )
          : note(t("home.pairs.none")),
      );
      const paused = Boolean(profile.awayUntil && profile.awayUntil > now);
      blocks.push(
        heading(t("home.acknowledgement")),
        preferences.forms.length ? list(preferences.forms.map((f, i) => `${i + 1}. ${t(ACKNOWLEDGEMENT_FORMS.messages[f])}`)) : note(t("home.acknowledgement.none")),
        ...(preferences.note ? [note(t("home.acknowledgement.note", { note: preferences.note }))] : []),
        actions(
          { id: "preferences-edit", label: t("home.button.editPreferences"), command: "preferences set", input: "text" },
          { id: "pause-toggle", label: t(paused ? "home.button.resume" : "home.button.pause"), command: paused ? "pause off" : "pause 1w" },
        ),
      );
      return info(...blocks);
    },
  }),
});
