import type { MessageId, Translator } from "../i18n/index.ts";
import type { Profile } from "../ports.ts";
import { shownPerson, type NamingWish } from "../credit/naming.ts";
import { info, list, note, success } from "../message.ts";
import { parseAcknowledgementForms } from "../credit/terms.ts";
import { ACKNOWLEDGEMENT_FORMS } from "../vocabulary.ts";
import { action, defineCommand } from "./definition.ts";

type Form = (typeof ACKNOWLEDGEMENT_FORMS.ids)[number];

/** "1. authorship", most valued first. */
const ranked = (t: Translator, forms: readonly Form[]) => forms.map((f, i) => t("preferences.rank", { rank: i + 1, form: t(ACKNOWLEDGEMENT_FORMS.messages[f]) }));

const NAMING_CHOICES: Record<NamingWish, MessageId> = { full: "choice.naming.full", initials: "choice.naming.initials", institution: "choice.naming.institution" };

/** The name shared outputs give this person now, and their wish, worded. */
const namingValues = (t: Translator, p: Profile) => {
  const shown = shownPerson({ ...p, institution: p.institution?.name ?? null });
  return { shown: shown.naming === "institution" ? t("credit.naming.memberOf", { institution: shown.name }) : shown.name, naming: t(NAMING_CHOICES[shown.naming]) };
};

export const preferences = defineCommand({
  name: "preferences",
  description: "cmd.preferences",
  aliases: ["prefs", "acknowledgement"],
  defaultSubcommand: "show",
  subcommands: {
    show: action({
      description: "cmd.preferences.show",
      ports: ["profiles", "credit"],
      // `preferences naming=initials`: how shared outputs name you is a preference too, and yours alone.
      options: [{ name: "naming", type: "choice", choices: NAMING_CHOICES, description: "opt.preferences.naming" }],
      idempotent: true,
      async handler({ actor, services, t }, args) {
        if (args.naming !== undefined) {
          const profile = await services.store.profiles.update(actor, { naming: args.naming as NamingWish });
          return success(t("preferences.naming.saved", namingValues(t, profile)));
        }
        const prefs = await services.store.credit.preferences(actor.personId);
        // A wish other than the full name is shown, so the person sees what they chose.
        const profile = await services.store.profiles.get(actor.personId);
        const naming = profile.naming === "full" ? [] : [note(t("preferences.naming.current", namingValues(t, profile)))];
        if (prefs.forms.length === 0) {
          return info(note(t("preferences.none", { forms: t.list(ACKNOWLEDGEMENT_FORMS.ids.map((f) => t(ACKNOWLEDGEMENT_FORMS.messages[f])), "unit") })), ...naming);
        }
        return info(list(ranked(t, prefs.forms)), ...(prefs.note ? [note(t("preferences.note", { note: prefs.note }))] : []), ...naming);
      },
    }),
    set: action({
      description: "cmd.preferences.set",
      ports: ["credit"],
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
