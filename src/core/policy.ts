// Who may read or change a project's record: one table for every command, enforced in one place,
// where a command resolves its project (projectContext in commands/project.ts). Handlers add only
// rules about a single record (the credited person confirms; the pair's mentor logs check-ins).
//
//   anyone  — needs no project: help, your own profile, data and prompts, joining a project.
//   member  — reads or writes a project's record: the person must be a member of that project.
//   lead    — changes how the project runs (schedules, pairs, surveys, roles): leads only.
//
// A project is named from its own workspace, or from any workspace by its members (a person of
// another Slack or Discord joins with `project invite`'s code). A command that `writes` the record is
// refused on a closed project (`project close`): reads, summaries and exports still work; the one
// write a closed project keeps is its care schedule (`schedule create care`).
import { fail } from "./errors.ts";
import { msg, or, type MessageId } from "./i18n/index.ts";
import { INVITE_CODE_TTL_DAYS, parseInviteCode } from "./linking.ts";
import { closest, didYouMean, fold } from "./matching.ts";
import type { Actor, ProjectRecord } from "./ports.ts";
import type { Ports, Services } from "./services.ts";
import type { ProjectRole } from "./vocabulary.ts";

export type Access = "anyone" | "member" | "lead";

export interface Rule {
  access: Access;
  /**
   * Changes the project's record, so a closed project refuses it. "care": refused too, except for
   * the follow-ups a closed project keeps (`kind=care`).
   */
  writes?: true | "care";
  /** What each role may do beyond the access level, for the README's table (catalogue id). */
  scope?: MessageId;
}

/** Every command path (`<command>` or `<command> <subcommand>`) and its rule. */
export const POLICY: Readonly<Record<string, Rule>> = {
  help: { access: "anyone" },
  home: { access: "anyone", scope: "policy.scope.own" },
  profile: { access: "anyone", scope: "policy.scope.own" },
  link: { access: "anyone", scope: "policy.scope.own" },
  "project create": { access: "anyone" },
  "project list": { access: "anyone", scope: "policy.scope.projectList" },
  "project join": { writes: true, access: "anyone" },
  "project leave": { access: "anyone", scope: "policy.scope.own" },
  "project members": { access: "member" },
  "project role": { writes: true, access: "lead" },
  "project invite": { writes: true, access: "lead" },
  "project close": { access: "lead" },
  "project reopen": { access: "lead" },
  "institution add": { access: "anyone" },
  "institution list": { access: "anyone" },
  "institution contact": { writes: true, access: "lead" },
  "institution contacts": { access: "member" },
  "person add": { writes: true, access: "member" },
  "person list": { access: "member" },
  "person merge": { writes: true, access: "lead" },
  // A closed project still answers a person's data requests.
  "person data": { access: "lead" },
  "person remove": { access: "lead" },
  "contribution add": { writes: true, access: "member" },
  "contribution list": { access: "member" },
  "contribution confirm": { writes: true, access: "member", scope: "policy.scope.credited" },
  "contribution dispute": { writes: true, access: "member", scope: "policy.scope.credited" },
  kudos: { writes: true, access: "member" },
  "preferences show": { access: "anyone", scope: "policy.scope.own" },
  "preferences set": { access: "anyone", scope: "policy.scope.own" },
  summary: { access: "member", scope: "policy.scope.summary" },
  reflect: { writes: true, access: "member" },
  answer: { access: "anyone", scope: "policy.scope.ownPrompt" },
  skip: { access: "anyone", scope: "policy.scope.ownPrompt" },
  pause: { access: "anyone", scope: "policy.scope.own" },
  prompts: { access: "anyone" },
  "my reflections": { access: "anyone", scope: "policy.scope.own" },
  "my data": { access: "anyone", scope: "policy.scope.own" },
  "schedule create": { writes: "care", access: "lead" },
  "schedule list": { access: "member" },
  "schedule pause": { access: "lead" },
  "schedule resume": { access: "lead" },
  "schedule delete": { access: "lead" },
  "schedule fire": { access: "lead" },
  "mentor pair": { writes: true, access: "lead" },
  "mentor unpair": { writes: true, access: "lead" },
  "mentor list": { access: "member", scope: "policy.scope.pairs" },
  "mentor suggest": { access: "lead" },
  "checkin log": { writes: true, access: "member", scope: "policy.scope.mentor" },
  "checkin confirm": { writes: true, access: "member", scope: "policy.scope.mentee" },
  "checkin history": { access: "member", scope: "policy.scope.pair" },
  "checkin snooze": { writes: true, access: "member", scope: "policy.scope.mentor" },
  "checkin skip": { writes: true, access: "member", scope: "policy.scope.mentor" },
  "needs list": { access: "member", scope: "policy.scope.own" },
  "needs add": { writes: true, access: "member", scope: "policy.scope.own" },
  "needs none": { writes: true, access: "member", scope: "policy.scope.own" },
  "needs done": { writes: true, access: "member", scope: "policy.scope.own" },
  "needs plan": { access: "lead", scope: "policy.scope.aggregate" },
  "strengths list": { access: "anyone", scope: "policy.scope.own" },
  "strengths add": { access: "anyone", scope: "policy.scope.own" },
  "strengths remove": { access: "anyone", scope: "policy.scope.own" },
  "survey start": { writes: true, access: "lead" },
  "survey status": { access: "lead" },
  ping: { access: "anyone" },
  alliance: { access: "anyone", scope: "policy.scope.alliance" },
};

