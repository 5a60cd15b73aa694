// Text from people is hostile until cleaned here, at the edge, before anything parses or stores it.
// Control characters are refused (PostgreSQL refuses NUL; escape sequences repaint terminals);
// names a platform hands us are cleaned instead, since the person can't retype them.
import { fail } from "./errors.ts";
import type { ChatEvent } from "./events.ts";

/** C0 and C1 controls and DEL, except tab, line feed and carriage return, which text may hold. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROLS = new RegExp(CONTROL.source, "g");

/** Characters that reorder the text around them (bidi embeddings, overrides and isolates). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** Half of a UTF-16 surrogate pair on its own: no character at all, and not storable as UTF-8. */
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses text with a control character or a broken one, naming it, so the person knows what to remove. */
export function checkText(text: string): void {
  const found = CONTROL.exec(text);
  if (found) fail("input.control", { codePoint: codePoint(found[0]) }, { id: "input.control.hint" });
  const broken = UNPAIRED.exec(text);
  if (broken) fail("input.unpaired", { codePoint: codePoint(broken[0]) }, { id: "input.control.hint" });
}

/** Controls removed: for names from a platform, which the person cannot correct in Mutual. */
export const stripControls = (text: string): string => text.replace(CONTROLS, "");

/**
 * What one person typed, made safe to show another: no control characters, and no bidi overrides
 * that would make the rest of a line read backwards ("‮gnp.exe"). Renderers apply it to every string.
 */
export const neutralise = (text: string): string => text.replace(CONTROLS, "").replace(BIDI_CONTROLS, "");

/**
 * The event as the core may use it: the typed text and form values are checked (a control
 * character is refused with one line), the names the platform gave are cleaned.
 */
export function cleanEvent(event: ChatEvent): ChatEvent {
  checkText(event.text);
  for (const value of Object.values(event.options ?? {})) checkText(value);
  const person = (u: ChatEvent["user"]): ChatEvent["user"] => ({
    ...u,
    displayName: stripControls(u.displayName).trim() || u.externalId,
    ...(u.handle !== undefined && { handle: stripControls(u.handle) }),
  });
  return {
    ...event,
    user: person(event.user),
    ...(event.workspace.name !== undefined && { workspace: { ...event.workspace, name: stripControls(event.workspace.name) } }),
    ...(event.mentions && { mentions: event.mentions.map(person) }),
  };
}
