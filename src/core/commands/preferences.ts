import type { Translator } from "../i18n/index.ts";
import { info, list, note, success } from "../message.ts";
import { parseAcknowledgementForms } from "../credit/terms.ts";
import { ACKNOWLEDGEMENT_FORMS } from "../vocabulary.ts";
import { action, defineCommand } from "./definition.ts";

type Form = (typeof ACKNOWLEDGEMENT_FORMS.ids)[number];

/** "1. authorship", most valued first. */
const ranked = (t: Translator, forms: readonly Form[]) => forms.map((f, i) => t("preferences.rank", { rank: i + 1, form: t(ACKNOWLEDGEMENT_FORMS.messages[f]) }));

export const preferences = defineCommand({
  name: "preferences",
  description: "cmd.preferences",
  aliases: ["prefs", "acknowledgement"],
  defaultSubcommand: "show",
  subcommands: {
    show: action({
      description: "cmd.preferences.show",
      options: [],
      idempotent: true,
      async handler({ actor, services, t }) {
        const prefs = await services.store.credit.preferences(actor.personId);
        if (prefs.forms.length === 0) {
          return info(note(t("preferences.none", { forms: t.list(ACKNOWLEDGEMENT_FORMS.ids.map((f) => t(ACKNOWLEDGEMENT_FORMS.messages[f])), "unit") })));
        }
        return info(list(ranked(t, prefs.forms)), ...(prefs.note ? [note(t("preferences.note", { note: prefs.note }))] : []));
      },
    }),
    set: action({
      description: "cmd.preferences.set",
      options: [
        { name: "forms", type: "text", suggest: "acknowledgements", positional: true, required: true, maxLength: 500, description: "opt.preferences.forms" },
        { name: "note", type: "string", maxLength: 300, description: "opt.preferences.note" },
      ],
      examples: ["ex.preferences.set.1", "ex.preferences.set.2"],
      idempotent: true,
      async handler({ actor, services, t }, args) {
        const forms = parseAcknowledgementForms(args.forms);
        await services.store.credit.setPreferences(actor, { forms, note: args.note ?? null });
        return success(t("preferences.saved"), list(ranked(t, forms)));
      },
    }),
  },
});
