// Composition root: the store, the scheduler and the core, wired for one process.
import type { Config } from "./config.ts";
import { commands } from "./core/commands/index.ts";
import { Mutual } from "./core/mutual.ts";
import { systemClock, type ChatPort, type Clock, type Logger } from "./core/ports.ts";
import { BullScheduler } from "./scheduler/scheduler.ts";
import { openDatabase, type Database } from "./store/database.ts";
import { createStore, listEnabledSchedules } from "./store/index.ts";

export interface App {
  mutual: Mutual;
  database: Database;
  scheduler: BullScheduler;
  close(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  chat: ChatPort;
  clock?: Clock;
}

export async function startApp(config: Config, { logger, chat, clock = systemClock }: AppOptions): Promise<App> {
  const database = await openDatabase(config.database);
  if (database.migrated.length) logger.info({ migrations: database.migrated }, "database migrated");
  const store = createStore(database.prisma, database.connection);
  const scheduler = new BullScheduler({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    logger,
    runWorkers: config.role !== "bot",
    loadSchedules: () => listEnabledSchedules(database.prisma),
    // Delivery of prompts and reminders arrives with the features that own them.
    onScheduleTick: async (scheduleId, occurrence) => logger.debug({ scheduleId, occurrence }, "schedule tick"),
  });
  try {
    await scheduler.start();
  } catch (e) {
    await scheduler.close().catch(() => undefined);
    await database.close();
    throw e;
  }
  const mutual = new Mutual({ store, scheduler, chat, clock, logger, commands });
  let closing: Promise<void> | undefined;
  return {
    mutual,
    database,
    scheduler,
    close: () =>
      (closing ??= (async () => {
        await scheduler.close();
        await database.close();
      })()),
  };
}
