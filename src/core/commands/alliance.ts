// `alliance <institution|@person>`: the memory of a relationship beyond one project. What they did with
// others in every project they took part in, active or closed, as counts: never private text.
//
// Access: a project counts only when the viewer may read its whole record, as for `summary` (its
// leads), or when the alliance is the viewer's own (a member). The others are counted as hidden, so a
// reader knows the picture is partial and whom to ask, without learning their names.
//
// An institution is looked up in the viewer's workspace and in the workspaces of their partners (a
// project spanning a Slack workspace and a Discord server has institutions registered in each). Rows
// with one ROR id are one institution; a name left ambiguous is refused with its workspaces listed.
import { fail, isUserError } from "../errors.ts";
import { and, msg, type Translator } from "../i18n/index.ts";
import { fold } from "../matching.ts";
import { recordScope } from "../policy.ts";
import { heading, info, list, note, text } from "../message.ts";
import type { Actor, AllianceTarget, InstitutionRecord, WorkspaceLabel } from "../ports.ts";
import type { Ports } from "../services.ts";
import { ROLE_MESSAGES } from "../credit/terms.ts";
import type { ContributionRoleId } from "../credit/model.ts";
import { action, defineCommand } from "./definition.ts";
import { parseUserRef } from "./parse.ts";
import { findPerson } from "./project.ts";

const day = (d: Date) => d.toISOString().slice(0, 10);

const workspaceLabel = (t: Translator, w: WorkspaceLabel) => t("workspace.label", { name: w.name, platform: w.platform });

/**
 * An institution by name among those the viewer may reach, narrowed to `workspace` (its name or platform
 * id) when given. Rows sharing a ROR id are one institution; distinct ones left over are refused.
 */
async function institution(services: Ports<"institutions">, actor: Actor, t: Translator, who: string, workspace: string | undefined) {
  // The viewer's own workspace first: its spelling is shown, its name is the example.
  const found = (await services.store.institutions.reachable(actor.workspaceId, actor.personId, who)).sort(
    (a, b) => Number(b.workspace.id === actor.workspaceId) - Number(a.workspace.id === actor.workspaceId),
  );
  if (found.length === 0) return undefined;
  const labels = (rows: typeof found) => and([...new Map(rows.map((i) => [i.workspace.id, workspaceLabel(t, i.workspace)])).values()]);
  const named = workspace === undefined ? found : found.filter((i) => fold(i.workspace.name) === fold(workspace) || i.workspace.id === workspace);
  if (named.length === 0) fail("alliance.workspace.none", { who, workspace: workspace!, workspaces: labels(found) }, msg("alliance.unknown.hint"));
  const one = (i: InstitutionRecord) => i.rorId ?? i.id;
  if (new Set(named.map(one)).size > 1) {
    const workspaces = new Set(named.map((i) => i.workspace.id)).size;
    fail("alliance.ambiguous", { who, count: workspaces, workspaces: labels(named) }, msg("alliance.ambiguous.hint", { who, example: named[0]!.workspace.name }));
  }
  return { kind: "institution" as const, institutionIds: named.map((i) => i.id), name: named[0]!.name };
}

/** A person (@name, a mention) in this workspace or a project of the viewer's; else an institution by name. */
async function target(
  services: Ports<"identity" | "institutions" | "projects">,
  actor: Actor,
  t: Translator,
  who: string,
  workspace: string | undefined,
): Promise<AllianceTarget & { name: string }> {
  const unknown = () => fail("alliance.unknown", { who }, msg("alliance.unknown.hint"));
  if (/^(@|<@)/.test(who)) {
    const ref = parseUserRef(who, "who");
    // People of another workspace are found among the members of the viewer's projects.
    for (const project of [undefined, ...(await services.store.projects.mine(actor.workspaceId, actor.personId))]) {
      try {
        const person = await findPerson(services, actor, ref, project);
        return { kind: "person", personId: person.personId, name: person.displayName };
      } catch (e) {
        if (!isUserError(e)) throw e;
      }
    }
    return unknown();
  }
  return (await institution(services, actor, t, who, workspace)) ?? unknown();
}

export const alliance = defineCommand({
  name: "alliance",
  description: "cmd.alliance",
  aliases: ["alliances"],
  action: action({
    description: "cmd.alliance.action",
    ports: ["identity", "institutions", "projects", "alliance"],
    options: [
      { name: "who", type: "text", positional: true, required: true, maxLength: 200, description: "opt.alliance.who" },
      { name: "workspace", type: "string", maxLength: 200, description: "opt.alliance.workspace" },
    ],
    examples: ['alliance "Enda Santé"', "alliance @amina"],
    idempotent: true,
    async handler({ actor, services, t }, args) {
      const who = await target(services, actor, t, args.who.trim(), args.workspace?.trim());
      const self = who.kind === "person" && who.personId === actor.personId;
      const view = await services.store.alliance.view(who, actor.personId, (role) => recordScope(role) === "project" || (self && recordScope(role) === "own"));
      const hidden = view.hidden ? [note(t("alliance.hidden", { count: view.hidden }))] : [];
      if (view.projects.length === 0) return info(text(t("alliance.none", { who: who.name })), ...hidden);
      const projects = view.projects.map((p) =>
        t("alliance.project", {
          name: p.name,
          slug: p.slug,
          from: day(p.from),
          state: p.closedAt ? "closed" : "open",
          to: p.closedAt ? day(p.closedAt) : "",
          contributions: p.contributions,
          acknowledgements: p.acknowledgements,
        }),
      );
      const roles = view.roles.map((r) => t("alliance.role", { role: t(ROLE_MESSAGES[r.role as ContributionRoleId]), contributions: r.contributions, acknowledgements: r.acknowledgements }));
      return info(
        heading(t("alliance.heading", { who: who.name, count: view.projects.length })),
        list(projects),
        ...(roles.length ? [text(t("alliance.roles")), list(roles)] : []),
        text(t("alliance.mentorships", view.mentorships)),
        text(view.institutions.length ? t("alliance.institutions", { names: t.list(view.institutions, "unit") }) : t("alliance.institutions.none")),
        ...hidden,
        note(t("alliance.private")),
      );
    },
  }),
});
