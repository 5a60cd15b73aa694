// The scratch PostgreSQL database a benchmark seeds and drops. BENCH_ADMIN_URL (default
// postgresql://postgres@127.0.0.1:5432/postgres) names the server and a role allowed to CREATE/DROP DATABASE.
// BENCH_DB_SUFFIX (e.g. "_mine") is appended to every scratch database's name, so that two people
// benchmarking on one server (two worktrees) do not drop each other's databases.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
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

/**
 * CPU time (ms) the PostgreSQL server's processes have used so far, read from /proc when the server runs on
 * this machine (undefined when none is found). On a shared machine wall times drift with the neighbours;
 * the CPU an operation costs drifts far less, so benchmarks report both.
 */
export function serverCpuMs(): number | undefined {
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      if (!stat.slice(stat.indexOf("(") + 1, close).startsWith("postgres")) continue;
      const fields = stat.slice(close + 2).split(" "); // from field 3 (state) on: utime and stime are fields 14 and 15
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // the process ended while being read
    }
  }
  return found ? (ticks * 1000) / ticksPerSecond : undefined;
}

/**
 * Mutual as `npm start` runs it (`node dist/main.js`, after `npm run build`) with `env` over this
 * process's; resolves once it has logged that it started, rejects if it exits first.
 */
export function startBuilt(env: Record<string, string>, name = "Mutual"): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["dist/main.js"], { env: { ...process.env, MUTUAL_HEALTH_PORT: "off", LOG_LEVEL: "info", ...env }, stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes('"msg":"Mutual started"')) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`${name} exited (${code}): ${err.slice(-800)}`)));
  });
}
