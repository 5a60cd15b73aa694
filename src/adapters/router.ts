// The core's ChatPort over the configured adapters: a person is messaged on every platform they have an
// account on (their user ids there, from the directory); a channel post goes to the platform its id
// names ("slack:C123", "discord:123…"). Ids carry their platform, so a third one can't be mistaken.
import type { Platform } from "../core/events.ts";
import type { OutgoingMessage } from "../core/message.ts";
import type { ChatPort, PersonRef, Store } from "../core/ports.ts";
import { splitId, type AccountDirectory, type ChatAdapter, type StartOptions } from "./adapter.ts";

/** Accounts are linked rarely: a person's ids are looked up again after this long. */
const ACCOUNTS_TTL_MS = 10 * 60_000;

/**
 * The directory over the core's identity port, kept for a while so a fan-out of prompts reads each
 * person's accounts once, not once per message.
 */
export function accountDirectory(identity: Pick<Store["identity"], "accounts" | "workspacesOf">): AccountDirectory {
  // The lookup itself is kept (not only its result): a message to several platforms asks once.
  const cache = new Map<string, { accounts: Promise<Array<{ platform: Platform; externalId: string }>>; at: number }>();
  return {
    async userIds(personId, platform) {
      const cached = cache.get(personId);
      let entry = cached && Date.now() - cached.at < ACCOUNTS_TTL_MS ? cached : undefined;
      if (!entry) {
        entry = { accounts: identity.accounts(personId), at: Date.now() };
        cache.set(personId, entry);
      }
      const accounts = await entry.accounts.catch((e: unknown) => {
        if (cache.get(personId) === entry) cache.delete(personId); // a failed lookup is not kept
        throw e;
      });
      if (!accounts.length && cache.get(personId) === entry) cache.delete(personId); // someone with none yet may link soon
      return accounts.filter((a) => a.platform === platform).map((a) => a.externalId);
    },
    workspacesOf: (platform, userId) => identity.workspacesOf(platform, userId),
  };
}

export function chatPort(adapters: readonly ChatAdapter[], directory: AccountDirectory): ChatPort {
  return {
    async send(to: PersonRef, message: OutgoingMessage) {
      const results = await Promise.allSettled(adapters.map(async (a) => a.send({ ...to, userIds: await directory.userIds(to.personId, a.platform) }, message)));
      // Each adapter refuses a person without an account there; only when every one refused is it a failure.
      const reasons = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
      if (reasons.length === 1 && results.length === 1) throw reasons[0]!;
      if (reasons.length === results.length) throw new AggregateError(reasons, `Not delivered on any platform: ${reasons.map((e) => e.message).join("; ")}`);
    },
    async post(channelId: string, message: OutgoingMessage) {
      const [platform, id] = splitId(channelId) ?? [];
      const owner = adapters.find((a) => a.platform === platform);
      if (!owner || id === undefined) throw new Error(`No chat platform here has a channel "${channelId}"`);
      await owner.post(id, message);
    },
  };
}

/** Wiring for a process or a test: the ChatPort the app is built with, then start and stop over every adapter. */
export function connect(adapters: readonly ChatAdapter[]) {
  let directory: AccountDirectory | undefined;
  return {
    chat: (store: Pick<Store, "identity">): ChatPort => chatPort(adapters, (directory = accountDirectory(store.identity))),
    options: (receive = true): StartOptions => {
      if (!directory) throw new Error("connect(): the app must be built (chat(store)) before the adapters start");
      return { receive, directory };
    },
    async start(receive = true) {
      for (const a of adapters) await a.start(this.options(receive));
    },
    async stop() {
      for (const a of adapters) await a.stop();
    },
  };
}
