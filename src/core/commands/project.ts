import { fail } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { drawCode, formatCode, INVITE_CODE_LENGTH, INVITE_CODE_TTL_DAYS, INVITE_CODE_TTL_MS, parseInviteCode } from "../linking.ts";
import { fold } from "../matching.ts";
import { info, list, note, success, text } from "../message.ts";
import type { Actor } from "../ports.ts";
import type { Ports } from "../services.ts";
import * as validate from "../validate.ts";
import { CAREER_STAGES, PROJECT_ROLES, type ProjectRole } from "../vocabulary.ts";
import { action, defineCommand, type UserRef } from "./definition.ts";

/** "Coastal Resilience — Fase 2" → "coastal-resilience-fase-2" */
export const slugify = (name: string): string => fold(name).replace(/ /g, "-").slice(0, 48).replace(/-+$/, "");

/**
 * A person named in a command: in the actor's workspace, else (a project spanning workspaces) among
 * the project's members, by handle or display name, since their accounts live in another workspace.
 */
export async function findPerson(services: Ports<"identity" | "projects">, actor: Actor, ref: UserRef, project?: { id: string }) {
  const person = await services.store.identity.findPerson(actor.workspaceId, ref);
  if (person) return person;
  if (project && ref.kind === "handle") {
    const wanted = fold(ref.handle);
    const members = await services.store.projects.members(project.id);
    const byHandle = members.filter((m) => m.handle !== null && fold(m.handle) === wanted);
    const found = byHandle.length === 1 ? byHandle : members.filter((m) => fold(m.displayName) === wanted);
    if (found.length === 1) return { personId: found[0]!.personId, displayName: found[0]!.displayName, handle: found[0]!.handle };
  }
  return fail("person.unknown", { who: ref.kind === "handle" ? `@${ref.handle}` : msg("person.unknown.someone") }, msg("person.unknown.hint"));
}

const projectOption = { name: "project", type: "string", suggest: "projects", positional: true, required: true, description: "opt.projectRef" } as const;

