// Driver adapters: how Prisma reaches the database without any native engine binary.
// PostgreSQL proper through node-postgres when DATABASE_URL is set; embedded PGlite otherwise.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

const PG_TYPE_NAME = 19;
const PG_TYPE_TEXT = 25;

/**
 * Works around prisma/orm#27403: @prisma/adapter-pg 6.x cannot deserialize columns of the
 * PostgreSQL type `name` (oid 19), which the migration engine reads from the catalogs
 * ("Column type 'name' could not be deserialized"). A `name` is text on the wire, so
 * relabelling the field as `text` is exact.
 */
export class NameAsTextPool extends pg.Pool {
  // pg's overloads can't be restated precisely; callers keep pg.Pool's own types (see connectPostgres).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {

    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      return (result as Promise<pg.QueryResult>).then(relabelNameFields);
    }
    return result;
  }
}

function relabelNameFields<T extends pg.QueryResult | pg.QueryResult[]>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of r?.fields ?? []) {
      if (field.dataTypeID === PG_TYPE_NAME) field.dataTypeID = PG_TYPE_TEXT;
    }
  }
  return result;
}

/** Hears each statement a connection sends (benchmarks count and replay them); one per process. */
export type StatementObserver = (text: string, values: readonly unknown[] | undefined) => void;
let observer: StatementObserver | undefined;
export const observeStatements = (fn: StatementObserver | undefined) => void (observer = fn);

/** pg's Client, telling the observer (when there is one) about every statement, in transactions too. */
class ObservedClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    if (observer) {
      const [first, second] = args as [string | { text?: string; values?: unknown[] }, unknown];
      if (typeof first === "string") observer(first, Array.isArray(second) ? second : undefined);
      else if (typeof first?.text === "string") observer(first.text, first.values);
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}

/**
 * A statement on a hot path (every kudos, contribution, receipt, outbox send): PostgreSQL parses and
 * plans it once per connection (a named prepared statement) instead of on every call, which halves
 * the time of the long CTEs. Only for statements whose plan does not hinge on which parameters are
 * null: after five runs PostgreSQL may keep one generic plan for every call. PGlite runs the text.
 */
export interface Prepared {
  readonly name: string;
  readonly text: string;
}

const preparedNames = new Map<string, string>();

/** Declares a prepared statement once, at module load; one name is one text (a second text throws). */
export function prepared(name: string, text: string): Prepared {
  const known = preparedNames.get(name);
  if (known !== undefined && known !== text) throw new Error(`prepared statement "${name}" declared twice with different text`);
  preparedNames.set(name, text);
  return { name, text };
}

export interface Connection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Runs a multi-statement SQL script (migrations) and single queries (bookkeeping). */
  exec(sql: string): Promise<void>;
  query<R = Record<string, unknown>>(sql: string | Prepared, params?: unknown[]): Promise<R[]>;
  /** Holds a session-level lock for fn (several processes may start at once). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  kind: "postgresql" | "pglite";
}

/** An idle pooled connection closed by the server (restart, failover, DROP DATABASE … FORCE): pg drops it and reconnects on demand. */
const warnIdleError = (err: Error) => process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`);

/** A connection attempt to an unreachable (black-holed) server fails after this long instead of waiting forever. */
export const CONNECT_TIMEOUT_MS = 5_000;

export function connectPostgres(url: string, poolSize = 10, onIdleError: (err: Error) => void = warnIdleError): Connection {
  // keepAlive: a server that vanished without a reset is noticed by TCP rather than never.
  const pool: pg.Pool = new NameAsTextPool({ Client: ObservedClient, connectionString: url, max: poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
  // Without a listener, pg's "error" event on an idle client would crash the process.
  pool.on("error", onIdleError);
  return {
    kind: "postgresql",
    factory: new PrismaPg(pool),
    async exec(sql) {
      await pool.query(sql);
    },
    async query(sql, params) {
      const r = typeof sql === "string" ? await pool.query(sql, params) : await pool.query({ name: sql.name, text: sql.text, values: params });
      return r.rows;
    },
    async withLock(fn) {
      // Same key as Prisma's migrate, so our start-up and `prisma migrate deploy` never overlap.
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock(72707369)");
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock(72707369)").catch(() => undefined);
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

// The embedded database has its own module, so that PostgreSQL mode never loads PGlite (see database.ts).
export { connectPGlite, PGLITE_SHARED_BUFFERS } from "./driver-pglite.ts";
