// What adapters hand to the core: one message or command from one person, platform-neutral.

export type Platform = "slack" | "discord" | "shell";

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
}
