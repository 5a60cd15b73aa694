// `alliance <institution|@person>`: the memory of a relationship beyond one project. What they did with
// others in every project they took part in, active or closed, as counts: never private text.
//
// Access: a project counts only when the viewer may read its whole record, as for `summary` (its
// leads), or when the alliance is the viewer's own (a member). The others are counted as hidden, so a
// reader knows the picture is partial and whom to ask, without learning their names.
import { fail, isUserError } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { recordScope } from "../policy.ts";
import { heading, info, list, note, text } from "../message.ts";
import type { Actor, Contributor } from "../ports.ts";
import type { Ports } from "../services.ts";
import { ROLE_MESSAGES } from "../credit/terms.ts";
import type { ContributionRoleId } from "../credit/model.ts";
import { action, defineCommand } from "./definition.ts";
import { parseUserRef } from "./parse.ts";
import { findPerson } from "./project.ts";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A person (@name, a mention) in this workspace or a project of the viewer's; else an institution by name. */
async function target(services: Ports<"identity" | "institutions" | "projects">, actor: Actor, who: string): Promise<Contributor & { name: string }> {
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
  const institution = await services.store.institutions.findByName(actor.workspaceId, who);
  return institution ? { kind: "institution", institutionId: institution.id, name: institution.name } : unknown();
}

export const alliance = defineCommand({
  name: "alliance",
  description: "cmd.alliance",
  aliases: ["alliances"],
  action: action({
    description: "cmd.alliance.action",
    ports: ["identity", "institutions", "projects", "alliance"],
    options: [{ name: "who", type: "text", positional: true, required: true, maxLength: 200, description: "opt.alliance.who" }],
    examples: ['alliance "Enda Santé"', "alliance @amina"],
    idempotent: true,
    async handler({ actor, services, t }, args) {
      const who = await target(services, actor, args.who.trim());
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
