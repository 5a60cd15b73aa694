// BullMQ, owned here: a queue per concern, workers, and the Job Schedulers reconciled from the
// database (the source of truth). Jobs carry ids only; everything else is read when they run.
import { Queue, QueueEvents, Worker, type ConnectionOptions, type Job } from "bullmq";
import type { JobScheduler, Logger } from "../core/ports.ts";

export const QUEUES = {
  /** Housekeeping and the smoke job that proves the loop. */
  maintenance: "maintenance",
  /** Occurrences of the schedules stored in the database. */
  schedules: "schedules",
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
 * recipients due in its window. DST and time zones stay out of Redis.
 */
export const repeatFor = (_spec: ScheduleSpec) => ({ pattern: "*/15 * * * *", tz: "UTC" });

export interface SchedulerOptions {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  /** false for a process that only serves chat (MUTUAL_ROLE=bot). */
  runWorkers: boolean;
  loadSchedules(): Promise<ScheduleSpec[]>;
  onScheduleTick(scheduleId: string, occurrence: Date): Promise<void>;
}

export class BullScheduler implements JobScheduler {
  private readonly connection: ConnectionOptions;
  private readonly maintenance: Queue;
  private readonly schedules: Queue;
  private readonly workers: Worker[] = [];
  private maintenanceEvents: QueueEvents | undefined;
  private schedulesEvents: QueueEvents | undefined;

  constructor(private readonly options: SchedulerOptions) {
    // maxRetriesPerRequest: null is what BullMQ requires of blocking worker connections.
    this.connection = { url: options.redisUrl, maxRetriesPerRequest: null };
    const common = { connection: this.connection, prefix: options.prefix };
    this.maintenance = new Queue(QUEUES.maintenance, { ...common, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } });
    this.schedules = new Queue(QUEUES.schedules, { ...common, defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff: { type: "exponential", delay: 5000 } } });
  }

  async start(): Promise<void> {
    if (this.options.runWorkers) {
      const common = { connection: this.connection, prefix: this.options.prefix };
      this.workers.push(
        new Worker(QUEUES.maintenance, async (job: Job) => this.runMaintenance(job), { ...common, concurrency: 4 }),
        new Worker(
          QUEUES.schedules,
          // A job scheduler's tick is at its planned time (prevMillis); a tick queued by runTick says when.
          async (job: Job<{ scheduleId: string; at?: number }>) => this.options.onScheduleTick(job.data.scheduleId, new Date(job.data.at ?? job.opts.prevMillis ?? job.timestamp)),
          { ...common, concurrency: 8 },
        ),
      );
      for (const worker of this.workers) {
        worker.on("failed", (job, err) => this.options.logger.warn({ err, queue: worker.name, jobId: job?.id }, "job failed"));
        worker.on("error", (err) => this.options.logger.error({ err, queue: worker.name }, "worker error"));
      }
      await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    }
    await this.reconcile();
  }

  private async runMaintenance(job: Job): Promise<unknown> {
    if (job.name === "smoke") return { workerReceivedAt: Date.now() };
    throw new Error(`unknown maintenance job ${job.name}`);
  }

  async smoke(timeoutMs: number): Promise<{ ms: number }> {
    this.maintenanceEvents ??= new QueueEvents(QUEUES.maintenance, { connection: this.connection, prefix: this.options.prefix });
    await this.maintenanceEvents.waitUntilReady();
    const started = performance.now();
    const job = await this.maintenance.add("smoke", {});
    await job.waitUntilFinished(this.maintenanceEvents, timeoutMs);
    return { ms: Math.round(performance.now() - started) };
  }

  /**
   * Queues one tick of a schedule now (e.g. to catch up by hand, or in tests) and waits for a worker
   * to finish it. The job id is the (schedule, time) pair, so processes asking for the same tick
   * queue one job between them.
   */
  async runTick(scheduleId: string, at: Date, timeoutMs = 30_000): Promise<void> {
    this.schedulesEvents ??= new QueueEvents(QUEUES.schedules, { connection: this.connection, prefix: this.options.prefix });
    await this.schedulesEvents.waitUntilReady();
    const job = await this.schedules.add("tick", { scheduleId, at: at.getTime() }, { jobId: `tick:${scheduleId}:${at.getTime()}` });
    await job.waitUntilFinished(this.schedulesEvents, timeoutMs);
  }

  /** Makes Redis hold exactly one job scheduler per enabled schedule in the database. */
  async reconcile(): Promise<void> {
    const specs = await this.options.loadSchedules();
    const wanted = new Map(specs.map((s) => [schedulerId(s.id), s]));
    for (const [id, spec] of wanted) {
      await this.schedules.upsertJobScheduler(id, repeatFor(spec), { name: spec.kind, data: { scheduleId: spec.id } });
    }
    const existing = await this.schedules.getJobSchedulers(0, -1);
    for (const scheduler of existing) {
      if (scheduler.key && !wanted.has(scheduler.key)) await this.schedules.removeJobScheduler(scheduler.key);
    }
    this.options.logger.info({ schedules: wanted.size }, "job schedulers reconciled");
  }

  /** Job scheduler ids currently in Redis (for tests and diagnostics). */
  async scheduled(): Promise<Array<{ id: string; next: number | undefined }>> {
    const all = await this.schedules.getJobSchedulers(0, -1);
    return all.map((s) => ({ id: s.key, next: s.next }));
  }

  /** Stops taking jobs, lets running ones finish, then closes every connection. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.maintenanceEvents?.close();
    await this.schedulesEvents?.close();
    await Promise.all([this.maintenance.close(), this.schedules.close()]);
  }
}
