// One writer per embedded database. PGlite is PostgreSQL compiled to WebAssembly inside one process:
// two processes opening the same directory each keep their own copy in memory and overwrite each
// other's files, so acknowledged writes are lost. A lock file beside the directory, created
// atomically with the holder's pid, keeps the second process out; it is stale once that pid is dead.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`Mutual's embedded database at ${dataDir} is in use by another Mutual process (pid ${pid}). Stop that process first, or set MUTUAL_DATA_DIR to another directory.`);
  }
}

export interface DataDirLock {
  path: string;
  release(): void;
}

/** Lock files this process holds: a lock naming our own pid but not held here is from a past life (a container's pid 1). */
const held = new Set<string>();
let exitHooked = false;

/** A lock-breaker left behind by a process that died mid-way is ignored after this long. */
const BREAKER_STALE_MS = 10_000;

export function lockPathFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const lockPath = lockPathFor(dataDir);
  // A first start in a directory that doesn't exist yet (MUTUAL_DATA_DIR=./new): the lock sits beside the database.
  mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 20; attempt++) {
    if (tryCreate(lockPath)) {
      // A process that exits without closing (a forced shutdown) still leaves no lock behind.
      if (!exitHooked) process.once("exit", releaseAll);
      exitHooked = true;
      held.add(lockPath);
      return { path: lockPath, release: () => release(lockPath) };
    }
    const holder = readPid(lockPath);
    if (holder !== undefined && (held.has(lockPath) || (holder !== process.pid && isAlive(holder)))) {
      throw new DataDirLockedError(path.resolve(dataDir), holder);
    }
    // Stale (dead pid, or unreadable): break it, one breaker at a time so two starters cannot both win.
    if (!breakStale(lockPath, holder)) await sleep(50);
  }
  throw new Error(`Could not take the lock ${lockPath}; remove it if no Mutual process is running.`);
}

function tryCreate(lockPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, "wx"); // O_CREAT | O_EXCL: exactly one process creates it
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readPid(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: a permission check only
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false; // EPERM: alive, someone else's
  }
  // After a reboot the pid may belong to an unrelated program: on Linux, a holder that is not Node is stale.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline === "" || cmdline.includes("node");
  } catch {
    return true; // no /proc (macOS) or not readable: trust the pid
  }
}

/** false when another process is breaking it right now (the caller waits and looks again). */
function breakStale(lockPath: string, stalePid: number | undefined): boolean {
  const breaker = `${lockPath}.break`;
  if (!tryCreate(breaker)) {
    try {
      if (Date.now() - statSync(breaker).mtimeMs > BREAKER_STALE_MS) unlinkSync(breaker);
    } catch {
      // gone meanwhile: the next attempt sees the new state
    }
    return false;
  }
  try {
    // Only the lock we judged stale: another process may have replaced it since.
    if (readPid(lockPath) === stalePid) unlinkSync(lockPath);
  } catch {
    // already removed
  } finally {
    unlinkSync(breaker);
  }
  return true;
}

function release(lockPath: string) {
  if (!held.delete(lockPath)) return;
  try {
    if (readPid(lockPath) === process.pid) unlinkSync(lockPath);
  } catch {
    // already gone
  }
}

function releaseAll() {
  for (const lockPath of [...held]) release(lockPath);
}
