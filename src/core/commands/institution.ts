import { fail } from "../errors.ts";
import { msg, type Translator } from "../i18n/index.ts";
import { closest, didYouMean } from "../matching.ts";
import { fields, heading, info, list, note, success } from "../message.ts";
import * as validate from "../validate.ts";
import { INSTITUTION_KINDS, type InstitutionKind } from "../vocabulary.ts";
import type { InstitutionRecord } from "../ports.ts";
import type { Ports } from "../services.ts";
import { action, defineCommand } from "./definition.ts";
import { findPerson } from "./project.ts";

/** An institution of the workspace by name (case and accents ignored), or a kind error with the nearest name. */
export async function findInstitution(services: Ports<"institutions">, workspaceId: string, name: string): Promise<InstitutionRecord> {
  const found = await services.store.institutions.findByName(workspaceId, name);
  if (found) return found;
  const known = (await services.store.institutions.list(workspaceId)).map((i) => i.name);
  return fail("institution.notFound", { name, didYouMean: didYouMean(closest(name, known)) }, msg("institution.notFound.hint", { name }));
}

const projectOption = { name: "project", type: "string", suggest: "projects", description: "opt.project" } as const;

/** "University of Nairobi · KE · university · https://ror.org/…": what is known of it, its kind in the reader's language. */
const describe = (t: Translator, i: InstitutionRecord) =>
  [i.name, i.country, i.kind ? t(INSTITUTION_KINDS.messages[i.kind]) : null, i.rorId].filter(Boolean).join(" · ");

export const institution = defineCommand({
  name: "institution",
  description: "cmd.institution",
  aliases: ["institutions", "org"],
  defaultSubcommand: "list",
  subcommands: {
    add: action({
      description: "cmd.institution.add",
      ports: ["institutions"],
      options: [
        { name: "name", type: "string", positional: true, required: true, maxLength: 160, description: "opt.institution.name" },
        { name: "country", type: "string", description: "opt.institution.country" },
        { name: "ror", type: "string", description: "opt.institution.ror" },
        { name: "kind", type: "choice", choices: INSTITUTION_KINDS.messages, description: "opt.institution.kind" },
      ],
      examples: ['institution add "University of Nairobi" country=KE kind=university', 'institution add "Coletivo Maré" country=BR kind=community'],
      async handler({ actor, services, t }, args) {
        const input = {
          name: args.name,
          ...(args.country !== undefined && { country: validate.country(args.country) }),
          ...(args.ror !== undefined && { rorId: validate.rorId(args.ror) }),
          ...(args.kind !== undefined && { kind: args.kind as InstitutionKind }),
        };
        const { created, institution: i } = await services.store.institutions.add(actor, input);
        if (!created) return info(fields([t("institution.alreadyListed"), describe(t, i)]), note(t("institution.unchanged")));
        return success(t("institution.added", { institution: describe(t, i) }), note(t("institution.added.note", { name: i.name })));
      },
    }),
    list: action({
      description: "cmd.institution.list",
      ports: ["institutions"],
      options: [],
      examples: ["institution list"],
      idempotent: true,
      async handler({ actor, services, t }) {
        const all = await services.store.institutions.list(actor.workspaceId);
        if (all.length === 0) return info(note(t("institution.list.none")));
        return info(list(all.map((i) => t("institution.list.line", { institution: describe(t, i), people: i.people }))));
      },
    }),
    contact: action({
      description: "cmd.institution.contact",
      ports: ["identity", "institutions", "projects"],
      options: [
        { name: "institution", type: "string", suggest: "institutions", positional: true, required: true, maxLength: 160, description: "opt.institution.institution" },
        { name: "person", type: "user", positional: true, required: true, description: "opt.institution.person" },
        { name: "remove", type: "boolean", description: "opt.institution.remove" },
        projectOption,
      ],
      examples: ['institution contact "Enda Santé" @awa', 'institution contact "Enda Santé" @awa remove=yes'],
      async handler({ actor, services, project, t }, args) {
        const institution = await findInstitution(services, actor.workspaceId, args.institution);
        const person = await findPerson(services, actor, args.person, project);
        const values = { person: person.displayName, institution: institution.name, project: project.name };
        const on = !args.remove;
        if (on && !(await services.store.projects.roleOf(project.id, person.personId))) {
          fail("institution.contact.notMember", values, msg("institution.contact.notMember.hint", { slug: project.slug }));
        }
        const changed = await services.store.institutions.setContact(actor, { projectId: project.id, institutionId: institution.id, personId: person.personId }, on);
        if (!changed) return info(note(t(on ? "institution.contact.already" : "institution.contact.wasNot", values)));
        return success(t(on ? "institution.contact.added" : "institution.contact.removed", values));
      },
    }),
    contacts: action({
      description: "cmd.institution.contacts",
      ports: ["institutions"],
      options: [projectOption],
      examples: ["institution contacts"],
      idempotent: true,
      async handler({ actor, services, project, t }) {
        const contacts = await services.store.institutions.contacts(project.id);
        if (contacts.length === 0) return info(note(t("institution.contacts.none", { project: project.name })));
        return info(
          heading(t("institution.contacts.heading", { project: project.name })),
          list(contacts.map((c) => t("institution.contacts.line", { institution: c.institution.name, person: c.person.displayName, date: t.date(c.confirmedAt, "medium", actor.timezone) }))),
          note(t("institution.contacts.note")),
        );
      },
    }),
  },
});