/** The rule of a command path; a command without one is a bug, caught by the policy matrix test. */
export function ruleFor(path: string): Rule {
  if (!Object.hasOwn(POLICY, path)) throw new Error(`No access rule for "${path}": add it to src/core/policy.ts`);
  return POLICY[path]!;
}

/** Whether a person with this role in the project passes the rule (null: not a member). */
export const allows = (rule: Rule, role: "lead" | "mentor" | "member" | null): boolean =>
  rule.access === "anyone" || (rule.access === "member" && role !== null) || (rule.access === "lead" && role === "lead");

/**
 * How much of a project's record a person may read in aggregate (summary, alliance): its leads the
 * whole project; a member only what concerns them; anyone else nothing.
 */
export const recordScope = (role: ProjectRole | null): "project" | "own" | "none" => (role === "lead" ? "project" : role !== null ? "own" : "none");

/** The project a command acts on, with the actor's role in it (null: not a member). */
export interface ProjectContext extends ProjectRecord {
  myRole: ProjectRole | null;
}

/** A project named by slug or name, in the actor's workspace or one they are a member of, with the actor's role in it. */
export async function findProject(services: Ports<"projects">, actor: Actor, ref: string): Promise<ProjectContext> {
  const found = await services.store.projects.find(actor.workspaceId, ref, actor.personId);
  if (found) return found;
  const all = await services.store.projects.list(actor.workspaceId, actor.personId);
  // Two projects of this name: the person names one by its short name (the store matched neither).
  const sameName = all.filter((p) => fold(p.name) === fold(ref));
  if (sameName.length > 1) fail("project.ambiguous", { ref, count: sameName.length, slugs: or(sameName.map((p) => p.slug)) }, msg("project.ambiguous.hint", { slug: sameName[0]!.slug }));
  const suggestion = closest(ref, all.flatMap((p) => [p.slug, p.name]));
  return fail("project.notFound", { ref, didYouMean: didYouMean(suggestion) }, msg("project.notFound.hint"));
}

/**
 * Resolves the project a command names (or the actor's only project) and applies the command's
 * rule: the one place where membership and leadership are checked. A refusal changes nothing.
 */
export async function resolveProject(
  services: Ports<"projects"> & Pick<Services, "clock">,
  actor: Actor,
  path: string,
  ref: string | undefined,
  args: Readonly<Record<string, unknown>> = {},
): Promise<ProjectContext> {
  const rule = ruleFor(path);
  let project: ProjectContext;
  // `project join ABCD-EFGH-JKMN`: an invitation's code names its project. No slug or name has a code's
  // shape (project create refuses them), so a code is never read as a name, nor a name as a code.
  const code = path === "project join" && ref !== undefined ? parseInviteCode(ref) : undefined;
  if (code !== undefined) {
    const invited = await services.store.projects.invited(code, actor.personId, services.clock.now());
    // The same words for unknown, expired and used codes (as for `link`): a guess learns nothing.
    if (!invited) fail("project.invite.invalid", { days: INVITE_CODE_TTL_DAYS }, msg("project.invite.invalid.hint"));
    project = invited;
  } else if (ref !== undefined) {
    project = await findProject(services, actor, ref);
  } else {
    const mine = await services.store.projects.mine(actor.workspaceId, actor.personId);
    if (mine.length === 0) fail("project.noneYet", {}, msg("project.noneYet.hint"));
    if (mine.length > 1) fail("project.which", { count: mine.length }, msg("project.which.hint", { slugs: mine.map((p) => p.slug).join(", ") }));
    project = mine[0]!;
  }
  if (!allows(rule, project.myRole)) {
    const hint = { project: project.name, slug: project.slug };
    if (project.myRole === null) fail("access.notMember", hint, msg("access.notMember.hint", hint));
    fail("access.leadsOnly", hint, msg("access.leadsOnly.hint", hint));
  }
  if (project.closedAt && rule.writes && !(rule.writes === "care" && args.kind === "care")) {
    fail("project.closed", { project: project.name }, msg("project.closed.hint", { slug: project.slug }));
  }
  return project;
}