export const project = defineCommand({
  name: "project",
  description: "cmd.project",
  aliases: ["projects", "partnership"],
  defaultSubcommand: "list",
  subcommands: {
    create: action({
      description: "cmd.project.create",
      ports: ["projects"],
      options: [
        { name: "name", type: "string", positional: true, required: true, maxLength: 120, description: "opt.project.name" },
        { name: "slug", type: "string", maxLength: 48, description: "opt.project.slug" },
        { name: "lang", type: "string", suggest: "languages", aliases: ["language"], description: "opt.project.lang" },
        { name: "description", type: "text", maxLength: 500, description: "opt.project.description" },
      ],
      examples: ['project create "Coastal Resilience" lang=en', 'project create "Saberes do Cerrado" slug=cerrado lang=pt'],
      async handler({ actor, services, t }, args) {
        const slug = slugify(args.slug ?? args.name);
        if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
          fail("project.slug.invalid", {}, msg("project.slug.invalid.hint"));
        }
        // `project join <code>` must never read a project's name as an invitation code.
        if (parseInviteCode(slug) || parseInviteCode(args.name)) fail("project.slug.codeLike", { slug }, msg("project.slug.codeLike.hint"));
        // A short name is kept as typed (short names are matched without case) or refused with the one
        // it could be: never rewritten quietly.
        if (args.slug !== undefined && args.slug.toLowerCase() !== slug) fail("project.slug.notShort", { slug: args.slug }, msg("project.slug.notShort.hint", { suggestion: slug }));
        const sameName = (await services.store.projects.list(actor.workspaceId, actor.personId)).filter((p) => fold(p.name) === fold(args.name));
        const created = await services.store.projects.create(actor, {
          slug,
          name: args.name,
          language: args.lang === undefined ? (actor.language ?? t.lang) : validate.language(args.lang),
          ...(args.description !== undefined && { description: args.description }),
        });
        if (!created) fail("project.slug.taken", { slug }, msg("project.slug.taken.hint"));
        // Two projects of one name are told apart by their short names: say so when it happens.
        const alsoCalled = sameName.length
          ? [note(t("project.sameName", { count: sameName.length, name: created.name, slugs: t.list(sameName.map((p) => p.slug), "unit"), slug: created.slug }))]
          : [];
        return success(t("project.created", { name: created.name, slug: created.slug }), ...alsoCalled, note(t("project.created.note", { slug: created.slug })));
      },
    }),
    list: action({
      description: "cmd.project.list",
      ports: ["projects"],
      options: [],
      idempotent: true,
      async handler({ actor, services, t }) {
        const all = await services.store.projects.list(actor.workspaceId, actor.personId);
        if (all.length === 0) return info(note(t("project.list.none")));
        return info(
          list(
            all.map((p) =>
              t("project.list.line", { name: p.name, slug: p.slug, members: p.members, role: p.myRole ?? "none", roleName: p.myRole ? msg(PROJECT_ROLES.messages[p.myRole]) : "" }),
            ),
          ),
        );
      },
    }),
    join: action({
      description: "cmd.project.join",
      ports: ["projects"],
      options: [projectOption],
      examples: ["project join coastal-resilience", "project join ABCD-EFGH-JKMN"],
      async handler({ actor, services, project: p, t }, args) {
        // An invitation's code (the project was found by it): used once, from any workspace or platform.
        const code = parseInviteCode(args.project);
        if (code !== undefined) {
          const outcome = await services.store.projects.redeemInvite(actor, code, services.clock.now());
          if (outcome === "invalid") fail("project.invite.invalid", { days: INVITE_CODE_TTL_DAYS }, msg("project.invite.invalid.hint"));
          if (outcome === "already") return info(note(t("project.join.already", { name: p.name })));
          return success(t("project.joined", { name: p.name }), note(t("project.joined.invited", { slug: p.slug })));
        }
        const joined = await services.store.projects.join(actor, p.id);
        return joined ? success(t("project.joined", { name: p.name })) : info(note(t("project.join.already", { name: p.name })));
      },
    }),
    invite: action({
      description: "cmd.project.invite",
      ports: ["projects"],
      options: [projectOption],
      examples: ["project invite coastal-resilience"],
      async handler({ actor, services, project: p, t }) {
        const now = services.clock.now();
        const code = await drawCode(INVITE_CODE_LENGTH, (c) => services.store.projects.createInvite(actor, p.id, c, new Date(now.getTime() + INVITE_CODE_TTL_MS), now));
        const shown = formatCode(code);
        return success(t("project.invite.code", { name: p.name, code: shown }), text(t("project.invite.how", { code: shown, days: INVITE_CODE_TTL_DAYS })), note(t("project.invite.once")));
      },
    }),
    close: action({
      description: "cmd.project.close",
      ports: ["projects"],
      options: [projectOption],
      examples: ["project close coastal-resilience"],
      async handler({ actor, services, project: p, t }) {
        const { outcome, pairsEnded } = await services.store.projects.close(actor, p.id, services.clock.now());
        if (outcome === "already") return info(note(t("project.close.already", { name: p.name, slug: p.slug })));
        // Its schedules stop now (care follow-ups aside): the scheduler drops their jobs.
        await services.scheduler.reconcile();
        return success(t("project.closed.done", { name: p.name, pairs: pairsEnded }), note(t("project.closed.after", { slug: p.slug })));
      },
    }),
    reopen: action({
      description: "cmd.project.reopen",
      ports: ["projects"],
      options: [projectOption],
      examples: ["project reopen coastal-resilience"],
      async handler({ actor, services, project: p, t }) {
        if (!(await services.store.projects.reopen(actor, p.id))) return info(note(t("project.reopen.notClosed", { name: p.name })));
        await services.scheduler.reconcile();
        return success(t("project.reopened", { name: p.name }), note(t("project.reopened.pairs", { slug: p.slug })));
      },
    }),
    leave: action({
      description: "cmd.project.leave",
      ports: ["projects"],
      options: [projectOption],
      async handler({ actor, services, project: p, t }) {
        const outcome = await services.store.projects.leave(actor, p.id, services.clock.now());
        if (outcome === "last-lead") fail("project.leave.lastLead", { name: p.name }, msg("project.leave.lastLead.hint", { slug: p.slug }));
        return outcome === "left" ? success(t("project.left", { name: p.name })) : info(note(t("project.leave.notMember", { name: p.name })));
      },
    }),
    members: action({
      description: "cmd.project.members",
      ports: ["projects"],
      options: [projectOption],
      idempotent: true,
      async handler({ services, project: p, t }) {
        const members = await services.store.projects.members(p.id);
        return info(
          list(
            members.map((m) =>
              [t("project.members.line", { name: m.displayName, role: msg(PROJECT_ROLES.messages[m.role]) }), m.institution, m.careerStage ? t(CAREER_STAGES.messages[m.careerStage]) : null]
                .filter(Boolean)
                .join(", "),
            ),
          ),
          note(t("project.members.count", { name: p.name, count: members.length })),
        );
      },
    }),
    role: action({
      description: "cmd.project.role",
      ports: ["identity", "projects"],
      options: [
        projectOption,
        { name: "person", type: "user", positional: true, required: true, description: "opt.project.person" },
        { name: "role", type: "choice", positional: true, required: true, choices: PROJECT_ROLES.messages, description: "opt.project.role" },
      ],
      examples: ["project role coastal-resilience @amina mentor"],
      async handler({ actor, services, project: p, t }, args) {
        const person = await findPerson(services, actor, args.person, p);
        const role = args.role as ProjectRole;
        const outcome = await services.store.projects.setRole(actor, p.id, person.personId, role);
        if (outcome === "not-member") fail("project.role.notMember", { person: person.displayName, name: p.name }, msg("project.role.notMember.hint", { slug: p.slug }));
        if (outcome === "last-lead") fail("project.role.lastLead", { name: p.name }, msg("project.role.lastLead.hint"));
        return success(t("project.role.set", { person: person.displayName, role: msg(PROJECT_ROLES.messages[role]), name: p.name }));
      },
    }),
  },
});
