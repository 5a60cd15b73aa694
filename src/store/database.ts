// The one Prisma client of the process: connect (PostgreSQL or embedded PGlite), migrate, ready.
import { PrismaClient } from "./generated/client.ts";
import { existsSync } from "node:fs";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import type { Connection } from "./driver.ts";
import { acquireDataDirLock } from "./lock.ts";
import { migrate, readMigrations } from "./migrate.ts";
import { TEMPLATE_FILE, unpackTemplate } from "./template.ts";

export type Db = InstanceType<typeof PrismaClient>;

export interface Database {
  prisma: Db;
  connection: Connection;
  /** Names of the migrations applied at this start (empty when already up to date). */
  migrated: string[];
  /** How a new embedded database was made at this start: unpacked from the build's template, or initdb and every migration. */
  created: "template" | "initdb" | undefined;
  close(): Promise<void>;
}

/** PGlite's own test for an existing database (it runs initdb when this file is missing). */
const isNewDataDir = (dataDir: string) => !existsSync(path.join(dataDir, "PG_VERSION"));

export type DatabaseTarget = { url: string } | { dataDir: string | undefined };

export interface OpenOptions {
  /** PostgreSQL closed an idle pooled connection (restart, failover): pg reconnects on demand. */
  onIdleError?: (err: Error) => void;
  /** The embedded database's template (tests: another file, or one that does not exist). */
  template?: string;
}

/**
 * WebAssembly (PGlite's PostgreSQL, Prisma's query compiler) compiled by V8's baseline compiler only, never
 * recompiled by TurboFan: tiering up held 35-80 MiB more at rest (PGlite alone: 124 against 159-205 MiB RSS),
 * and on the shared 2-core machine starts and small queries ran no slower (nothing competes with background
 * compilation). Set before either module is compiled; later compilations in this process follow it too.
 */
const baselineWasmOnly = () => setFlagsFromString("--liftoff-only");

export async function openDatabase(target: DatabaseTarget, { onIdleError, template = TEMPLATE_FILE }: OpenOptions = {}): Promise<Database> {
  baselineWasmOnly();
  // One process per embedded directory (throws DataDirLockedError naming the holder).
  const lock = "dataDir" in target && target.dataDir ? await acquireDataDirLock(target.dataDir) : undefined;
  let connection: Connection;
  let created: Database["created"];
  let initdbMigrated: string[] = [];
  try {
    // Each driver is loaded only in its mode: PostgreSQL mode never loads PGlite, nor embedded mode pg.
    if ("url" in target) {
      connection = (await import("./driver.ts")).connectPostgres(target.url, undefined, onIdleError);
    } else {
      // A new embedded database is unpacked from the build's template when it fits (see template.ts); else it is
      // made in a child process, so that this one never holds initdb's memory (see first-start.ts).
      if (target.dataDir && isNewDataDir(target.dataDir)) {
        if (await unpackTemplate(target.dataDir, await readMigrations(), template)) created = "template";
        else {
          initdbMigrated = await (await import("./first-start.ts")).firstStart(target.dataDir);
          created = "initdb";
        }
      }
      connection = await (await import("./driver-pglite.ts")).connectPGlite(target.dataDir);
    }
  } catch (e) {
    lock?.release();
    throw e;
  }
  try {
    const migrated = [...initdbMigrated, ...(await migrate(connection))];
    // errorFormat "minimal": no colourised code frame built for every error (the default builds one).
    const prisma = new PrismaClient({ adapter: connection.factory, errorFormat: "minimal" });
    return {
      prisma,
      connection,
      migrated,
      created,
      async close() {
        try {
          await prisma.$disconnect();
          await connection.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (e) {
    await connection.close().catch(() => undefined);
    lock?.release();
    throw e;
  }
}
