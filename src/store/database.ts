// The one Prisma client of the process: connect (PostgreSQL or embedded PGlite), migrate, ready.
import { PrismaClient } from "./generated/client.ts";
import { connectPGlite, connectPostgres, type Connection } from "./driver.ts";
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

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const connection = "url" in target ? connectPostgres(target.url) : await connectPGlite(target.dataDir);
  try {
    const migrated = await migrate(connection);
    const prisma = new PrismaClient({ adapter: connection.factory });
    return {
      prisma,
      connection,
      migrated,
      async close() {
        await prisma.$disconnect();
        await connection.close();
      },
    };
  } catch (e) {
    await connection.close().catch(() => undefined);
    throw e;
  }
}
