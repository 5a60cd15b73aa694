// OutgoingMessage → Block Kit, within Slack's limits. Every string from the core is plain text,
// often the user's own words: it is escaped (& < >) and marked verbatim, so `<!channel>`, `<@U…>`
// or a bare @channel typed by someone is shown as typed and never notifies anyone.
import type { Form } from "../../core/commands/form.ts";
import { neutralise } from "../../core/input.ts";
import { renderPlainText, type Block, type OutgoingMessage } from "../../core/message.ts";

export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** The fallback: notifications, screen readers, clients without blocks. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limits (api.slack.com/reference/block-kit). */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerBlock: 25,
  fallbackText: 3000,
  modalTitle: 24,
  optionText: 75,
  optionValue: 150,
  optionsPerSelect: 100,
  privateMetadata: 3000,
} as const;

/** Button action ids: "mutual:run:…" runs the command in its value; "mutual:form:…" opens its form first. */
export const ACTION_PREFIX = "mutual:";
export const FORM_CALLBACK = "mutual:form";

/** Slack's three control characters escaped, and controls or bidi overrides someone typed removed. */
export const escapeText = (s: string) => neutralise(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const mrkdwn = (s: string) => ({ type: "mrkdwn", text: escapeText(s), verbatim: true });
const plain = (s: string, max: number) => ({ type: "plain_text", text: cut(neutralise(s), max), emoji: true });
/** `s` within `max` characters, an ellipsis marking a cut. */
export const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Splits text into pieces of at most `max` characters (after escaping), at line breaks where it can. */
function pieces(raw: string, max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of raw.split("\n")) {
    chunkLine(line, max).forEach((part, i) => {
      // The rest of a line cut in pieces starts a section of its own: no line break is added inside it.
      const joined = current === "" ? part : `${current}\n${part}`;
      if (i === 0 && escapeText(joined).length <= max) current = joined;
      else {
        if (current !== "") out.push(current);
        current = part;
      }
    });
  }
  if (current !== "" || out.length === 0) out.push(current);
  return out;
}

/** One line longer than the limit is cut into pieces (escaping may lengthen it up to five-fold). */
function chunkLine(line: string, max: number): string[] {
  if (escapeText(line).length <= max) return [line];
  const out: string[] = [];
  let rest = line;
  while (rest.length) {
    let n = Math.min(rest.length, max);
    while (escapeText(rest.slice(0, n)).length > max) n = Math.floor(n * 0.8);
    out.push(rest.slice(0, n));
    rest = rest.slice(n);
  }
  return out;
}

const MARKS = { error: "⚠️ ", success: "✅ ", info: "" } as const;

function blockKit(block: Block, index: number, mark: string): SlackBlock[] {
  switch (block.type) {
    case "heading":
      return [{ type: "header", text: plain(mark + block.text, LIMITS.headerText) }];
    case "text":
      return pieces(mark + block.text, LIMITS.sectionText).map((t) => ({ type: "section", text: mrkdwn(t) }));
    case "note":
      return pieces(mark + block.text, LIMITS.sectionText).map((t) => ({ type: "context", elements: [mrkdwn(t)] }));
    case "list":
      return pieces(block.items.map((item) => `• ${item}`).join("\n"), LIMITS.sectionText).map((t) => ({ type: "section", text: mrkdwn(t) }));
    case "fields": {
      const sections: SlackBlock[] = [];
      for (let i = 0; i < block.fields.length; i += LIMITS.fieldsPerSection) {
        const fields = block.fields.slice(i, i + LIMITS.fieldsPerSection).map(([label, value]) => {
          const text = `*${escapeText(label)}*\n${escapeText(value)}`;
          return { type: "mrkdwn", text: cut(text, LIMITS.fieldText), verbatim: true };
        });
        sections.push({ type: "section", fields });
      }
      return sections;
    }
    case "actions":
      return [
        {
          type: "actions",
          block_id: `actions-${index}`,
          elements: block.actions.slice(0, LIMITS.buttonsPerBlock).map((a) => ({
            type: "button",
            text: plain(a.label, LIMITS.buttonText),
            action_id: `${ACTION_PREFIX}${a.input ? "form" : "run"}:${index}:${a.id}`,
            value: a.command.slice(0, LIMITS.buttonValue),
          })),
        },
      ];
  }
}

