// The one contract every chat platform implements (Slack, Discord, the shell; a Mattermost or Matrix
// adapter would be a folder beside them and one line in src/adapters/platforms.ts). An adapter only
// translates: it turns its SDK's payloads into ChatEvents for the core, and the core's messages into
// its own. It never reads the store: whom to reach comes from the core, as the person and their user
// ids on this platform (resolved by src/adapters/router.ts), and where a DM belongs from the directory.
import type { ExportFile } from "../core/credit/model.ts";
import type { Platform } from "../core/events.ts";
import type { OutgoingMessage } from "../core/message.ts";
import type { PersonRef } from "../core/ports.ts";

/** Who is where, answered by the core (from its accounts), never looked up by an adapter itself. */
export interface AccountDirectory {
  /** The person's user ids on `platform`, oldest first; none when they have no account there. */
  userIds(personId: string, platform: Platform): Promise<string[]>;
  /** The workspaces (Slack teams, Discord servers) where this user id is known, as the platform names them. */
  workspacesOf(platform: Platform, userId: string): Promise<string[]>;
}

/** A person to reach on one platform: who they are, and their user ids there (empty: no account there). */
export type Reach = PersonRef & { userIds: readonly string[] };

export interface StartOptions {
  /** false on workers: send only (prompts, reminders), never receive events (which a bot process does). */
  receive: boolean;
  directory: AccountDirectory;
}

export interface ChatAdapter {
  /** The platform its ids belong to: "slack" for slack:U123, "discord" for discord:123…. */
  readonly platform: Platform;
  /** How the adapter is named in a start-up failure, and what to check then. */
  readonly label: string;
  readonly startHint: string;
  /** Connects (and, with `receive`, begins handing events to the core); resolves once ready. */
  start(options: StartOptions): Promise<void>;
  /** Stops receiving, then lets the work in hand send its replies. */
  stop(): Promise<void>;
  /** A message outside a reply (a prompt, a reminder, a notice) to each of the person's accounts here. */
  send(to: Reach, message: OutgoingMessage): Promise<void>;
  /** A post in one of this platform's channels (its own id, without the platform prefix). */
  post(channelId: string, message: OutgoingMessage): Promise<void>;
  /** Files (exports) to one account, privately. */
  upload(userId: string, files: readonly ExportFile[]): Promise<void>;
  /** The platform's payloads for a message (Block Kit, Discord components, plain text). */
  render(message: OutgoingMessage): unknown[];
}

/** "slack:C123" → ["slack", "C123"]: ids that leave the platform carry it, so nothing guesses from a shape. */
export function splitId(id: string): [platform: Platform, id: string] | undefined {
  const at = id.indexOf(":");
  return at > 0 ? [id.slice(0, at), id.slice(at + 1)] : undefined;
}
