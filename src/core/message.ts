// The neutral message model. Core renders to this; each adapter turns it into plain text,
// Block Kit or Discord markdown. Strings here are plain text, never markup: adapters escape them,
// so user-supplied text can't inject mentions or formatting.
import type { ExportFile } from "./credit/model.ts";
import { neutralise } from "./input.ts";

export type Block =
  | { type: "heading"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: Array<[label: string, value: string]> }
  | { type: "list"; items: string[] }
  | { type: "note"; text: string } // secondary information, rendered small or dimmed
  | { type: "actions"; actions: Action[] };

/**
 * A button on Slack and Discord. `command` is the text command it runs (the shell and every
 * platform's plain-text fallback already tell people what to type); `input: "text"` asks the
 * adapter to collect a free-text value first (a modal), appended to the command.
 */
export interface Action {
  id: string;
  label: string;
  command: string;
  input?: "text";
}

export type Tone = "info" | "success" | "error";

export interface OutgoingMessage {
  tone: Tone;
  blocks: Block[];
  /** Exports: written to disk by the shell, uploaded by Slack and Discord. Never stored in receipts. */
  files?: ExportFile[];
}

export const message = (tone: Tone, ...blocks: Block[]): OutgoingMessage => ({ tone, blocks });
export const heading = (text: string): Block => ({ type: "heading", text });
export const text = (value: string): Block => ({ type: "text", text: value });
export const fields = (...pairs: Array<[string, string]>): Block => ({ type: "fields", fields: pairs });
export const list = (items: string[]): Block => ({ type: "list", items });
export const note = (value: string): Block => ({ type: "note", text: value });
export const actions = (...items: Action[]): Block => ({ type: "actions", actions: items });

export const info = (...blocks: Block[]) => message("info", ...blocks);
export const success = (line: string, ...blocks: Block[]) => message("success", text(line), ...blocks);
export const failure = (line: string, ...blocks: Block[]) => message("error", text(line), ...blocks);

/** Plain-text rendering: the shell adapter's output and every adapter's fallback text. */
export function renderPlainText(msg: OutgoingMessage): string {
  const lines: string[] = [];
  const mark = msg.tone === "error" ? "⚠ " : msg.tone === "success" ? "✓ " : "";
  msg.blocks.forEach((block, i) => {
    const prefix = i === 0 ? mark : "";
    switch (block.type) {
      case "heading":
        lines.push(prefix + block.text);
        break;
      case "text":
        lines.push(prefix + block.text);
        break;
      case "note":
        lines.push(prefix + block.text);
        break;
      case "fields": {
        const width = Math.max(...block.fields.map(([label]) => label.length));
        for (const [label, value] of block.fields) lines.push(`  ${(label + ":").padEnd(width + 1)} ${value}`);
        break;
      }
      case "list":
        for (const item of block.items) lines.push(`  • ${item}`);
        break;
      case "actions": // buttons; in plain text the message itself says what to type
        break;
    }
  });
  // What one person typed is shown to others: no control characters, no bidi overrides.
  return neutralise(lines.join("\n"));
}
