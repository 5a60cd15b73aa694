// What the app needs of a scheduler, whichever runs the ticks: BullMQ on Redis (REDIS_URL set) or
// the embedded in-process loop (the default, one process). The core sees only its JobScheduler part.
import type { EventEmitter } from "node:events";
import type { JobScheduler } from "../core/ports.ts";

export const QUEUES = {
  /** Housekeeping and the smoke job that proves the loop. */
  maintenance: "maintenance",
  /** Occurrences of the schedules stored in the database. */
  schedules: "schedules",
  /** Chat commands handed from bot processes to workers (MUTUAL_COMMANDS=queue). */
  commands: "commands",
} as const;

export interface ScheduleSpec {
  id: string;
  kind: string;
}

/** Job scheduler id of a database schedule: the mapping reconcile relies on. */
export const schedulerId = (scheduleId: string) => `schedule:${scheduleId}`;

/**
 * Every schedule ticks each quarter hour (UTC): each recipient's local delivery time falls on a
 * quarter hour in every real time zone (Asia/Kathmandu is UTC+5:45), so the tick handler finds the
 * recipients due in its window. DST and time zones stay out of the scheduler.
 */
export const TICK_PATTERN = "*/15 * * * *";
export const QUARTER_HOUR_MS = 15 * 60_000;

/** How often the outbox is swept for notices whose job was lost (a restart, an emptied Redis). */
export const SWEEP_EVERY_MS = 60_000;

/** How often schedulers are reconciled from the database besides on changes (and on reconnect). */
export const DEFAULT_RECONCILE_INTERVAL_MS = 5 * 60_000;

export interface QueueDepth {
  queue: string;
  state: string;
  count: number;
}

export interface SchedulerCommon {
  /** Reads the enabled schedules from the database (the source of truth). */
  loadSchedules(): Promise<ScheduleSpec[]>;
  /** Runs one tick of one schedule at its planned time. */
  onScheduleTick(scheduleId: string, occurrence: Date): Promise<void>;
  /** Sends these outbox notices; none: the sweep (notices whose job never came or whose sender died). */
  onDeliver(noticeIds: readonly string[]): Promise<void>;
  /** Tests only: tick every n ms instead of each quarter hour. */
  tickEveryMs?: number;
}

/**
 * Events (on `events`): "reconciled" {schedules}, "down" {reason}, "up", "tick" {scheduleId, occurrence},
 * and for the embedded scheduler "caught-up" {quarters}. Tests wait on them instead of sleeping.
 */
export interface Scheduler extends JobScheduler {
  readonly kind: "bullmq" | "embedded";
  readonly events: EventEmitter;
  start(): Promise<void>;
  /** Resolves once the notices this process asked to deliver have been handled (tests, shutdown). */
  settle(): Promise<void>;
  /** Runs one tick of a schedule now (catching up by hand, tests) and waits for it. */
  runTick(scheduleId: string, at: Date, timeoutMs?: number): Promise<void>;
  /** The job schedulers the scheduler holds (tests, diagnostics). */
  scheduled(): Promise<Array<{ id: string; next: number | undefined }>>;
  /** undefined when the scheduler can take work now; otherwise why not (for /readyz). */
  check(): Promise<string | undefined>;
  /** Jobs waiting, delayed and running (for /metrics). */
  depths(): Promise<QueueDepth[]>;
  /** Stops within a bounded time, even when Redis is unreachable. */
  close(): Promise<void>;
}

export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
}

/** Rejects with a TimeoutError when `work` has not settled after `ms` (the work itself goes on). */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Waits for `work` at most `ms`; true when it settled in time (a rejection counts as settled). */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  try {
    await withTimeout(work, ms, "work");
    return true;
  } catch (e) {
    return !(e instanceof TimeoutError);
  }
}

/** One line for a log field: the last line of an error's message (Prisma's first lines are a code frame), else its code. */
export const reasonOf = (e: unknown): string => {
  const err = e as { code?: unknown; message?: unknown } | undefined;
  const line = String(err?.message ?? "").split("\n").map((l) => l.trim()).filter(Boolean).at(-1);
  return (line ?? (typeof err?.code === "string" ? err.code : String(e))).slice(0, 200);
};
