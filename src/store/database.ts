// The one Prisma client of the process: connect (PostgreSQL or embedded PGlite), migrate, ready.
import { PrismaClient } from "./generated/client.ts";
import { connectPGlite, connectPostgres, type Connection } from "./driver.ts";
import { acquireDataDirLock } from "./lock.ts";
import { migrate } from "./migrate.ts";

export type Db = InstanceType<typeof PrismaClient>;

export interface Database {
  prisma: Db;
  connection: Connection;
  /** Names of the migrations applied at this start (empty when already up to date). */
  migrated: string[];
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { dataDir: string | undefined };

export interface OpenOptions {
  /** PostgreSQL closed an idle pooled connection (restart, failover): pg reconnects on demand. */
  onIdleError?: (err: Error) => void;
}

export async function openDatabase(target: DatabaseTarget, { onIdleError }: OpenOptions = {}): Promise<Database> {
  // One process per embedded directory (throws DataDirLockedError naming the holder).
  const lock = "dataDir" in target && target.dataDir ? await acquireDataDirLock(target.dataDir) : undefined;
  let connection: Connection;
  try {
    connection = "url" in target ? connectPostgres(target.url, undefined, onIdleError) : await connectPGlite(target.dataDir);
  } catch (e) {
    lock?.release();
    throw e;
  }
  try {
    const migrated = await migrate(connection);
    const prisma = new PrismaClient({ adapter: connection.factory });
    return {
      prisma,
      connection,
      migrated,
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
