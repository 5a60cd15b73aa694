import { UserError } from "../errors.ts";
import { closest, didYouMeanText, fold } from "../matching.ts";
import { info, list, note, success } from "../message.ts";
import type { Actor, ProjectRecord, Services } from "../ports.ts";
import * as validate from "../validate.ts";
import { CAREER_STAGES, PROJECT_ROLES, type ProjectRole } from "../vocabulary.ts";
import { action, defineCommand, type UserRef } from "./definition.ts";

/** "Coastal Resilience — Fase 2" → "coastal-resilience-fase-2" */
export const slugify = (name: string): string => fold(name).replace(/ /g, "-").slice(0, 48).replace(/-+$/, "");

export async function findProject(services: Services, actor: Actor, ref: string): Promise<ProjectRecord> {
  const found = await services.store.projects.find(actor.workspaceId, ref);
  if (found) return found;
  const all = await services.store.projects.list(actor.workspaceId, actor.personId);
  const suggestion = closest(ref, all.flatMap((p) => [p.slug, p.name]));
  throw new UserError(`There is no project "${ref}".${didYouMeanText(suggestion)}`, "See them all with `project list`.");
}

/** The project named, or the only project the person belongs to. */
export async function projectContext(services: Services, actor: Actor, ref: string | undefined): Promise<ProjectRecord> {
  if (ref !== undefined) return findProject(services, actor, ref);
  const mine = (await services.store.projects.list(actor.workspaceId, actor.personId)).filter((p) => p.myRole);
  if (mine.length === 1) return mine[0]!;
  if (mine.length === 0) throw new UserError("You are not in a project yet.", "Join one with `project join <project>`, or name one with project=<slug>.");
  throw new UserError(`You are in ${mine.length} projects; which one?`, `Add project=<slug>: ${mine.map((p) => p.slug).join(", ")}.`);
}

export async function findPerson(services: Services, actor: Actor, ref: UserRef) {
  const person = await services.store.identity.findPerson(actor.workspaceId, ref);
  if (person) return person;
  const shown = ref.kind === "handle" ? `@${ref.handle}` : "that person";
  throw new UserError(`I don't know ${shown} yet.`, "They need to say hello to Mutual once (any command) before they can be named.");
}

export async function requireLead(services: Services, actor: Actor, project: ProjectRecord) {
  if ((await services.store.projects.roleOf(project.id, actor.personId)) !== "lead") {
    throw new UserError(`Only leads of ${project.name} can do that.`, `See who they are: project members ${project.slug}`);
  }
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
      async handler({ actor, services }, args) {
        const slug = slugify(args.slug ?? args.name);
        if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
          throw new UserError("A project needs a short name with letters or digits.", 'Give one: project create "…" slug=coastal');
        }
        const created = await services.store.projects.create(actor, {
          slug,
          name: args.name,
          language: args.lang === undefined ? actor.language : validate.language(args.lang),
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
      async handler({ actor, services }, args) {
        const p = await findProject(services, actor, args.project);
        const joined = await services.store.projects.join(actor, p.id);
        return joined ? success(`Welcome to ${p.name}!`) : info(note(`You are already a member of ${p.name}.`));
      },
    }),
    leave: action({
      description: "Leave a project.",
      options: [projectOption],
      async handler({ actor, services }, args) {
        const p = await findProject(services, actor, args.project);
        const outcome = await services.store.projects.leave(actor, p.id);
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
      async handler({ actor, services }, args) {
        const p = await findProject(services, actor, args.project);
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
      async handler({ actor, services }, args) {
        const p = await findProject(services, actor, args.project);
        await requireLead(services, actor, p);
        const person = await findPerson(services, actor, args.person);
        const outcome = await services.store.projects.setRole(actor, p.id, person.personId, args.role as ProjectRole);
        if (outcome === "not-member") throw new UserError(`${person.displayName} is not a member of ${p.name}.`, `They can join with: project join ${p.slug}`);
        if (outcome === "last-lead") throw new UserError(`${p.name} would have no lead left.`, "Make someone else lead first.");
        return success(`${person.displayName} is now ${args.role} of ${p.name}.`);
      },
    }),
  },
});
