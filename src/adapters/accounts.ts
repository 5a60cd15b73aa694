// Reaching a person on one platform: their user ids there, from the store, kept for a while so a
// fan-out of prompts reads each person's accounts once, not once per message.
import type { Platform } from "../core/events.ts";
import type { Store } from "../core/ports.ts";

/** Accounts are linked rarely: ids are looked up again after this long. */
const ACCOUNTS_TTL_MS = 10 * 60_000;

export class PlatformAccounts {
  private readonly cache = new Map<string, { ids: string[]; at: number }>();

  constructor(
    private readonly identity: Store["identity"],
    private readonly platform: Platform,
  ) {}

  /** The person's user ids on this platform, oldest first; none (not cached) when they have no account here. */
  async userIds(personId: string): Promise<string[]> {
    const cached = this.cache.get(personId);
    if (cached && Date.now() - cached.at < ACCOUNTS_TTL_MS) return cached.ids;
    const ids = (await this.identity.accounts(personId)).filter((a) => a.platform === this.platform).map((a) => a.externalId);
    if (ids.length) this.cache.set(personId, { ids, at: Date.now() });
    return ids;
  }
}
