import { translator, type Translator } from "../i18n/index.ts";
import { fields, info, note, success } from "../message.ts";
import type { Profile, ProfilePatch } from "../ports.ts";
import * as validate from "../validate.ts";
import { CAREER_STAGES } from "../vocabulary.ts";
import { localDate } from "../credit/terms.ts";
import { parseQuietHours } from "../reflection/terms.ts";
import { action, defineCommand } from "./definition.ts";
import { findInstitution } from "./institution.ts";

export function renderProfile(t: Translator, p: Profile, now: Date) {
  const unset = t("profile.unset");
  const institution = p.institution && (p.institution.country ? `${p.institution.name} (${p.institution.country})` : p.institution.name);
  return fields(
    [t("profile.field.name"), p.displayName],
    // Shown once set: most people have none, and the line would only be noise.
    ...(p.orcid ? [[t("profile.field.orcid"), p.orcid] as [string, string]] : []),
    [t("profile.field.timezone"), p.timezone ?? t("profile.timezone.unset")],
    [t("profile.field.language"), p.language ? t("profile.language.value", { name: t.languageName(p.language), code: p.language }) : t("profile.language.unset")],
    [t("profile.field.institution"), institution ?? unset],
    [t("profile.field.stage"), p.careerStage ? t(CAREER_STAGES.messages[p.careerStage]) : unset],
    [t("profile.field.country"), p.country ?? (p.institution?.country ? t("profile.country.fromInstitution", { country: p.institution.country }) : unset)],
    // The work week is shown as it is typed (mon-fri): a value, like the time zone.
    [t("profile.field.workdays"), validate.formatWorkDays(p.workDays)],
    [t("profile.field.quiet"), p.quietStart && p.quietEnd ? `${p.quietStart}–${p.quietEnd}` : t("profile.quiet.none")],
    [t("profile.field.prompts"), p.awayUntil && p.awayUntil > now ? t("profile.prompts.pausedUntil", { date: t.date(localDate(p.awayUntil, p.timezone), "medium") }) : t("profile.prompts.active")],
  );
}

export const profile = defineCommand({
  name: "profile",
  description: "cmd.profile",
  action: action({
    description: "cmd.profile.action",
    ports: ["profiles", "institutions"],
    options: [
      { name: "tz", type: "string", suggest: "timezones", aliases: ["timezone", "time-zone"], description: "opt.profile.tz" },
      { name: "lang", type: "string", suggest: "languages", aliases: ["language"], description: "opt.profile.lang" },
      { name: "institution", type: "string", suggest: "institutions", aliases: ["inst", "org"], description: "opt.profile.institution" },
      { name: "stage", type: "choice", aliases: ["career", "career-stage"], choices: CAREER_STAGES.messages, description: "opt.profile.stage" },
      { name: "country", type: "string", description: "opt.profile.country" },
      { name: "workdays", type: "string", aliases: ["workweek", "work-week"], description: "opt.profile.workdays" },
      { name: "quiet", type: "string", aliases: ["quiet-hours"], description: "opt.profile.quiet" },
      { name: "name", type: "string", maxLength: 80, description: "opt.profile.name" },
      { name: "orcid", type: "string", description: "opt.profile.orcid" },
      { name: "given", type: "string", maxLength: 80, description: "opt.profile.given" },
      { name: "family", type: "string", maxLength: 80, description: "opt.profile.family" },
    ],
    examples: ["profile", "profile tz=Africa/Nairobi lang=fr", 'profile institution="University of Nairobi" stage=phd', "profile workdays=sun-thu", "profile quiet=21:00-07:00", "profile orcid=0000-0002-1825-0097 given=Amina family=Njoroge"],
    idempotent: true,
    async handler({ actor, services, t }, args) {
      const patch: ProfilePatch = {};
      if (args.tz !== undefined) patch.timezone = validate.timeZone(args.tz);
      if (args.lang !== undefined) patch.language = validate.language(args.lang);
      if (args.country !== undefined) patch.country = validate.country(args.country);
      if (args.workdays !== undefined) patch.workDays = validate.workDays(args.workdays);
      if (args.stage !== undefined) patch.careerStage = args.stage as ProfilePatch["careerStage"];
      if (args.name !== undefined) patch.displayName = args.name;
      if (args.orcid !== undefined) patch.orcid = validate.orcid(args.orcid);
      if (args.given !== undefined) patch.givenName = args.given.trim();
      if (args.family !== undefined) patch.familyName = args.family.trim();
      if (args.quiet !== undefined) Object.assign(patch, parseQuietHours(args.quiet));
      if (args.institution !== undefined) patch.institutionId = (await findInstitution(services, actor.workspaceId, args.institution)).id;
      if (Object.keys(patch).length === 0) {
        const p = await services.store.profiles.get(actor.personId);
        return info(renderProfile(t, p, services.clock.now()), note(t("profile.change")));
      }
      const updated = await services.store.profiles.update(actor, patch);
      // A new language answers at once: the reply to `profile lang=fr` is the first one in French.
      const now = patch.language ? translator(updated.language) : t;
      return success(now("profile.saved"), renderProfile(now, updated, services.clock.now()));
    },
  }),
});
