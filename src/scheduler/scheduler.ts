// BullMQ, owned here: a queue per concern, workers, and the Job Schedulers reconciled from the
// database (the source of truth). Jobs carry ids only; everything else is read when they run.
//
// Redis may go away and come back (restarted, emptied, failed over). Then nothing waits on it for
// long: the producer connection fails fast instead of queueing commands offline, commands that
// need Redis say it is unreachable, a schedule change is saved in the database and reconciled when
// Redis is back, and the job schedulers are rebuilt from the database on every reconnect and every
// few minutes. The outage is logged once when it starts and once when it ends.
import { EventEmitter } from "node:events";
import { Queue, QueueEvents, Worker, type ConnectionOptions, type Job } from "bullmq";
import { Redis } from "ioredis";
import { UnavailableError } from "../core/errors.ts";
import type { Logger } from "../core/ports.ts";
import { QUEUES, reasonOf, schedulerId, settlesWithin, SWEEP_EVERY_MS, TICK_PATTERN, withTimeout, type QueueDepth, type Scheduler, type ScheduleSpec, type SchedulerCommon } from "./common.ts";
import { finished } from "./jobs.ts";
import { redactUrl } from "./redis.ts";

export { QUEUES, schedulerId, type ScheduleSpec } from "./common.ts";

export const repeatFor = (_spec: ScheduleSpec, everyMs?: number) => (everyMs ? { every: everyMs } : { pattern: TICK_PATTERN, tz: "UTC" });

/** The maintenance queue's job scheduler that sweeps the outbox. */
const OUTBOX_SWEEP = "outbox:sweep";

/** A Redis command on the producer connection gives up after this long (a black-holed Redis never answers). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** A command waits this long for the reconcile after its schedule change; the rest goes on in the background. */
export const RECONCILE_WAIT_MS = 1_500;
/** close(): running jobs get this long to finish, the other connections CLOSE_STEP_MS; then they are cut (main's deadline is 10 s). */
const CLOSE_WORKERS_MS = 4_000;
const CLOSE_STEP_MS = 2_000;
/** Reconnect within 2 s of Redis coming back (BullMQ's own default backs off to 20 s). */
export const retryStrategy = (times: number) => Math.min(250 * times, 2_000);

export interface SchedulerOptions extends SchedulerCommon {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  /** false for a process that only serves chat (MUTUAL_ROLE=bot). */
  runWorkers: boolean;
  /** Also reconcile this often, besides after changes and on reconnect: repairs an emptied Redis. */
  reconcileIntervalMs: number;
}

/** ioredis and BullMQ report a lost connection in these words; anything else is worth a warning. */
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|Connection is closed|Stream isn't writeable|enableOfflineQueue|Command timed out|max retries|Socket closed/i;
const isConnectionError = (e: unknown) => CONNECTION_ERROR.test(`${(e as { code?: string })?.code ?? ""} ${(e as Error)?.message ?? ""}`);

export class BullScheduler implements Scheduler {
  readonly kind = "bullmq";
  readonly events = new EventEmitter();
  /** The producers' connection, shared by both queues: fails fast while Redis is down. */
  private readonly redis: Redis;
  /** Workers and queue events block on Redis; BullMQ requires maxRetriesPerRequest: null for them. */
  private readonly blockingConnection: ConnectionOptions;
  private readonly maintenance: Queue;
  private readonly schedules: Queue;
  private readonly workers: Worker[] = [];
  private maintenanceEvents: QueueEvents | undefined;
  private schedulesEvents: QueueEvents | undefined;
  private state: "starting" | "up" | "down" = "starting";
  private reconcileTimer: NodeJS.Timeout | undefined;
  /** Reconciles run one at a time; requests while one is waiting share it. */
  private reconcileTail: Promise<void> = Promise.resolve();
  private reconcileQueued: Promise<void> | undefined;
  private reconcileFailing = false;
  private closing = false;
  private readonly delivering = new Set<Promise<void>>();

