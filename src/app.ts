// Composition root: the store, the scheduler and the core, wired for one process, with health and
// metrics for operators.
import type { Config } from "./config.ts";
import { commands } from "./core/commands/index.ts";
import { Mutual } from "./core/mutual.ts";
import { systemClock, type ChatPort, type Clock, type Logger, type Store } from "./core/ports.ts";
import { Dispatcher, TICK_MS } from "./core/reflection/dispatch.ts";
import { deliverNotices } from "./core/outbox.ts";
import { healthHandler, startHealthServer, type HealthHandler, type HealthServer } from "./ops/health.ts";
import { PromMetrics } from "./ops/metrics.ts";
import { BUNDLED_PROMPTS_DIR, loadPromptLibrary } from "./prompts/library.ts";
import { vegaCharts } from "./reports/vega.ts";
import { reasonOf, settlesWithin, type Scheduler } from "./scheduler/common.ts";
import { EmbeddedScheduler } from "./scheduler/embedded.ts";
import { openDatabase, type Database } from "./store/database.ts";
import type { AvailabilityWatch } from "./store/errors.ts";
import { createStore, lastSchedulerTick, listEnabledSchedules, recordSchedulerTick } from "./store/index.ts";

export interface App {
  mutual: Mutual;
  store: Store;
  dispatcher: Dispatcher;
  database: Database;
  scheduler: Scheduler;
  metrics: PromMetrics;
  /** /healthz, /readyz and /metrics: served on config.healthPort, and mounted by Slack HTTP mode. */
  health: HealthHandler;
  /** The port the health endpoints listen on (undefined when off). */
  healthPort: number | undefined;
  close(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  /** Or made from the store, for adapters that look up a person's platform account to reach them. */
  chat: ChatPort | ((store: Store) => ChatPort);
  clock?: Clock;
  /** Tests only: schedules tick every n ms instead of each quarter hour. */
  tickEveryMs?: number;
}

export class HealthPortError extends Error {}

const DAY_MS = 86_400_000;
/** Receipts are pruned at most this often (the sweep runs every minute). */
const PRUNE_EVERY_MS = 60 * 60_000;

/** The database close gets this long; an unreachable server must not hold shutdown. */
const DATABASE_CLOSE_MS = 2_000;

export async function startApp(config: Config, { logger, chat, clock = systemClock, tickEveryMs }: AppOptions): Promise<App> {
  // First: a broken prompt file stops start-up before anything connects.
  const prompts = loadPromptLibrary([BUNDLED_PROMPTS_DIR, ...(config.promptsDir ? [config.promptsDir] : [])]);
  const database = await openDatabase(config.database, {
    onIdleError: (err) => logger.debug({ reason: err.message }, "PostgreSQL closed an idle connection"),
  });
  if (database.created) logger.info({ from: database.created }, "embedded database created");
  if (database.migrated.length) logger.info({ migrations: database.migrated }, "database migrated");
  const watch = databaseWatch(logger);
  const store = createStore(database.prisma, database.connection, watch);
  const loadSchedules = () => listEnabledSchedules(database.prisma);
  const onScheduleTick = async (scheduleId: string, occurrence: Date) => {
    // A tick planned more than a quarter hour after this process's clock says it is (a host whose clock is
    // off; real quarter hours reaching a test's simulated week) would send what is not yet due: skipped.
    // Job schedulers stamp ticks with the workers' own clocks, so a host whose clock agrees runs the
    // next, and each tick catches up the hour before it. A tick a few milliseconds early runs.
    if (occurrence.getTime() - clock.now().getTime() > TICK_MS) {
      logger.warn({ scheduleId, occurrence, now: clock.now() }, "schedule tick planned ahead of this process's clock: skipped");
      return;
    }
    metrics.tickStarted(occurrence);
    const report = await dispatcher.tick(scheduleId, occurrence);
    logger.debug({ scheduleId, occurrence, ...report }, "schedule tick");
  };
  // Receipts are pruned by the sweep (every minute, on whichever process runs workers), at most hourly.
  let prunedAt = 0;
  const pruneReceipts = async () => {
    const now = clock.now().getTime();
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    try {
      const pruned = await store.receipts.prune(new Date(now - config.receiptRetentionDays * DAY_MS));
      if (pruned) logger.info({ receipts: pruned, days: config.receiptRetentionDays }, "command receipts pruned");
    } catch (e) {
      logger.warn({ reason: reasonOf(e) }, "command receipts not pruned now; the next sweep tries again");
    }
  };
  const onDeliver = async (noticeIds: readonly string[]) => {
    const report = await deliverNotices(services, noticeIds);
    if (report.sent || report.failed) logger.debug({ notices: noticeIds.length, ...report }, "outbox delivered");
    if (noticeIds.length === 0) await pruneReceipts();
  };
  // REDIS_URL set: BullMQ (several processes, MUTUAL_ROLE). Unset: the in-process loop.
  // BullMQ and ioredis are loaded only then: the embedded default never loads them.
  const scheduler: Scheduler = config.redisUrl
    ? new (await import("./scheduler/scheduler.ts")).BullScheduler({
        redisUrl: config.redisUrl,
        prefix: config.queuePrefix,
        logger,
        runWorkers: config.role !== "bot",
        loadSchedules,
        onScheduleTick,
        onDeliver,
        reconcileIntervalMs: config.reconcileIntervalMs,
        tickEveryMs,
      })
    : new EmbeddedScheduler({
        logger,
        loadSchedules,
        onScheduleTick,
        onDeliver,
        lastTick: () => lastSchedulerTick(database.prisma),
        recordTick: (at) => recordSchedulerTick(database.prisma, at),
        tickEveryMs,
      });
  const metrics = new PromMetrics(() => scheduler.depths());
  // Ticks run the dispatcher, and the dispatcher's commands reconcile the scheduler: both exist before workers start.
  const services = { store, scheduler, chat: typeof chat === "function" ? chat(store) : chat, clock, logger, commands, prompts, charts: vegaCharts(logger), metrics };
  const dispatcher = new Dispatcher(services);
  const health = healthHandler(
    {
      database: async () => {
        try {
          await database.connection.query("SELECT 1");
          watch.up();
          return undefined;
        } catch (e) {
          watch.down(e);
          return `unreachable (${reasonOf(e)})`;
        }
      },
      scheduler: () => scheduler.check(),
    },
    metrics,
  );
  let server: HealthServer | undefined;
  try {
    await scheduler.start();
    if (config.healthPort !== undefined) server = await listen(config.healthPort, health);
  } catch (e) {
    await scheduler.close().catch(() => undefined);
    await database.close();
    throw e;
  }
  if (server) logger.info({ port: server.port, paths: ["/healthz", "/readyz", "/metrics"] }, "health endpoints listening");
  const mutual = new Mutual(services);
  let closing: Promise<void> | undefined;
  return {
    mutual,
    store,
    dispatcher,
    database,
    scheduler,
    metrics,
    health,
    healthPort: server?.port,
    close: () =>
      (closing ??= (async () => {
        await server?.close();
        await scheduler.close(); // bounded inside
        if (!(await settlesWithin(database.close(), DATABASE_CLOSE_MS))) logger.warn({ ms: DATABASE_CLOSE_MS }, "the database did not close in time; leaving it");
      })()),
  };
}

async function listen(port: number, health: HealthHandler): Promise<HealthServer> {
  try {
    return await startHealthServer(port, health);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new HealthPortError(`Mutual could not serve its health endpoints on port ${port} (${code}). Set MUTUAL_HEALTH_PORT to a free port, 0 for any, or off.`);
  }
}

/** The database's reachability as the store sees it, logged once when it changes. */
function databaseWatch(logger: Logger): AvailabilityWatch {
  let down = false;
  return {
    down(e) {
      if (down) return;
      down = true;
      logger.warn({ reason: reasonOf(e) }, "the database is unreachable: commands answer that nothing was saved, and connections are retried on demand");
    },
    up() {
      if (!down) return;
      down = false;
      logger.info({}, "the database is reachable again");
    },
  };
}
