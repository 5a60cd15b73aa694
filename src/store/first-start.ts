// A new embedded database is created (initdb) and migrated in a child process, which then exits.
// PGlite runs initdb in a second PostgreSQL instance of its own and copies the result in as a tarball;
// the WebAssembly memory that takes (and what the first migrations grow it to) is never given back
// while the process lives: a bot that did its first start in-process sat at ~3× the memory of every
// later start until restarted. A process's memory all goes when it exits (a worker thread's did not).
//
// Run by openDatabase only (the parent holds the data directory's lock): `node first-start.js <dataDir>`.
// Prints one line, `{"migrated":[…]}` or `{"error":"…","migration":true|false}`.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connectPGlite } from "./driver-pglite.ts";
import { migrate, MigrationError } from "./migrate.ts";

/** Creates and migrates a new embedded database in a child process; returns the migrations applied. */
export async function firstStart(dataDir: string): Promise<string[]> {
  const script = fileURLToPath(import.meta.url);
  // The same runtime and flags as this process (under tsx, its loader; built, plain node).
  const child = spawn(process.execPath, [...process.execArgv, script, dataDir], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const line = out.trim().split("\n").pop() ?? "";
  let result: { migrated?: string[]; error?: string; migration?: boolean } = {};
  try {
    result = JSON.parse(line) as typeof result;
  } catch {
    // no answer: said below
  }
  if (code === 0 && result.migrated) return result.migrated;
  if (result.error) throw result.migration ? new MigrationError(result.error) : new Error(`Creating the embedded database failed: ${result.error}`);
  throw new Error(`Creating the embedded database failed (exit code ${code}): ${err.trim() || out.trim()}`);
}

async function run(dataDir: string) {
  try {
    const connection = await connectPGlite(dataDir);
    try {
      process.stdout.write(`${JSON.stringify({ migrated: await migrate(connection) })}\n`);
    } finally {
      await connection.close();
    }
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ error: (e as Error).message, migration: e instanceof MigrationError })}\n`);
    process.exitCode = 1;
  }
}

// Only when run as the child, never when imported.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2]) await run(process.argv[2]);
