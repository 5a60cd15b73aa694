// The scratch PostgreSQL database a benchmark seeds and drops. BENCH_ADMIN_URL (default
// postgresql://postgres@127.0.0.1:5432/postgres) names the server and a role allowed to CREATE/DROP DATABASE.
// BENCH_DB_SUFFIX (e.g. "_mine") is appended to every scratch database's name, so that two people
// benchmarking on one server (two worktrees) do not drop each other's databases.
import pg from "pg";
import type { Config } from "../src/config.ts";

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function scratchDatabase(base: string) {
  const name = `${base}${process.env.BENCH_DB_SUFFIX ?? ""}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_DB_SUFFIX makes an invalid database name: ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const admin = async (...statements: string[]) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      for (const sql of statements) await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name,
    url: url.toString(),
    recreate: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A benchmark's app config: the shell adapter on `databaseUrl`, silent, no health port; `overrides` change the rest. */
export function benchConfig(databaseUrl: string, overrides: Partial<Config> = {}): Config {
  return {
    database: { url: databaseUrl },
    dataDir: "/nonexistent",
    redisUrl: undefined,
    queuePrefix: `mutual-bench-${process.pid}`,
    healthPort: undefined,
    reconcileIntervalMs: 300_000,
    receiptRetentionDays: 30,
    role: "all",
    commands: "local",
    adapters: ["shell"],
    shellUser: "bench",
    logLevel: "silent",
    logFile: undefined,
    promptsDir: undefined,
    slack: undefined,
    discord: undefined,
    ...overrides,
  };
}
