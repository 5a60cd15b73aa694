// The embedded scheduler: what runs the schedules when REDIS_URL is unset (the default, one process).
// Every enabled schedule ticks each quarter hour (UTC), exactly like BullMQ's job schedulers, through
// the same Dispatcher; its claims under unique (schedule, person, occurrence) keys make every tick
// safe to run twice, so the loop can be simple.
//
// Catch-up: the last quarter hour ticked is recorded in the database (SchedulerState). After a
// restart the quarter hours missed since then are ticked once, oldest first, but at most
// CATCH_UP_MS back: a prompt hours late is worse than none, and each tick already delivers what
// fell due in the hour before it (dispatch.ts CATCH_UP_MS). A tick that fails is logged, not
// retried: the next four ticks cover its window.
import { EventEmitter } from "node:events";
import { UnavailableError } from "../core/errors.ts";
import type { Logger } from "../core/ports.ts";
import { WorkQueue } from "../work-queue.ts";
import { QUARTER_HOUR_MS, reasonOf, schedulerId, settlesWithin, SWEEP_EVERY_MS, withTimeout, type QueueDepth, type Scheduler, type ScheduleSpec, type SchedulerCommon } from "./common.ts";

/** How far back a restart catches up (12 quarter hours). */
export const CATCH_UP_MS = 3 * 3600_000;
/** Notices asked for within this long are claimed and sent together. */
const DELIVER_BATCH_MS = 20;
/** Ticks running at once: a big fan-out must not hold up the others (or ping) for long. */
const CONCURRENCY = 4;
const RECONCILE_WAIT_MS = 1_500;
const CLOSE_WAIT_MS = 5_000;

export interface EmbeddedOptions extends SchedulerCommon {
  logger: Logger;
  /** The last quarter hour ticked, as recorded (undefined before the first start). */
  lastTick(): Promise<Date | undefined>;
  recordTick(at: Date): Promise<void>;
  catchUpMs?: number;
  /** Tests: the scheduler's own "now" (epoch ms). */
  now?: () => number;
}

type Job = () => Promise<void>;

