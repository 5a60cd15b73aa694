// A button whose action has `input: "text"` opens a form (a Slack or Discord modal). The form is
// derived from the command definition: the options the button's command leaves open that a person
// fills in by hand. Platforms render the fields; the values come back as ChatEvent.options.
import { translator, type Translator } from "../i18n/index.ts";
import type { CommandDefinition, OptionDefinition } from "./definition.ts";
import { locateAction, tokenize } from "./parse.ts";

export interface FormField {
  name: string;
  /** In the reader's language. */
  label: string;
  kind: "text" | "choice";
  /** Long free text (a reflection, a note) rather than one line. */
  multiline: boolean;
  required: boolean;
  maxLength: number;
  /** For kind "choice": [id, label] pairs. */
  choices: Array<[id: string, label: string]>;
  /** A person or an institution: platforms that can suggest values as it is typed (Slack's external_select) do. */
  suggests: boolean;
}

export interface Form {
  title: string;
  /** The command the values complete. */
  command: string;
  fields: FormField[];
  /** The form's buttons, in the reader's language. */
  submit: string;
  cancel: string;
}

/** Discord allows five inputs per modal; Slack more. The first five are the ones that matter. */
export const MAX_FORM_FIELDS = 5;
const MULTILINE_FROM = 300;

/** The form for a button's command, worded by `t`, or undefined when the command leaves nothing to fill in. */
export function formFor(commands: readonly CommandDefinition[], command: string, title: string, t: Translator = translator("en")): Form | undefined {
  const { action, rest } = locateAction(commands, tokenize(command));
  const given = new Set(rest.filter((t) => t.key !== undefined).map((t) => t.key!));
  // Positional values fill the positional options in order, as the parser binds them.
  let positionals = rest.filter((t) => t.key === undefined).length;
  const open: OptionDefinition[] = [];
  for (const option of action.options) {
    if (given.has(option.name) || option.aliases?.some((a) => given.has(a))) continue;
    if (option.positional && positionals > 0) {
      positionals--;
      continue;
    }
    if (option.type === "text" || option.type === "choice" || option.required) open.push(option);
  }
  if (open.length === 0) return undefined;
  return {
    title,
    command,
    submit: t("form.submit"),
    cancel: t("form.cancel"),
    fields: open.slice(0, MAX_FORM_FIELDS).map((o) => ({
      name: o.name,
      label: t.text(o.description),
      kind: o.type === "choice" ? "choice" : "text",
      multiline: o.type === "text" && (o.maxLength ?? 2000) >= MULTILINE_FROM,
      required: Boolean(o.required),
      maxLength: o.maxLength ?? (o.type === "text" ? 2000 : 200),
      choices: Object.entries(o.choices ?? {}).map(([id, label]) => [id, t.text(label)] as [string, string]),
      suggests: o.credits === "contributor",
    })),
  };
}
