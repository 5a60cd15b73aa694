// One-time codes that join a person's chat accounts (Slack, Discord, the shell) into one person.
// A code is read off one screen and typed into another, often on a phone: no look-alike characters,
// any case, and dashes or spaces anywhere.
import { randomInt } from "node:crypto";
import { msg, type Msg } from "./i18n/index.ts";
import type { ChatAccount } from "./ports.ts";

/** No 0/O, 1/I/L or U (read as V): nothing that looks like another character of the set. */
export const LINK_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
export const LINK_CODE_LENGTH = 8;
/** Long enough to switch apps, short enough that a code seen over a shoulder soon stops working. */
export const LINK_CODE_TTL_MS = 15 * 60_000;

/** 30⁸ ≈ 6.6·10¹¹ codes from a cryptographic source: unguessable within their 15 minutes. */
export const newLinkCode = (length = LINK_CODE_LENGTH): string =>
  Array.from({ length }, () => LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)]).join("");

// Invitations to a project (`project invite`): sent by e-mail or another chat to a partner of another
// organisation, so they live a week, and are longer (30¹² ≈ 5·10¹⁷) for it. Twelve characters also
// tell a code from a project's name: a name or short name of that shape is refused (project create).
export const INVITE_CODE_LENGTH = 12;
export const INVITE_CODE_TTL_DAYS = 7;
export const INVITE_CODE_TTL_MS = INVITE_CODE_TTL_DAYS * 24 * 3_600_000;

/**
 * A fresh code of this length that `store` accepts (false: the code is taken by a live one). A clash
 * is a one-in-10¹¹ event or rarer: draw again rather than fail.
 */
export async function drawCode(length: number, store: (code: string) => Promise<boolean>): Promise<string> {
  for (let tries = 1; ; tries++) {
    const code = newLinkCode(length);
    if (await store(code)) return code;
    if (tries >= 3) throw new Error("could not draw a free code");
  }
}

/** "ABCDEFGH" → "ABCD-EFGH", "ABCDEFGHJKMN" → "ABCD-EFGH-JKMN": groups of four, the way codes are shown. */
export const formatCode = (code: string): string => code.match(/.{1,4}/g)!.join("-");

/** What someone typed → the stored form ("abcd efgh", "ABCD–EFGH" → "ABCDEFGH"), or undefined when it can't be a code of this length. */
function parseCode(input: string, length: number): string | undefined {
  const compact = input.toUpperCase().replace(/[\s\p{Pd}_.]/gu, "");
  if (compact.length !== length) return undefined;
  return [...compact].every((c) => LINK_CODE_ALPHABET.includes(c)) ? compact : undefined;
}
export const parseLinkCode = (input: string): string | undefined => parseCode(input, LINK_CODE_LENGTH);
export const parseInviteCode = (input: string): string | undefined => parseCode(input, INVITE_CODE_LENGTH);

/** "Slack (T123)", "Discord (guild 456)", "shell": where an account lives, without naming its user. */
export function accountLabel(account: ChatAccount): Msg {
  const workspace = account.workspaceId;
  switch (account.platform) {
    case "slack":
      return msg("link.account.slack", { workspace });
    case "discord":
      return msg("link.account.discord", { workspace });
    case "shell":
      return msg("link.account.shell");
    default:
      return msg("link.account.other", { platform: account.platform, workspace });
  }
}
