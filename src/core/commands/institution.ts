import { fields, info, list, note, success } from "../message.ts";
import * as validate from "../validate.ts";
import { INSTITUTION_KINDS, type InstitutionKind } from "../vocabulary.ts";
import type { InstitutionRecord } from "../ports.ts";
import { action, defineCommand } from "./definition.ts";

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
  },
});
