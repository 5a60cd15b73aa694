// The people behind platform accounts, kept in memory for a short while: almost every command comes
// from someone who spoke a minute ago, and resolving them again costs two round trips. Entries live
// `ttlMs` (another process may change a profile) and are forgotten at once when this process changes
// a profile or merges people. Workspaces never change their id, so they are kept for good.
import type { Actor } from "../core/ports.ts";

interface Entry {
  actor: Actor;
  handle: string | null;
  at: number;
}

export class ActorCache {
  private readonly accounts = new Map<string, Entry>();
  private readonly workspaces = new Map<string, string>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 20_000,
  ) {}

  workspace(key: string): string | undefined {
    return this.workspaces.get(key);
  }

  rememberWorkspace(key: string, id: string): void {
    this.workspaces.set(key, id);
  }

  get(key: string, now = Date.now()): Entry | undefined {
    const entry = this.accounts.get(key);
    if (!entry) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.accounts.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, actor: Actor, handle: string | null, now = Date.now()): void {
    // Oldest out first: a Map iterates in insertion order.
    if (this.accounts.size >= this.max) this.accounts.delete(this.accounts.keys().next().value!);
    this.accounts.delete(key);
    this.accounts.set(key, { actor, handle, at: now });
  }

  /** After a profile change, a link or an erasure: the next command reads the person again. */
  forget(personId: string): void {
    for (const [key, entry] of this.accounts) if (entry.actor.personId === personId) this.accounts.delete(key);
  }

  clear(): void {
    this.accounts.clear();
  }
}