/** All blocks of a message, in order (the tone's mark goes on the first text). */
export function toBlocks(msg: OutgoingMessage): SlackBlock[] {
  return msg.blocks.flatMap((block, i) => blockKit(block, i, i === 0 ? MARKS[msg.tone] : ""));
}

/** One message, split into as many Slack messages as its blocks need (50 blocks each). */
export function toSlackMessages(msg: OutgoingMessage): SlackMessage[] {
  const blocks = toBlocks(msg);
  const fallback = cut(escapeText(renderPlainText({ ...msg, files: undefined })), LIMITS.fallbackText);
  const out: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += LIMITS.blocksPerMessage) {
    out.push({ text: i === 0 ? fallback : `${fallback.slice(0, 200)} (continued)`, blocks: blocks.slice(i, i + LIMITS.blocksPerMessage) });
  }
  return out.length ? out : [{ text: fallback || " ", blocks: [] }];
}

/** The App Home tab: the replies of the `home` command, in one view. */
export function homeView(replies: readonly OutgoingMessage[]): SlackBlock {
  const blocks = replies.flatMap(toBlocks);
  if (blocks.length > LIMITS.blocksPerView) blocks.splice(LIMITS.blocksPerView - 1, Infinity, { type: "context", elements: [mrkdwn("More in `/mutual home`.")] });
  return { type: "home", blocks };
}

/** What a form's modal carries back in private_metadata. */
export interface FormContext {
  command: string;
  /** Where to answer: the button's response_url (valid 30 minutes), else a DM. */
  responseUrl?: string;
  /** Opened from the Home tab: the tab is refreshed after the command runs. */
  fromHome?: boolean;
}

/** A form as a modal: one input block per field, block_id = the option's name; `initial` prefills text fields by name. */
export function formModal(form: Form, context: FormContext, initial: Readonly<Record<string, string>> = {}): SlackBlock {
  const metadata = JSON.stringify({ ...context, command: form.command });
  return {
    type: "modal",
    callback_id: FORM_CALLBACK,
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submit, LIMITS.buttonText),
    close: plain(form.cancel, LIMITS.buttonText),
    private_metadata: metadata.length <= LIMITS.privateMetadata ? metadata : JSON.stringify({ command: form.command }),
    blocks: form.fields.map((f) => ({
      type: "input",
      block_id: f.name,
      optional: !f.required,
      label: plain(f.label, 2000),
      element:
        f.suggests
          ? {
              // Typed values are offered back as the first suggestion, so anything may still be named (slack.ts, block_suggestion).
              type: "external_select",
              action_id: "value",
              min_query_length: 1,
              ...(initial[f.name] && {
                initial_option: { text: plain(initial[f.name]!, LIMITS.optionText), value: initial[f.name]!.slice(0, LIMITS.optionValue) },
              }),
            }
          : f.kind === "choice"
          ? {
              type: "static_select",
              action_id: "value",
              placeholder: plain("Choose…", 150),
              options: f.choices.slice(0, LIMITS.optionsPerSelect).map(([id, label]) => ({ text: plain(`${id} — ${label}`, LIMITS.optionText), value: id })),
            }
          : {
              type: "plain_text_input",
              action_id: "value",
              multiline: f.multiline,
              max_length: f.maxLength,
              ...(initial[f.name] && { initial_value: initial[f.name]!.slice(0, f.maxLength) }),
            },
    })),
  };
}

type StateValue = { type?: string; value?: string | null; selected_option?: { value: string } | null };

/** A submitted modal's values by option name; empty optional fields are left out. */
export function formValues(state: Record<string, Record<string, StateValue>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, inputs] of Object.entries(state)) {
    const input = inputs.value;
    const value = input?.selected_option?.value ?? input?.value ?? undefined;
    if (value !== undefined && value !== null && value.trim() !== "") values[name] = value;
  }
  return values;
}
