// Starts the real app (store, scheduler, core) for a test file, on a fresh PostgreSQL database or an
// in-memory PGlite, with BullMQ under a queue prefix of its own (or, with `redisUrl: undefined` in
// the overrides, the embedded scheduler).
import { expect } from "vitest";
import { startApp, type App } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import type { ChatEvent } from "../../src/core/events.ts";
import { renderPlainText, type OutgoingMessage } from "../../src/core/message.ts";
import type { ChatPort, Clock, PersonRef, Store } from "../../src/core/ports.ts";
import { REDIS_URL } from "./env.ts";
import { createTestDatabase } from "./postgres.ts";
import { testQueuePrefix } from "./redis.ts";
import { pino } from "pino";

export interface TestApp extends App {
  config: Config;
  sent: Array<{ to: PersonRef; message: OutgoingMessage }>;
  posted: Array<{ channelId: string; message: OutgoingMessage }>;
  /** Runs one line as `user`; returns the plain-text replies. */
  say(user: string, text: string, eventId?: string): Promise<string>;
  stop(): Promise<void>;
}

let counter = 0;

export function shellEvent(user: string, text: string, id = `test:${process.pid}:${++counter}`): ChatEvent {
  return {
    id,
    platform: "shell",
    workspace: { externalId: "local", name: "Shell" },
    user: { externalId: user, displayName: user, handle: user },
    channel: { id: "stdin", direct: true },
    text,
  };
}

/** Someone on a chat platform, as an event names its sender. */
export interface Who {
  platform: "slack" | "discord" | "shell";
  workspace: string;
  user: string;
  name: string;
  handle: string;
}

/** A direct message from `who`, on their platform and workspace. */
export function directEvent(who: Who, text: string, id = `test:${process.pid}:${++counter}`): ChatEvent {
  return {
    id,
    platform: who.platform,
    workspace: { externalId: who.workspace },
    user: { externalId: who.user, displayName: who.name, handle: who.handle },
    channel: { id: "D1", direct: true },
    text,
  };
}

/** `chat` replaces the recording chat port (e.g. a platform adapter's); `sent` and `posted` then stay empty. */
export async function startTestApp(
  kind: "postgres" | "pglite",
  overrides: Partial<Config> = {},
  { clock, chat: platformChat, tickEveryMs }: { clock?: Clock; chat?: (store: Store) => ChatPort; tickEveryMs?: number } = {},
): Promise<TestApp> {
  const database = kind === "postgres" ? await createTestDatabase() : undefined;
  const queue = testQueuePrefix();
  const config: Config = {
    database: database ? { url: database.url } : { dataDir: undefined },
    dataDir: "/nonexistent",
    redisUrl: REDIS_URL,
    queuePrefix: queue.prefix,
    healthPort: undefined,
    reconcileIntervalMs: 300_000,
    receiptRetentionDays: 30,
    role: "all",
    commands: "local",
    adapters: ["shell"],
    shellUser: "tester",
    logLevel: "silent",
    logFile: undefined,
    promptsDir: undefined,
    slack: undefined,
    discord: undefined,
    ...overrides,
  };
  const sent: TestApp["sent"] = [];
  const posted: TestApp["posted"] = [];
  const chat: ChatPort = { send: async (to, message) => void sent.push({ to, message }), post: async (channelId, message) => void posted.push({ channelId, message }) };
  const app = await startApp(config, { logger: pino({ level: "silent" }), chat: platformChat ?? chat, ...(clock && { clock }), tickEveryMs });
  return {
    ...app,
    config,
    sent,
    posted,
    async say(user, text, eventId) {
      const replies = await app.mutual.handle(shellEvent(user, text, eventId));
      // Notices to others leave through the outbox after the reply: wait for them, so `sent` is whole.
      await app.scheduler.settle();
      return replies.map(renderPlainText).join("\n");
    },
    async stop() {
      await app.close();
      await queue.cleanup();
      await database?.drop();
    },
  };
}

/** `lead` creates Coastal Resilience (slug coastal); every person sets their profile, and the others join. */
export async function coastalTeam(app: TestApp, lead: string, profiles: Record<string, string>): Promise<void> {
  expect(await app.say(lead, 'project create "Coastal Resilience" slug=coastal')).toContain("You are its lead");
  for (const [name, profile] of Object.entries(profiles)) {
    // The reply to `profile lang=…` is already in the new language.
    expect(await app.say(name, profile), profile).toMatch(/^✓ /);
    if (name !== lead) expect(await app.say(name, "project join coastal")).not.toMatch(/^⚠/);
  }
}
