// The embedded database: PostgreSQL compiled to WebAssembly (PGlite), inside this process. Its own
// module, apart from driver.ts, so that PostgreSQL mode never loads PGlite and embedded mode never loads pg.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Connection } from "./driver.ts";
import { acquireDataDirLock } from "./lock.ts";

export const PGLITE_SHARED_BUFFERS = "16MB";

/**
 * shared_buffers: PostgreSQL's default 128MB is most of an embedded bot's memory at rest (PGlite keeps it in
 * its WebAssembly memory); a team's database is small, and the OS caches its files.
 * log_startup_progress_interval=0: on an existing database PostgreSQL arms a repeating 10-second
 * startup-progress timer that single-user mode never disarms; in PGlite it is a Node timer, which woke an
 * idle bot every 10 s and kept any process that had opened the database (the Prisma CLI) from exiting.
 */
const STARTUP_PARAMS = ["-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`, "-c", "log_startup_progress_interval=0"];

/** dataDir undefined → in-memory (tests). */
export async function connectPGlite(dataDir?: string): Promise<Connection> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, ...STARTUP_PARAMS] });
  return {
    kind: "pglite",
    // The adapter is typed against an older @prisma/driver-adapter-utils; the runtime contract is
    // the same (tests/integration run every repository on PGlite to keep that true).
    factory: new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory,
    async exec(sql) {
      await db.exec(sql);
    },
    async query(sql, params) {
      const r = await db.query<never>(typeof sql === "string" ? sql : sql.text, params);
      return r.rows;
    },
    // PGlite is one connection in one process; there is nothing to race with.
    withLock: (fn) => fn(),
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

/**
 * The Prisma CLI's adapter for the embedded database (prisma.config.ts). Every CLI command asks for it, even
 * `prisma -v` and `generate`, which only read its name: the database is opened (under the bot's lock, so a
 * CLI never writes beside a running bot) only when a command connects. Prisma never disposes of it; the
 * process exits because PGlite arms no timer (see STARTUP_PARAMS) and the lock goes at exit.
 */
export function lazyPGliteFactory(dataDir: string): SqlMigrationAwareDriverAdapterFactory {
  let opened: Promise<SqlMigrationAwareDriverAdapterFactory> | undefined;
  const open = () =>
    (opened ??= (async () => {
      await acquireDataDirLock(dataDir);
      return (await connectPGlite(dataDir)).factory;
    })());
  return {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: async () => (await open()).connect(),
    connectToShadowDb: async () => (await open()).connectToShadowDb(),
  };
}
