// What adapters hand to the core: one message or command from one person, platform-neutral.

/**
 * The adapter's name ("shell", "slack", …). The core treats it as data and never branches on it;
 * the store maps it to the Platform enum of the schema and rejects names it doesn't know.
 */
export type Platform = string;

export interface ChatEvent {
  /**
   * Idempotency key of this delivery, unique per platform event: Slack event_id / trigger_id,
   * Discord interaction id, "shell:<session>:<line>". A retried delivery carries the same key.
   */
  id: string;
  platform: Platform;
  workspace: { externalId: string; name?: string };
  user: {
    externalId: string;
    displayName: string;
    handle?: string;
    /** What the platform knows, used only to fill a new profile. */
    timezone?: string;
    locale?: string;
  };
  channel?: { id: string; direct: boolean };
  /** The command text without the platform's prefix ("profile tz=Africa/Nairobi"). */
  text: string;
  /**
   * Option values collected by a form (a modal) or typed by the platform (Discord options), by
   * option name. Bound like `name=value` but never tokenized, so free text keeps its quotes and `=`.
   */
  options?: Readonly<Record<string, string>>;
  /** People the text mentions, as the platform knows them: introduced before the command runs. */
  mentions?: ReadonlyArray<ChatEvent["user"]>;
}

/** A person named in a command: a platform mention (its user id) or a handle typed as text. */
export type UserRef = { kind: "mention"; externalId: string } | { kind: "handle"; handle: string };
