import { info, list, note, success } from "../message.ts";
import { parseAcknowledgementForms } from "../credit/terms.ts";
import { ACKNOWLEDGEMENT_FORMS } from "../vocabulary.ts";
import { action, defineCommand } from "./definition.ts";

const ALL_FORMS = `Forms: ${Object.values(ACKNOWLEDGEMENT_FORMS.labels).join(", ")}.`;

export const preferences = defineCommand({
  name: "preferences",
  description: "Say which forms of acknowledgement you value most; leads see them in summaries.",
  aliases: ["prefs", "acknowledgement"],
  defaultSubcommand: "show",
  subcommands: {
    show: action({
      description: "Show your ranked forms of acknowledgement.",
      options: [],
      idempotent: true,
      async handler({ actor, services }) {
        const prefs = await services.store.credit.preferences(actor.personId);
        if (prefs.forms.length === 0) return info(note(`You have not said yet. For example: preferences set authorship, presenting findings. ${ALL_FORMS}`));
        return info(
          list(prefs.forms.map((f, i) => `${i + 1}. ${ACKNOWLEDGEMENT_FORMS.labels[f]}`)),
          ...(prefs.note ? [note(`Note: ${prefs.note}`)] : []),
        );
      },
    }),
    set: action({
      description: "Rank the forms you value, most valued first (replaces your list).",
      options: [
        { name: "forms", type: "text", suggest: "acknowledgements", positional: true, required: true, maxLength: 500, description: "Forms of acknowledgement, comma-separated." },
        { name: "note", type: "string", maxLength: 300, description: "Anything leads should know." },
      ],
      examples: ["preferences set authorship, presenting findings, dataset credit", 'preferences set co-design, named acknowledgement note="Please credit my community by name"'],
      idempotent: true,
      async handler({ actor, services }, args) {
        const forms = parseAcknowledgementForms(args.forms);
        await services.store.credit.setPreferences(actor, { forms, note: args.note ?? null });
        return success("Saved. Leads will see this next to your name in summaries:", list(forms.map((f, i) => `${i + 1}. ${ACKNOWLEDGEMENT_FORMS.labels[f]}`)));
      },
    }),
  },
});