  constructor(private readonly options: SchedulerOptions) {
    const redis = new Redis(options.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: 5_000,
      retryStrategy,
    });
    this.redis = redis;
    // Without these listeners ioredis and BullMQ print every reconnect attempt's stack trace to stderr.
    redis.on("error", (e: Error) => this.wentDown(reasonOf(e)));
    redis.on("close", () => this.wentDown("connection closed"));
    redis.on("ready", () => this.cameUp());
    this.blockingConnection = { url: options.redisUrl, maxRetriesPerRequest: null, connectTimeout: 5_000, retryStrategy };
    const common = { connection: redis, prefix: options.prefix };
    this.maintenance = new Queue(QUEUES.maintenance, { ...common, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } });
    this.schedules = new Queue(QUEUES.schedules, { ...common, defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff: { type: "exponential", delay: 5000 } } });
    for (const queue of [this.maintenance, this.schedules]) {
      queue.on("error", (e) => this.quiet(e, { queue: queue.name }, "queue error"));
      // Each notice batch followed to its end (settle) listens once: a burst of kudos means hundreds, not a leak.
      queue.setMaxListeners(10_000);
    }
  }

  async start(): Promise<void> {
    const common = { connection: this.blockingConnection, prefix: this.options.prefix };
    if (this.options.runWorkers) {
      this.workers.push(
        new Worker(QUEUES.maintenance, async (job: Job) => this.runMaintenance(job), { ...common, concurrency: 4 }),
        new Worker(
          QUEUES.schedules,
          // A job scheduler's tick is at its planned time (prevMillis); a tick queued by runTick says when.
          async (job: Job<{ scheduleId: string; at?: number }>) => {
            const occurrence = new Date(job.data.at ?? job.opts.prevMillis ?? job.timestamp);
            await this.options.onScheduleTick(job.data.scheduleId, occurrence);
            this.events.emit("tick", { scheduleId: job.data.scheduleId, occurrence });
          },
          { ...common, concurrency: 8 },
        ),
      );
      for (const worker of this.workers) {
        worker.on("failed", (job, err) => {
          // An unreachable database was already logged once by the store's watch; BullMQ retries the job.
          if (err instanceof UnavailableError) this.options.logger.debug({ queue: worker.name, jobId: job?.id, reason: reasonOf(err.cause) }, "job failed");
          else this.options.logger.warn({ err, queue: worker.name, jobId: job?.id }, "job failed");
        });
        worker.on("error", (err) => this.quiet(err, { queue: worker.name }, "worker error"));
      }
      await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    }
    // Listening for finished jobs (ping, runTick) from the start: a first ping during an outage must not wait to connect.
    this.maintenanceEvents = new QueueEvents(QUEUES.maintenance, common);
    this.maintenanceEvents.on("error", (e) => this.quiet(e, { queue: QUEUES.maintenance }, "queue events error"));
    this.maintenanceEvents.setMaxListeners(10_000);
    await this.maintenanceEvents.waitUntilReady();
    await this.reconcileNow(true);
    this.reconcileTimer = setInterval(() => void this.requestReconcile(), this.options.reconcileIntervalMs);
    this.reconcileTimer.unref();
  }

  /** Connection errors are expected while Redis is down (the state change is logged once); others are not. */
  private quiet(e: unknown, fields: object, msg: string) {
    if (isConnectionError(e)) this.options.logger.debug({ ...fields, reason: reasonOf(e) }, msg);
    else this.options.logger.warn({ ...fields, err: e }, msg);
  }

  private wentDown(reason: string) {
    if (this.closing || this.state !== "up") return;
    this.state = "down";
    this.options.logger.warn(
      { redis: redactUrl(this.options.redisUrl), reason },
      "Redis is unreachable: commands that need the scheduler say so, schedule changes are kept in the database, and job schedulers are restored when it is back",
    );
    this.events.emit("down", { reason });
  }

  private cameUp() {
    if (this.closing) return;
    const was = this.state;
    this.state = "up";
    if (was !== "down") return;
    this.options.logger.info({ redis: redactUrl(this.options.redisUrl) }, "Redis is reachable again; reconciling job schedulers");
    this.events.emit("up");
    void this.requestReconcile();
  }

  private async runMaintenance(job: Job): Promise<unknown> {
    if (job.name === "smoke") return { workerReceivedAt: Date.now() };
    if (job.name === "deliver") return this.options.onDeliver((job.data as { ids: string[] }).ids);
    if (job.name === "sweep") return this.options.onDeliver([]);
    throw new Error(`unknown maintenance job ${job.name}`);
  }

  /** A job per batch of notices, retried by BullMQ; when Redis is down, the sweep sends them later. Never throws. */
  deliver(noticeIds: readonly string[]): void {
    if (this.closing || this.unavailable()) return;
    const done = this.maintenance
      .add("deliver", { ids: noticeIds }, { attempts: 5, backoff: { type: "exponential", delay: 2_000 }, removeOnComplete: 1_000, removeOnFail: 5_000 })
      // Followed until a worker (maybe in another process) has sent them: settle() waits on this.
      .then((job) => finished(this.maintenance, this.maintenanceEvents!, job, 30_000))
      .then(() => undefined)
      .catch((e: unknown) => this.quiet(e, { notices: noticeIds.length }, "notices not delivered now; the sweep sends them"));
    this.delivering.add(done);
    void done.finally(() => this.delivering.delete(done));
  }

  /** Tests: waits until the notices this process queued have been delivered by a worker. */
  async settle(): Promise<void> {
    while (this.delivering.size) await Promise.allSettled([...this.delivering]);
  }

  private unavailable(): UnavailableError | undefined {
    return this.redis.status === "ready" ? undefined : new UnavailableError("scheduler");
  }

  async smoke(timeoutMs: number): Promise<{ ms: number }> {
    const down = this.unavailable();
    if (down) throw down;
    const started = performance.now();
    try {
      await withTimeout(
        (async () => {
          const job = await this.maintenance.add("smoke", {});
          await finished(this.maintenance, this.maintenanceEvents!, job, timeoutMs);
        })(),
        timeoutMs,
        "smoke job",
      );
    } catch (e) {
      // Redis went away during the round trip: say so, rather than "no worker answered".
      throw this.unavailable() ?? (isConnectionError(e) ? new UnavailableError("scheduler", { cause: e }) : e);
    }
    return { ms: Math.round(performance.now() - started) };
  }

  /**
   * Queues one tick of a schedule now (e.g. to catch up by hand, or in tests) and waits for a worker
   * to finish it. The job id is the (schedule, time) pair, so processes asking for the same tick
   * queue one job between them.
   */
  async runTick(scheduleId: string, at: Date, timeoutMs = 30_000): Promise<void> {
    if (!this.schedulesEvents) {
      this.schedulesEvents = new QueueEvents(QUEUES.schedules, { connection: this.blockingConnection, prefix: this.options.prefix });
      this.schedulesEvents.on("error", (e) => this.quiet(e, { queue: QUEUES.schedules }, "queue events error"));
    }
    await this.schedulesEvents.waitUntilReady();
    const job = await this.schedules.add("tick", { scheduleId, at: at.getTime() }, { jobId: `tick:${scheduleId}:${at.getTime()}` });
    await finished(this.schedules, this.schedulesEvents, job, timeoutMs);
  }

  /** After a schedule change: waits briefly, never fails the caller (see JobScheduler.reconcile). */
  async reconcile(): Promise<void> {
    await settlesWithin(this.requestReconcile(), RECONCILE_WAIT_MS);
  }

  /** Queues a reconcile after the running one (requests made meanwhile share it); failures are logged. */
  private requestReconcile(): Promise<void> {
    if (this.closing) return Promise.resolve();
    this.reconcileQueued ??= this.reconcileTail.then(() => {
      this.reconcileQueued = undefined;
      return this.reconcileNow(false);
    });
    this.reconcileTail = this.reconcileQueued;
    return this.reconcileQueued;
  }

  /** Makes Redis hold exactly one job scheduler per enabled schedule in the database. */
  private async reconcileNow(throwing: boolean): Promise<void> {
    try {
      if (!throwing && this.unavailable()) throw new Error("Redis is unreachable");
      const specs = await this.options.loadSchedules();
      const wanted = new Map(specs.map((s) => [schedulerId(s.id), s]));
      const existing = await this.schedules.getJobSchedulers(0, -1);
      const present = new Set(existing.map((s) => s.key));
      // Only missing ones are written: an existing job scheduler keeps its next run as it is.
      let restored = 0;
      for (const [id, spec] of wanted) {
        if (present.has(id)) continue;
        await this.schedules.upsertJobScheduler(id, repeatFor(spec, this.options.tickEveryMs), { name: spec.kind, data: { scheduleId: spec.id } });
        restored++;
      }
      for (const scheduler of existing) {
        if (scheduler.key && !wanted.has(scheduler.key)) await this.schedules.removeJobScheduler(scheduler.key);
      }
      // The outbox sweep, restored like the schedules when Redis was emptied.
      await this.maintenance.upsertJobScheduler(OUTBOX_SWEEP, { every: SWEEP_EVERY_MS }, { name: "sweep", opts: { removeOnComplete: 10, removeOnFail: 100 } });
      if (this.reconcileFailing || restored > 0 || throwing) this.options.logger.info({ schedules: wanted.size, added: restored }, "job schedulers reconciled");
      this.reconcileFailing = false;
      this.events.emit("reconciled", { schedules: wanted.size, added: restored });
    } catch (e) {
      if (throwing) throw e;
      // Logged once per failing stretch; the next reconnect or interval tries again.
      if (!this.reconcileFailing) this.options.logger.warn({ reason: reasonOf(e) }, "job schedulers not reconciled; retrying when the scheduler is reachable");
      this.reconcileFailing = true;
    }
  }

  /** Job scheduler ids currently in Redis (for tests and diagnostics). */
  async scheduled(): Promise<Array<{ id: string; next: number | undefined }>> {
    const all = await this.schedules.getJobSchedulers(0, -1);
    return all.map((s) => ({ id: s.key, next: s.next }));
  }

  async check(): Promise<string | undefined> {
    if (this.unavailable()) return `Redis at ${redactUrl(this.options.redisUrl)} is unreachable`;
    try {
      await this.redis.ping(); // bounded by commandTimeout
      return undefined;
    } catch (e) {
      return `Redis at ${redactUrl(this.options.redisUrl)} did not answer (${reasonOf(e)})`;
    }
  }

  async depths(): Promise<QueueDepth[]> {
    if (this.unavailable()) return [];
    const out: QueueDepth[] = [];
    for (const queue of [this.maintenance, this.schedules]) {
      const counts = await queue.getJobCounts("waiting", "delayed", "active");
      for (const [state, count] of Object.entries(counts)) out.push({ queue: queue.name, state, count });
    }
    return out;
  }

  /**
   * Stops taking jobs, lets running ones finish, then closes every connection. Each step is bounded,
   * and connections are cut when Redis does not answer, so shutdown never hangs on an outage.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.reconcileTimer);
    const everything = [...this.workers, this.maintenanceEvents, this.schedulesEvents, this.maintenance, this.schedules];
    const cut = async () => {
      // disconnect() itself may wait for a connection that never comes: bounded too.
      await settlesWithin(Promise.allSettled(everything.map((c) => c?.disconnect())), 1_000);
      this.redis.disconnect();
    };
    // Nothing can finish without Redis (a job's completion is written there): cut the connections.
    if (this.state === "down") return cut();
    const workersClosed = Promise.all(this.workers.map((w) => w.close()));
    if (!(await settlesWithin(workersClosed, CLOSE_WORKERS_MS))) return cut();
    const rest = Promise.all([this.maintenanceEvents?.close(), this.schedulesEvents?.close(), this.maintenance.close(), this.schedules.close()]);
    if (!(await settlesWithin(rest, CLOSE_STEP_MS))) return cut();
    // The shared connection is ours, not BullMQ's; disconnect also stops its reconnect attempts.
    await settlesWithin(this.redis.quit(), 1_000);
    this.redis.disconnect();
  }
}