export class EmbeddedScheduler implements Scheduler {
  readonly kind = "embedded";
  readonly events = new EventEmitter();
  private specs: ScheduleSpec[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly queue = new WorkQueue({ concurrency: CONCURRENCY });
  /** The latest quarter hour whose ticks were queued. */
  private lastQuarter = 0;
  private closing = false;
  private readonly period: number;
  private readonly now: () => number;
  private reloadFailing = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly delivering = new Set<Promise<void>>();
  private readonly batch = new Set<string>();
  private batchTimer: NodeJS.Timeout | undefined;
  private releaseBatch: (() => void) | undefined;
  /** Resolves with the number of quarter hours caught up after start() (tests, diagnostics). */
  caughtUp: Promise<number> = Promise.resolve(0);

  constructor(private readonly options: EmbeddedOptions) {
    this.period = options.tickEveryMs ?? QUARTER_HOUR_MS;
    this.now = options.now ?? Date.now;
  }

  private floor(t: number) {
    return Math.floor(t / this.period) * this.period;
  }

  async start(): Promise<void> {
    this.specs = await this.options.loadSchedules();
    const current = this.floor(this.now());
    const recorded = (await this.options.lastTick())?.getTime();
    if (recorded === undefined) {
      // A first start has nothing to catch up; from now on a restart knows where it stopped.
      await this.options.recordTick(new Date(current));
      this.lastQuarter = current;
    } else {
      this.lastQuarter = recorded;
    }
    const missed = this.dueQuarters();
    if (missed.length) this.options.logger.info({ quarters: missed.length, from: new Date(missed[0]!).toISOString() }, "catching up on missed schedule ticks");
    // In the background: start-up does not wait for hours of ticks.
    this.caughtUp = this.tickQuarters(missed).then(() => {
      this.events.emit("caught-up", { quarters: missed.length });
      return missed.length;
    });
    this.arm();
    this.sweepTimer = setInterval(() => this.deliver([]), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  /**
   * Outbox notices go ahead of ticks: a person is waiting for them, a fan-out is not. Notices asked
   * for within DELIVER_BATCH_MS go out together (one claim for many when people are busy). Never throws.
   */
  deliver(noticeIds: readonly string[]): void {
    if (this.closing) return; // still in the outbox: the next start's sweep sends them
    if (noticeIds.length === 0) return void this.track(this.sendNotices([]));
    for (const id of noticeIds) this.batch.add(id);
    if (this.batchTimer) return;
    const waiting = new Promise<void>((resolve) => (this.releaseBatch = resolve));
    this.track(waiting);
    this.batchTimer = setTimeout(() => {
      const ids = [...this.batch];
      this.batch.clear();
      this.batchTimer = undefined;
      this.track(this.sendNotices(ids));
      this.releaseBatch?.();
    }, DELIVER_BATCH_MS);
  }

  private sendNotices(ids: readonly string[]): Promise<void> {
    return this.enqueue(() => this.options.onDeliver(ids), true).catch((e: unknown) =>
      this.options.logger.warn({ reason: reasonOf(e instanceof UnavailableError ? e.cause : e), notices: ids.length }, "notices not sent now; the sweep retries them"),
    );
  }

  private track(done: Promise<void>): void {
    this.delivering.add(done);
    void done.finally(() => this.delivering.delete(done));
  }

  async settle(): Promise<void> {
    while (this.delivering.size) await Promise.allSettled([...this.delivering]);
  }

  /** Quarter hours after the last one ticked, up to now, at most catchUpMs back; marks them taken. */
  private dueQuarters(): number[] {
    const current = this.floor(this.now());
    const earliest = this.floor(current - (this.options.catchUpMs ?? CATCH_UP_MS));
    const quarters: number[] = [];
    for (let q = Math.max(this.lastQuarter + this.period, earliest); q <= current; q += this.period) quarters.push(q);
    this.lastQuarter = Math.max(this.lastQuarter, current);
    return quarters;
  }

  private arm() {
    if (this.closing) return;
    const now = this.now();
    this.timer = setTimeout(() => void this.onTimer(), this.floor(now) + this.period - now);
    this.timer.unref(); // the adapters keep the process alive, not the scheduler
  }

  private async onTimer() {
    await this.reload();
    // Usually one quarter hour; more after the machine slept.
    void this.tickQuarters(this.dueQuarters());
    this.arm();
  }

  /** Every schedule's tick at each quarter, oldest first; each quarter is recorded once its ticks ran. */
  private async tickQuarters(quarters: number[]): Promise<void> {
    const all = quarters.map(async (q) => {
      const at = new Date(q);
      await Promise.allSettled(this.specs.map((s) => this.enqueue(() => this.tick(s.id, at))));
      if (this.closing) return; // unfinished: the next start catches this quarter up
      await this.options.recordTick(at).catch((e: unknown) => this.options.logger.warn({ reason: reasonOf(e) }, "could not record the scheduler's last tick"));
    });
    await Promise.all(all);
  }

  private async tick(scheduleId: string, occurrence: Date) {
    try {
      await this.options.onScheduleTick(scheduleId, occurrence);
      this.events.emit("tick", { scheduleId, occurrence });
    } catch (e) {
      // An unreachable database was already logged once by the store's watch; a bug gets its stack.
      if (e instanceof UnavailableError) this.options.logger.debug({ scheduleId, occurrence, reason: reasonOf(e.cause) }, "schedule tick failed; the next ticks cover its window");
      else this.options.logger.warn({ scheduleId, occurrence, err: e }, "schedule tick failed; the next ticks cover its window");
      throw e;
    }
  }

  /** Runs job on the loop (CONCURRENCY at a time, in order; `first` jumps the line); resolves or rejects with it. */
  private enqueue(job: Job, first = false): Promise<void> {
    if (this.closing) return Promise.reject(new UnavailableError("scheduler"));
    return this.queue.run(job, first);
  }

  /** A round trip through the loop: proves it is turning (ahead of a catch-up's backlog). */
  async smoke(timeoutMs: number): Promise<{ ms: number }> {
    const started = performance.now();
    await withTimeout(this.enqueue(async () => undefined, true), timeoutMs, "smoke job");
    return { ms: Math.round(performance.now() - started) };
  }

  async runTick(scheduleId: string, at: Date, timeoutMs = 30_000): Promise<void> {
    await withTimeout(this.enqueue(() => this.tick(scheduleId, at)), timeoutMs, "tick");
  }

  /** Re-reads the enabled schedules (after a change); the database is the only state there is. */
  async reconcile(): Promise<void> {
    await settlesWithin(this.reload(), RECONCILE_WAIT_MS);
  }

  private async reload() {
    try {
      this.specs = await this.options.loadSchedules();
      if (this.reloadFailing) this.options.logger.info({ schedules: this.specs.length }, "schedules reloaded");
      this.reloadFailing = false;
      this.events.emit("reconciled", { schedules: this.specs.length });
    } catch (e) {
      // The last list keeps ticking; the next quarter hour reads again.
      if (!this.reloadFailing) this.options.logger.warn({ reason: reasonOf(e instanceof UnavailableError ? e.cause : e) }, "could not read the schedules; keeping the last list");
      this.reloadFailing = true;
    }
  }

  async scheduled(): Promise<Array<{ id: string; next: number | undefined }>> {
    const next = this.floor(this.now()) + this.period;
    return this.specs.map((s) => ({ id: schedulerId(s.id), next }));
  }

  async check(): Promise<string | undefined> {
    return this.closing ? "the scheduler is stopping" : undefined;
  }

  async depths(): Promise<QueueDepth[]> {
    return [
      { queue: "embedded", state: "waiting", count: this.queue.size },
      { queue: "embedded", state: "active", count: this.queue.active },
    ];
  }

  /** Drops ticks not yet started (a restart catches them up) and lets running ones finish, within bounds. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    clearInterval(this.sweepTimer);
    clearTimeout(this.batchTimer); // the batch stays in the outbox: the next start's sweep sends it
    this.releaseBatch?.();
    await settlesWithin(this.queue.close(new UnavailableError("scheduler")), CLOSE_WAIT_MS);
  }
}
