// Composition root: the store, the scheduler and the core, wired for one process.
import type { Config } from "./config.ts";
import { commands } from "./core/commands/index.ts";
import { Mutual } from "./core/mutual.ts";
import { systemClock, type ChatPort, type Clock, type Logger, type Store } from "./core/ports.ts";
import { Dispatcher } from "./core/reflection/dispatch.ts";
import { BUNDLED_PROMPTS_DIR, loadPromptLibrary } from "./prompts/library.ts";
import { vegaCharts } from "./reports/vega.ts";
import { BullScheduler } from "./scheduler/scheduler.ts";
import { openDatabase, type Database } from "./store/database.ts";
import { createStore, listEnabledSchedules } from "./store/index.ts";

export interface App {
  mutual: Mutual;
  store: Store;
  dispatcher: Dispatcher;
  database: Database;
  scheduler: BullScheduler;
  close(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  /** Or made from the store, for adapters that look up a person's platform account to reach them. */
  chat: ChatPort | ((store: Store) => ChatPort);
  clock?: Clock;
}

export async function startApp(config: Config, { logger, chat, clock = systemClock }: AppOptions): Promise<App> {
  // First: a broken prompt file stops start-up before anything connects.
  const prompts = loadPromptLibrary([BUNDLED_PROMPTS_DIR, ...(config.promptsDir ? [config.promptsDir] : [])]);
  const database = await openDatabase(config.database);
  if (database.migrated.length) logger.info({ migrations: database.migrated }, "database migrated");
  const store = createStore(database.prisma, database.connection);
  const scheduler = new BullScheduler({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    logger,
    runWorkers: config.role !== "bot",
    loadSchedules: () => listEnabledSchedules(database.prisma),
    onScheduleTick: async (scheduleId, occurrence) => {
      const report = await dispatcher.tick(scheduleId, occurrence);
      logger.debug({ scheduleId, occurrence, ...report }, "schedule tick");
    },
  });
  // Ticks run the dispatcher, and the dispatcher's commands reconcile the scheduler: both exist before workers start.
  const services = { store, scheduler, chat: typeof chat === "function" ? chat(store) : chat, clock, logger, commands, prompts, charts: vegaCharts(logger) };
  const dispatcher = new Dispatcher(services);
  try {
    await scheduler.start();
  } catch (e) {
    await scheduler.close().catch(() => undefined);
    await database.close();
    throw e;
  }
  const mutual = new Mutual(services);
  let closing: Promise<void> | undefined;
  return {
    mutual,
    store,
    dispatcher,
    database,
    scheduler,
    close: () =>
      (closing ??= (async () => {
        await scheduler.close();
        await database.close();
      })()),
  };
}
