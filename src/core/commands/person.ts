import { fail } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { closest, didYouMean, fold } from "../matching.ts";
import { heading, info, list, note, success, text } from "../message.ts";
import { personDataFiles } from "../person-data.ts";
import type { OffChatPerson } from "../ports.ts";
import type { Ports } from "../services.ts";
import type { ProjectContext } from "../policy.ts";
import * as validate from "../validate.ts";
import { action, defineCommand } from "./definition.ts";
import { findInstitution } from "./institution.ts";
import { findPerson } from "./project.ts";

const projectOption = { name: "project", type: "string", suggest: "projects", description: "opt.project" } as const;

/** A person of the project who is not on the chat, by name (case and accents ignored), or a kind error. */
export async function findOffChat(services: Ports<"offChat">, project: ProjectContext, name: string): Promise<OffChatPerson> {
  const people = await services.store.offChat.list(project.id);
  const found = people.find((p) => fold(p.displayName) === fold(name));
  if (found) return found;
  return fail(
    "person.notFound",
    { project: project.name, name, didYouMean: didYouMean(closest(name, people.map((p) => p.displayName))) },
    msg("person.notFound.hint"),
  );
}

export const person = defineCommand({
  name: "person",
  description: "cmd.person",
  aliases: ["people"],
  defaultSubcommand: "list",
  subcommands: {
    add: action({
      description: "cmd.person.add",
      ports: ["institutions", "offChat"],
      options: [
        { name: "name", type: "string", positional: true, required: true, maxLength: 160, description: "opt.person.name" },
        { name: "institution", type: "string", suggest: "institutions", aliases: ["inst", "org"], description: "opt.person.institution" },
        { name: "orcid", type: "string", description: "opt.person.orcid" },
        { name: "given", type: "string", maxLength: 80, description: "opt.person.given" },
        { name: "family", type: "string", maxLength: 80, description: "opt.person.family" },
        { name: "email", type: "string", maxLength: 254, description: "opt.person.email" },
        projectOption,
      ],
      examples: ['person add "Mama Zawadi" institution="Kilifi Women\'s Group"', 'person add "Juma Bakari" orcid=0000-0002-1825-0097 given=Juma family=Bakari'],
      // Keyed by the event: a retry finds the person it added.
      idempotent: true,
      async handler({ actor, event, services, project, t, repeat }, args) {
        const name = args.name.trim();
        const orcid = args.orcid === undefined ? null : validate.orcid(args.orcid);
        const email = args.email === undefined ? null : validate.email(args.email);
        const institutionId = args.institution === undefined ? null : (await findInstitution(services, actor.workspaceId, args.institution)).id;
        const { outcome, person: p } = await services.store.offChat.add(actor, {
          projectId: project.id,
          displayName: name,
          institutionId,
          orcid,
          givenName: args.given?.trim() || null,
          familyName: args.family?.trim() || null,
          email,
          idempotencyKey: event.id,
        });
        if (outcome === "exists") return info(note(t("person.exists", { project: project.name, name: p.displayName })));
        if (outcome === "repeat") repeat();
        return success(t("person.added", { name: p.displayName, project: project.name }), note(t("person.added.note", { name: p.displayName })));
      },
    }),
    list: action({
      description: "cmd.person.list",
      ports: ["offChat"],
      options: [projectOption],
      examples: ["person list"],
      idempotent: true,
      async handler({ services, project, t }) {
        const people = await services.store.offChat.list(project.id);
        if (people.length === 0) return info(note(t("person.list.none", { project: project.name })));
        const line = (p: OffChatPerson) =>
          t("person.list.line", {
            name: t("person.notOnChat", { name: p.displayName }),
            hasInstitution: p.institution ? "yes" : "no",
            institution: p.institution ?? "",
            hasOrcid: p.orcid ? "yes" : "no",
            orcid: p.orcid ?? "",
          });
        return info(text(t("person.list.heading", { project: project.name })), list(people.map(line)));
      },
    }),
    data: action({
      description: "cmd.person.data",
      ports: ["people", "offChat"],
      options: [{ name: "name", type: "string", positional: true, required: true, maxLength: 160, description: "opt.person.who" }, projectOption],
      examples: ['person data "Mama Zawadi"'],
      idempotent: true,
      // Someone not on the chat asks a lead what Mutual holds about them: the lead gets the same files `my data` gives.
      async handler({ services, project, t }, args) {
        const p = await findOffChat(services, project, args.name);
        const all = await services.store.people.export(p.personId);
        const now = services.clock.now();
        return { ...success(t("person.data.done", { name: p.displayName }), note(t("person.data.private", { name: p.displayName }))), files: personDataFiles(t, all, p, now) };
      },
    }),
    remove: action({
      description: "cmd.person.remove",
      ports: ["offChat"],
      options: [
        { name: "name", type: "string", positional: true, required: true, maxLength: 160, description: "opt.person.who" },
        { name: "confirm", type: "choice", positional: true, choices: { confirm: "choice.my.data.confirm" }, description: "opt.person.confirm" },
        projectOption,
      ],
      examples: ['person remove "Mama Zawadi"', 'person remove "Mama Zawadi" confirm'],
      // Keyed by the person: a retry finds them gone and says so; the erasure happens once.
      async handler({ event, actor, services, project, t }, args) {
        const p = await findOffChat(services, project, args.name);
        if (args.confirm === undefined) {
          return info(
            heading(t("person.remove.heading", { name: p.displayName })),
            text(t("person.remove.what", { name: p.displayName })),
            note(t("person.remove.how", { name: p.displayName })),
          );
        }
        const notices = await services.store.offChat.erase(actor, project.id, p.personId, services.clock.now(), event.id);
        if (notices === undefined) fail("person.remove.gone", { name: p.displayName }, msg("person.notFound.hint"));
        if (notices.length) services.scheduler.deliver(notices);
        return success(t("person.remove.done", { name: p.displayName, project: project.name }));
      },
    }),
    merge: action({
      description: "cmd.person.merge",
      ports: ["identity", "projects", "offChat"],
      options: [
        { name: "name", type: "string", positional: true, required: true, maxLength: 160, description: "opt.person.who" },
        { name: "into", type: "user", positional: true, required: true, description: "opt.person.into" },
        projectOption,
      ],
      examples: ['person merge "Mama Zawadi" @zawadi'],
      async handler({ actor, services, project, t }, args) {
        const from = await findOffChat(services, project, args.name);
        const into = await findPerson(services, actor, args.into);
        // A person who joined the chat since is no longer "not on the chat": they are not in the list above.
        await services.store.offChat.merge(actor, from.personId, into.personId);
        return success(t("person.merged", { name: from.displayName, person: into.displayName }));
      },
    }),
  },
});
