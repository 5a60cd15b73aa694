#!/usr/bin/env node
// Entry point: configuration, fail-fast checks, the app, the chat adapter, graceful shutdown.
import { existsSync } from "node:fs";
import path from "node:path";
import { ShellAdapter } from "./adapters/shell/shell.ts";
import type { ChatAdapter } from "./adapters/adapter.ts";
import { chatAdapters } from "./adapters/platforms.ts";
import { connect } from "./adapters/router.ts";
import { commands } from "./core/commands/index.ts";
import type { ChatEvent } from "./core/events.ts";
import { HealthPortError, startApp, type App, type AppOptions } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { PromptLibraryError } from "./prompts/library.ts";
import { createLogger } from "./logger.ts";
import { checkRedis, redactUrl, RedisUnavailableError } from "./scheduler/redis.ts";
import { DataDirLockedError } from "./store/lock.ts";
import { MigrationError } from "./store/migrate.ts";

/** Shutdown never takes longer than this, whatever is unreachable. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/** Known failures end with one line on stderr and no stack trace. */
function fail(line: string, code = 1): never {
  process.stderr.write(`${line}\n`);
  process.exit(code);
}

function describeDatabaseError(e: unknown, target: string): string | undefined {
  const code = (e as { code?: string }).code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "28P01" || code === "3D000") {
    return `Mutual cannot use the database at ${target} (${(e as Error).message}). Start it with \`docker compose up -d postgres\`, or unset DATABASE_URL to use the embedded database.`;
  }
  if (e instanceof MigrationError) return `Database migration failed: ${e.message}.`;
  return undefined;
}

async function main() {
  if (existsSync(".env")) process.loadEnvFile(".env");
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 2);
    throw e;
  }
  const logger = createLogger(config);

  // With REDIS_URL set, a Redis that is not there at start is a setup mistake, said in one line.
  // Later outages are survived (see src/scheduler/scheduler.ts).
  if (config.redisUrl) {
    try {
      await checkRedis(config.redisUrl);
    } catch (e) {
      if (e instanceof RedisUnavailableError) fail(e.message);
      throw e;
    }
  }

  const interactive = Boolean(process.stdin.isTTY) && config.role !== "worker";
  let app: App;
  // Workers use the Slack and Discord clients to send prompts and reminders; only bots receive events.
  const form = (event: ChatEvent, command: string, title: string) => app.mutual.form(event, command, title);
  // MUTUAL_COMMANDS=queue: chat processes hand commands to workers through BullMQ (scale out by adding workers).
  const commandQueue =
    config.commands === "queue" ? new (await import("./scheduler/commands.ts")).CommandQueue({ redisUrl: config.redisUrl!, prefix: config.queuePrefix, logger }) : undefined;
  const runCommand = (event: ChatEvent) => (commandQueue ? commandQueue.process(event) : app.mutual.process(event));
  const platforms = await chatAdapters(config, {
    commands,
    process: runCommand,
    suggest: (event, option, typed) => app.mutual.suggest(event, option, typed),
    form,
    health: (req, res) => app.health(req, res),
    logger,
  });
  const shell =
    config.role === "worker" || !config.adapters.includes("shell")
      ? undefined
      : new ShellAdapter({
          handle: (event) => app.mutual.handle(event),
          input: process.stdin,
          output: process.stdout,
          user: config.shellUser,
          interactive,
          exportDir: path.join(config.dataDir, "exports"),
          settled: () => app.scheduler.settle(),
        });
  const adapters: ChatAdapter[] = [...platforms, ...(shell ? [shell] : [])];
  // People are reached on the chat platforms; the shell alone (a one-machine trial) prints every message.
  const wiring = connect(platforms);
  const dropped = {
    send: async (to: { personId: string }) => logger.warn({ to: to.personId }, "no chat adapter in this process; message dropped"),
    post: async (channelId: string) => logger.warn({ channelId }, "no chat adapter in this process; post dropped"),
  };
  const chat: AppOptions["chat"] = (store) => {
    const routed = wiring.chat(store);
    return platforms.length ? routed : (shell ?? dropped);
  };

  const target = "url" in config.database ? redactUrl(config.database.url) : (config.database.dataDir ?? "memory");
  try {
    app = await startApp(config, { logger, chat });
  } catch (e) {
    if (e instanceof PromptLibraryError || e instanceof DataDirLockedError) fail(e.message, 2);
    if (e instanceof HealthPortError) fail(e.message);
    const line = describeDatabaseError(e, target);
    if (line) fail(line);
    throw e;
  }
  if (commandQueue) {
    try {
      if (config.role !== "bot") await commandQueue.startWorker((event) => app.mutual.process(event));
      if (config.role !== "worker") await commandQueue.startProducer();
    } catch (e) {
      await app.close();
      fail(`Mutual could not start its command queue on Redis: ${(e as Error).message}.`);
    }
  }
  // Each adapter connects in turn (a worker's only send); one that can't stops the process in one line.
  const started: ChatAdapter[] = [];
  for (const adapter of adapters) {
    try {
      await adapter.start(wiring.options(config.role !== "worker"));
      started.push(adapter);
    } catch (e) {
      for (const a of started.reverse()) await a.stop().catch(() => undefined);
      await app.close();
      fail(`Mutual could not connect to ${adapter.label}: ${(e as Error).message}. ${adapter.startHint}`.trim());
    }
  }
  // performance.now() counts from process start, so this includes Node's boot and module loading.
  logger.info({ ms: Math.round(performance.now()), role: config.role, database: target, scheduler: app.scheduler.kind }, "Mutual started");

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    const closing = performance.now();
    logger.info({ reason }, "shutting down");
    // Every close below is bounded; this is the backstop.
    setTimeout(() => {
      logger.error({ ms: SHUTDOWN_DEADLINE_MS }, "shutdown took too long; exiting anyway");
      logger.flush();
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    for (const adapter of adapters) await adapter.stop().catch((e: unknown) => logger.warn({ err: e, adapter: adapter.platform }, "adapter did not stop cleanly"));
    await commandQueue?.close().catch((e: unknown) => logger.warn({ err: e }, "command queue did not close cleanly"));
    await app.close();
    logger.info({ ms: Math.round(performance.now() - closing) }, "stopped");
    logger.flush();
    process.exit(0);
  };
  // A library's promise that nobody awaits (seen in BullMQ when Redis is slow) must not stop the bot: logged, once each.
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection; Mutual keeps running"));
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  if (!shell) return; // a worker or a Slack or Discord bot runs until a signal
  await shell.run();
  await stop("end of input");
}

main().catch((e) => {
  process.stderr.write(`Mutual stopped on an unexpected error: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
