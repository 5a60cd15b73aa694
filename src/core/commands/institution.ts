import { fail } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { closest, didYouMean } from "../matching.ts";
import { fields, heading, info, list, note, success } from "../message.ts";
import * as validate from "../validate.ts";
import { INSTITUTION_KINDS, type InstitutionKind } from "../vocabulary.ts";
import type { InstitutionRecord, Services } from "../ports.ts";
import { action, defineCommand } from "./definition.ts";
import { findPerson } from "./project.ts";

/** An institution of the workspace by name (case and accents ignored), or a kind error with the nearest name. */
export async function findInstitution(services: Services, workspaceId: string, name: string): Promise<InstitutionRecord> {
  const found = await services.store.institutions.findByName(workspaceId, name);
  if (found) return found;
  const known = (await services.store.institutions.list(workspaceId)).map((i) => i.name);
  return fail("institution.notFound", { name, didYouMean: didYouMean(closest(name, known)) }, msg("institution.notFound.hint", { name }));
}

const projectOption = { name: "project", type: "string", suggest: "projects", description: "Project (default: your only project)." } as const;

const describe = (i: InstitutionRecord) =>
  [i.name, i.country, i.kind ? INSTITUTION_KINDS.labels[i.kind] : null, i.rorId].filter(Boolean).join(" · ");

export const institution = defineCommand({
  name: "institution",
  description: "Add and list the institutions of your partnership.",
  aliases: ["institutions", "org"],
  defaultSubcommand: "list",
  subcommands: {
    add: action({
      description: "Add an institution (a university, NGO, community organisation…).",
      options: [
        { name: "name", type: "string", positional: true, required: true, maxLength: 160, description: "Full name of the institution." },
        { name: "country", type: "string", description: "Country, as a two-letter code (KE) or name (Kenya)." },
        { name: "ror", type: "string", description: "ROR id, e.g. https://ror.org/03yrm5c26." },
        { name: "kind", type: "choice", choices: INSTITUTION_KINDS.labels, description: "What kind of institution it is." },
      ],
      examples: ['institution add "University of Nairobi" country=KE kind=university', 'institution add "Coletivo Maré" country=BR kind=community'],
      async handler({ actor, services }, args) {
        const input = {
          name: args.name,
          ...(args.country !== undefined && { country: validate.country(args.country) }),
          ...(args.ror !== undefined && { rorId: validate.rorId(args.ror) }),
          ...(args.kind !== undefined && { kind: args.kind as InstitutionKind }),
        };
        const { created, institution: i } = await services.store.institutions.add(actor, input);
        if (!created) return info(fields(["already listed", describe(i)]), note("Nothing was changed."));
        return success(`Added ${describe(i)}.`, note(`People can now choose it: profile institution="${i.name}"`));
      },
    }),
    list: action({
      description: "List the institutions of this workspace.",
      options: [],
      examples: ["institution list"],
      idempotent: true,
      async handler({ actor, services }) {
        const all = await services.store.institutions.list(actor.workspaceId);
        if (all.length === 0) return info(note('No institutions yet. Add one: institution add "University of Nairobi" country=KE'));
        return info(list(all.map((i) => `${describe(i)} — ${i.people} ${i.people === 1 ? "person" : "people"}`)));
      },
    }),
    contact: action({
      description: "Confirm that a member speaks for an institution in a project, or withdraw it (leads).",
      options: [
        { name: "institution", type: "string", suggest: "institutions", positional: true, required: true, maxLength: 160, description: "The institution, by name." },
        { name: "person", type: "user", positional: true, required: true, description: "The member who speaks for it, e.g. @awa." },
        { name: "remove", type: "boolean", description: "yes: they no longer speak for it." },
        projectOption,
      ],
      examples: ['institution contact "Enda Santé" @awa', 'institution contact "Enda Santé" @awa remove=yes'],
      async handler({ actor, services, project, t }, args) {
        const institution = await findInstitution(services, actor.workspaceId, args.institution);
        const person = await findPerson(services, actor, args.person);
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
      description: "The members confirmed to speak for each institution in a project.",
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
