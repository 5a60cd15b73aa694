import { UserError } from "../errors.ts";
import { closest, didYouMeanText } from "../matching.ts";
import { fields, info, note, success } from "../message.ts";
import type { Profile, ProfilePatch, Services } from "../ports.ts";
import * as validate from "../validate.ts";
import { CAREER_STAGES } from "../vocabulary.ts";
import { localDate } from "../credit/terms.ts";
import { parseQuietHours } from "../reflection/terms.ts";
import { action, defineCommand } from "./definition.ts";

export function renderProfile(p: Profile, now: Date) {
  const languageName = p.language && (new Intl.DisplayNames(["en"], { type: "language" }).of(p.language) ?? p.language);
  return fields(
    ["name", p.displayName],
    ["time zone", p.timezone ?? "not set (times are shown in UTC)"],
    ["language", p.language ? `${languageName} (${p.language})` : "not set (the project's language, else English)"],
    ["institution", p.institution ? `${p.institution.name}${p.institution.country ? ` (${p.institution.country})` : ""}` : "not set"],
    ["career stage", p.careerStage ? CAREER_STAGES.labels[p.careerStage] : "not set"],
    ["country", p.country ?? (p.institution?.country ? `${p.institution.country} (from institution)` : "not set")],
    ["work week", validate.formatWorkDays(p.workDays)],
    ["quiet hours", p.quietStart && p.quietEnd ? `${p.quietStart}–${p.quietEnd}` : "none"],
    ["prompts", p.awayUntil && p.awayUntil > now ? `paused until ${localDate(p.awayUntil, p.timezone)}` : "active"],
  );
}

async function institutionId(services: Services, workspaceId: string, name: string): Promise<string> {
  const found = await services.store.institutions.findByName(workspaceId, name);
  if (found) return found.id;
  const known = (await services.store.institutions.list(workspaceId)).map((i) => i.name);
  throw new UserError(
    `There is no institution called "${name}" yet.${didYouMeanText(closest(name, known))}`,
    `Add it first: institution add "${name}" country=<code>`,
  );
}

export const profile = defineCommand({
  name: "profile",
  description: "See or change your time zone, language, institution and career stage.",
  action: action({
    description: "Show your profile, or change the fields you name.",
    options: [
      { name: "tz", type: "string", suggest: "timezones", aliases: ["timezone", "time-zone"], description: "Your IANA time zone, e.g. Africa/Nairobi." },
      { name: "lang", type: "string", suggest: "languages", aliases: ["language"], description: "Language for prompts and replies, e.g. fr." },
      { name: "institution", type: "string", suggest: "institutions", aliases: ["inst", "org"], description: "Your institution (add it with `institution add`)." },
      { name: "stage", type: "choice", aliases: ["career", "career-stage"], choices: CAREER_STAGES.labels, description: "Your career stage." },
      { name: "country", type: "string", description: "Country for public holidays, if not your institution's." },
      { name: "workdays", type: "string", aliases: ["workweek", "work-week"], description: "Days you work, e.g. mon-fri or sun-thu." },
      { name: "quiet", type: "string", aliases: ["quiet-hours"], description: "No messages in these hours, e.g. 21:00-07:00, or off." },
      { name: "name", type: "string", maxLength: 80, description: "How Mutual names you in summaries." },
    ],
    examples: ["profile", "profile tz=Africa/Nairobi lang=fr", 'profile institution="University of Nairobi" stage=phd', "profile workdays=sun-thu", "profile quiet=21:00-07:00"],
    idempotent: true,
    async handler({ actor, services }, args) {
      const patch: ProfilePatch = {};
      if (args.tz !== undefined) patch.timezone = validate.timeZone(args.tz);
      if (args.lang !== undefined) patch.language = validate.language(args.lang);
      if (args.country !== undefined) patch.country = validate.country(args.country);
      if (args.workdays !== undefined) patch.workDays = validate.workDays(args.workdays);
      if (args.stage !== undefined) patch.careerStage = args.stage as ProfilePatch["careerStage"];
      if (args.name !== undefined) patch.displayName = args.name;
      if (args.quiet !== undefined) Object.assign(patch, parseQuietHours(args.quiet));
      if (args.institution !== undefined) patch.institutionId = await institutionId(services, actor.workspaceId, args.institution);
      if (Object.keys(patch).length === 0) {
        const p = await services.store.profiles.get(actor.personId);
        return info(renderProfile(p, services.clock.now()), note("Change a field with e.g. `profile tz=Africa/Nairobi lang=fr`."));
      }
      const updated = await services.store.profiles.update(actor, patch);
      return success("Profile saved.", renderProfile(updated, services.clock.now()));
    },
  }),
});
