// The embedded database: PostgreSQL compiled to WebAssembly (PGlite), inside this process. Its own
// module, apart from driver.ts, so that PostgreSQL mode never loads PGlite and embedded mode never loads pg.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Connection } from "./driver.ts";

export const PGLITE_SHARED_BUFFERS = "16MB";

/** dataDir undefined → in-memory (tests). */
export async function connectPGlite(dataDir?: string): Promise<Connection> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // shared_buffers: PostgreSQL's default 128MB is most of an embedded bot's memory at rest (PGlite
  // keeps it in its WebAssembly memory); a team's database is small, and the OS caches its files.
  const db = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`] });
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
