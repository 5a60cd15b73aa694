import { UserError } from "../errors.ts";
import { fold } from "../matching.ts";
import { info, list, note, success } from "../message.ts";
import type { Actor, Services } from "../ports.ts";
import * as validate from "../validate.ts";
import { CAREER_STAGES, PROJECT_ROLES, type ProjectRole } from "../vocabulary.ts";
import { action, defineCommand, type UserRef } from "./definition.ts";

/** "Coastal Resilience — Fase 2" → "coastal-resilience-fase-2" */
export const slugify = (name: string): string => fold(name).replace(/ /g, "-").slice(0, 48).replace(/-+$/, "");

export async function findPerson(services: Services, actor: Actor, ref: UserRef) {
  const person = await services.store.identity.findPerson(actor.workspaceId, ref);
  if (person) return person;
  const shown = ref.kind === "handle" ? `@${ref.handle}` : "that person";
  throw new UserError(`I don't know ${shown} yet.`, "They need to say hello to Mutual once (any command) before they can be named.");
}

const projectOption = { name: "project", type: "string", suggest: "projects", positional: true, required: true, description: "Project name or short name (slug)." } as const;

export const project = defineCommand({
  name: "project",
  description: "Create, join and leave projects; see members; set roles (leads).",
  aliases: ["projects", "partnership"],
  defaultSubcommand: "list",
  subcommands: {
    create: action({
      description: "Create a project; you become its lead.",
      options: [
        { name: "name", type: "string", positional: true, required: true, maxLength: 120, description: "Project name." },
        { name: "slug", type: "string", maxLength: 48, description: "Short name used in commands (default: from the name)." },
        { name: "lang", type: "string", suggest: "languages", aliases: ["language"], description: "Language of the project channel, e.g. es." },
        { name: "description", type: "text", maxLength: 500, description: "One or two sentences about the project." },
      ],
      examples: ['project create "Coastal Resilience" lang=en', 'project create "Saberes do Cerrado" slug=cerrado lang=pt'],
      async handler({ actor, services, t }, args) {
        const slug = slugify(args.slug ?? args.name);
        if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
          throw new UserError("A project needs a short name with letters or digits.", 'Give one: project create "…" slug=coastal');
        }
        const created = await services.store.projects.create(actor, {
          slug,
          name: args.name,
          language: args.lang === undefined ? (actor.language ?? t.lang) : validate.language(args.lang),
          ...(args.description !== undefined && { description: args.description }),
        });
        if (!created) throw new UserError(`A project with the short name "${slug}" already exists.`, "Choose another: slug=…");
        return success(`Created ${created.name} (${created.slug}). You are its lead.`, note(`Others join with: project join ${created.slug}`));
      },
    }),
    list: action({
      description: "List the projects in this workspace.",
      options: [],
      idempotent: true,
      async handler({ actor, services }) {
        const all = await services.store.projects.list(actor.workspaceId, actor.personId);
        if (all.length === 0) return info(note('No projects yet. Create one: project create "Coastal Resilience"'));
        return info(
          list(all.map((p) => `${p.name} (${p.slug}) — ${p.members} ${p.members === 1 ? "member" : "members"}${p.myRole ? `, you: ${p.myRole}` : ""}`)),
        );
      },
    }),
    join: action({
      description: "Join a project as a member.",
      options: [projectOption],
      examples: ["project join coastal-resilience"],
      async handler({ actor, services, project: p }) {
        const joined = await services.store.projects.join(actor, p.id);
        return joined ? success(`Welcome to ${p.name}!`) : info(note(`You are already a member of ${p.name}.`));
      },
    }),
    leave: action({
      description: "Leave a project.",
      options: [projectOption],
      async handler({ actor, services, project: p }) {
        const outcome = await services.store.projects.leave(actor, p.id, services.clock.now());
        if (outcome === "last-lead") {
          throw new UserError(`You are the only lead of ${p.name}.`, `Make someone else lead first: project role ${p.slug} @name lead`);
        }
        return outcome === "left" ? success(`You left ${p.name}.`) : info(note(`You were not a member of ${p.name}.`));
      },
    }),
    members: action({
      description: "List a project's members with their roles.",
      options: [projectOption],
      idempotent: true,
      async handler({ services, project: p }) {
        const members = await services.store.projects.members(p.id);
        return info(
          list(
            members.map((m) =>
              [`${m.displayName} — ${m.role}`, m.institution, m.careerStage ? CAREER_STAGES.labels[m.careerStage] : null].filter(Boolean).join(", "),
            ),
          ),
          note(`${p.name}: ${members.length} ${members.length === 1 ? "member" : "members"}.`),
        );
      },
    }),
    role: action({
      description: "Set a member's role: lead, mentor or member (leads only).",
      options: [
        projectOption,
        { name: "person", type: "user", positional: true, required: true, description: "The member, e.g. @amina." },
        { name: "role", type: "choice", positional: true, required: true, choices: PROJECT_ROLES.labels, description: "lead, mentor or member." },
      ],
      examples: ["project role coastal-resilience @amina mentor"],
      async handler({ actor, services, project: p }, args) {
        const person = await findPerson(services, actor, args.person);
        const outcome = await services.store.projects.setRole(actor, p.id, person.personId, args.role as ProjectRole);
        if (outcome === "not-member") throw new UserError(`${person.displayName} is not a member of ${p.name}.`, `They can join with: project join ${p.slug}`);
        if (outcome === "last-lead") throw new UserError(`${p.name} would have no lead left.`, "Make someone else lead first.");
        return success(`${person.displayName} is now ${args.role} of ${p.name}.`);
      },
    }),
  },
});
