// OutgoingMessage → Discord messages, within Discord's limits: markdown content split under 2,000
// characters, buttons in rows of five, forms as modals. Every string from the core is plain text,
// often someone's own words: markdown is escaped, @everyone/@here are broken with a zero-width space,
// and every message is sent with allowed_mentions: none (chat.ts), so nothing typed can ping anyone.
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIModalInteractionResponseCallbackData,
} from "discord.js";
import type { Form } from "../../core/commands/form.ts";
import { neutralise } from "../../core/input.ts";
import type { Block, OutgoingMessage } from "../../core/message.ts";

/** Discord's limits (discord.com/developers/docs/resources/message, …/interactions/message-components). */
export const LIMITS = {
  content: 2000,
  rowsPerMessage: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  modalTitle: 45,
  modalComponents: 5,
  label: 45,
  labelDescription: 100,
  textInput: 4000,
  selectOptions: 25,
  selectOptionText: 100,
  autocompleteChoices: 25,
  choiceText: 100,
} as const;

/**
 * Button custom ids: "mutual:run:<command>" runs it; "mutual:form:<command>" opens its form first,
 * and the form's modal carries the same id back with the values.
 */
export const RUN_PREFIX = "mutual:run:";
export const FORM_PREFIX = "mutual:form:";

export interface DiscordMessage {
  content: string;
  components: Array<APIActionRowComponent<APIButtonComponentWithCustomId>>;
}

/**
 * Markdown escaped, masked links ([click](https://…)), headings and lists included; @everyone and
 * @here shown as typed but inert even where mentions are parsed; controls and bidi overrides removed.
 */
export const escapeText = (s: string): string =>
  escapeMarkdown(neutralise(s), { maskedLink: true, heading: true, bulletedList: true, numberedList: true }).replace(/@(everyone|here)/g, "@\u200b$1");

const MARKS = { error: "⚠️ ", success: "✅ ", info: "" } as const;

/** The markdown lines of a block (already escaped). */
function lines(block: Block, mark: string): string[] {
  switch (block.type) {
    case "heading":
      return [`**${escapeText(mark + block.text)}**`];
    case "text":
      return (mark + block.text).split("\n").map(escapeText);
    case "note":
      // "-# " is Discord's subtext: small and dimmed, as notes are meant to be.
      return (mark + block.text).split("\n").map((l) => (l.trim() ? `-# ${escapeText(l)}` : ""));
    case "fields":
      return block.fields.map(([label, value]) => `**${escapeText(label)}:** ${escapeText(value)}`);
    case "list":
      return block.items.map((item) => `• ${escapeText(item)}`);
    case "actions":
      return [];
  }
}

/** A line longer than a whole message is cut where it can be: at a space, else anywhere. */
function chunk(line: string, max: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let at = rest.lastIndexOf(" ", max);
    if (at < max / 2) at = max;
    // Never leave a lone backslash of an escape at the end of a piece.
    while (at > 1 && rest[at - 1] === "\\") at--;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

/** `s` within `max` characters, an ellipsis marking a cut. */
export const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The button for an action, or undefined when its command is too long for a custom id (the text says what to type). */
function button(action: { id: string; label: string; command: string; input?: "text" }): APIButtonComponentWithCustomId | undefined {
  const customId = `${action.input ? FORM_PREFIX : RUN_PREFIX}${action.command}`;
  if (customId.length > LIMITS.customId) return undefined;
  return { type: ComponentType.Button, style: action.input ? ButtonStyle.Primary : ButtonStyle.Secondary, label: cut(action.label, LIMITS.buttonLabel), custom_id: customId };
}

/** One core message as as many Discord messages as it needs; buttons stay with the text above them. */
export function toDiscordMessages(msg: OutgoingMessage): DiscordMessage[] {
  const out: DiscordMessage[] = [];
  let current: DiscordMessage = { content: "", components: [] };
  const flush = () => {
    if (current.content.trim() !== "" || current.components.length) out.push(current);
    current = { content: "", components: [] };
  };
  msg.blocks.forEach((block, i) => {
    if (block.type === "actions") {
      const buttons = block.actions.map(button).filter((b) => b !== undefined);
      for (let b = 0; b < buttons.length; b += LIMITS.buttonsPerRow) {
        if (current.components.length === LIMITS.rowsPerMessage) flush();
        current.components.push({ type: ComponentType.ActionRow, components: buttons.slice(b, b + LIMITS.buttonsPerRow) });
      }
      return;
    }
    for (const line of lines(block, i === 0 ? MARKS[msg.tone] : "")) {
      for (const piece of chunk(line, LIMITS.content)) {
        const joined = current.content === "" ? piece : `${current.content}\n${piece}`;
        // Text after buttons starts a new message, so the buttons stay under the text they belong to.
        if (joined.length <= LIMITS.content && current.components.length === 0) current.content = joined;
        else {
          flush();
          current.content = piece;
        }
      }
    }
  });
  flush();
  return out.length ? out : [{ content: "✅", components: [] }];
}

/** A form as a modal: one labelled input per field; the field's custom id is the option's name. */
export function formModal(form: Form): APIModalInteractionResponseCallbackData {
  return {
    custom_id: `${FORM_PREFIX}${form.command}`,
    title: cut(form.title, LIMITS.modalTitle),
    components: form.fields.slice(0, LIMITS.modalComponents).map((f) => ({
      type: ComponentType.Label,
      label: cut(f.label.replace(/\.$/, ""), LIMITS.label),
      ...(f.label.length > LIMITS.label && { description: cut(f.label, LIMITS.labelDescription) }),
      component:
        f.kind === "choice"
          ? {
              type: ComponentType.StringSelect,
              custom_id: f.name,
              required: f.required,
              min_values: f.required ? 1 : 0,
              max_values: 1,
              options: f.choices.slice(0, LIMITS.selectOptions).map(([id, label]) => ({ label: cut(label, LIMITS.selectOptionText), value: id })),
            }
          : {
              type: ComponentType.TextInput,
              custom_id: f.name,
              style: f.multiline ? TextInputStyle.Paragraph : TextInputStyle.Short,
              required: f.required,
              max_length: Math.min(f.maxLength, LIMITS.textInput),
            },
    })),
  };
}
