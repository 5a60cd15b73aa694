// Commands handed from chat processes to workers through BullMQ (MUTUAL_COMMANDS=queue): a deployment
// that outgrows one process adds workers. The bot acks and queues the event; a worker runs it through
// the core and returns the replies, which the bot delivers. The job id is the event's idempotency
// key, so a retried delivery joins the job already queued, and the core's receipts keep the effect
// exactly once even when a job runs twice (a worker lost mid-job).
import { Queue, QueueEvents, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { ExportFile } from "../core/credit/model.ts";
import { unavailableMessage } from "../core/errors.ts";
import type { ChatEvent } from "../core/events.ts";
import { translator } from "../core/i18n/index.ts";
import { failure, type OutgoingMessage } from "../core/message.ts";
import type { Outcome } from "../core/mutual.ts";
import type { Logger } from "../core/ports.ts";
import { QUEUES, reasonOf } from "./common.ts";
import { finished } from "./jobs.ts";
import { REDIS_COMMAND_TIMEOUT_MS, retryStrategy } from "./scheduler.ts";
import { exportBytes } from "../adapters/files.ts";

/** A command still unanswered after this long is reported unavailable (Slack and Discord have long moved on). */
export const COMMAND_RESULT_MS = 30_000;
/** Commands a worker process runs at once: database round trips overlap, the event loop stays free. */
export const COMMANDS_PER_WORKER = 4;
/** Commands a chat process may be waiting on at once (listeners on the queue's events). */
const WAITING_MAX = 10_000;

/** Replies as they travel through Redis: an export's file goes as its text. */
type WireMessage = Omit<OutgoingMessage, "files"> & { files?: Array<{ filename: string; mediaType: string; text: string }> };
interface WireOutcome {
  replies: WireMessage[];
  repeated: boolean;
}

async function toWire(outcome: Outcome): Promise<WireOutcome> {
  const replies = await Promise.all(
    outcome.replies.map(async ({ files, ...message }) => {
      if (!files?.length) return message;
      const texts = await Promise.all(files.map(async (f) => ({ filename: f.filename, mediaType: f.mediaType, text: (await exportBytes(f)).toString("utf8") })));
      return { ...message, files: texts };
    }),
  );
  return { replies, repeated: outcome.repeated };
}

const fromWire = (wire: WireOutcome): Outcome => ({
  repeated: wire.repeated,
  replies: wire.replies.map(({ files, ...message }) => ({
    ...message,
    ...(files && {
      files: files.map(
        (f): ExportFile => ({
          filename: f.filename,
          mediaType: f.mediaType,
          chunks: async function* () {
            yield f.text;
          },
        }),
      ),
    }),
  })),
});

export interface CommandQueueOptions {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  resultMs?: number;
}

export class CommandQueue {
  private readonly redis: Redis;
  private readonly queue: Queue;
  private events: QueueEvents | undefined;
  private worker: Worker | undefined;

  constructor(private readonly options: CommandQueueOptions) {
    // Fails fast while Redis is down: the person is told at once instead of waiting on a dead queue.
    this.redis = new Redis(options.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      retryStrategy,
    });
    this.redis.on("error", (e: Error) => options.logger.debug({ reason: reasonOf(e) }, "command queue connection error"));
    this.queue = new Queue(QUEUES.commands, {
      connection: this.redis,
      prefix: options.prefix,
      // A finished job is kept a little while: a retried delivery of the same event finds its answer.
      defaultJobOptions: { removeOnComplete: { age: 300 }, removeOnFail: { age: 3_600 } },
    });
    this.queue.on("error", (e) => options.logger.debug({ reason: reasonOf(e) }, "command queue error"));
    // Every command waiting for its answer listens here once: hundreds at a time are expected, not a leak.
    this.queue.setMaxListeners(WAITING_MAX);
  }

  private get blocking() {
    return { url: this.options.redisUrl, maxRetriesPerRequest: null, retryStrategy };
  }

  /** Chat side: listens for finished commands. */
  async startProducer(): Promise<void> {
    this.events = new QueueEvents(QUEUES.commands, { connection: this.blocking, prefix: this.options.prefix });
    this.events.on("error", (e) => this.options.logger.debug({ reason: reasonOf(e) }, "command queue events error"));
    this.events.setMaxListeners(WAITING_MAX);
    await this.events.waitUntilReady();
  }

  /** Worker side: runs queued commands through the core. */
  async startWorker(run: (event: ChatEvent) => Promise<Outcome>, concurrency = COMMANDS_PER_WORKER): Promise<void> {
    this.worker = new Worker(QUEUES.commands, async (job: Job<ChatEvent>) => toWire(await run(job.data)), {
      connection: this.blocking,
      prefix: this.options.prefix,
      concurrency,
    });
    this.worker.on("error", (e) => this.options.logger.debug({ reason: reasonOf(e) }, "command worker error"));
    this.worker.on("failed", (job, err) => this.options.logger.warn({ err, jobId: job?.id }, "command job failed"));
    await this.worker.waitUntilReady();
  }

  /**
   * Queues the event for a worker and waits for its replies: the same Outcome as running it here.
   * Without Redis or a worker, the person is told kindly that the scheduler is unreachable.
   */
  async process(event: ChatEvent): Promise<Outcome> {
    if (!this.events) throw new Error("CommandQueue.startProducer() must be called first");
    let jobId: string | undefined;
    try {
      const job = await this.queue.add("command", event, { jobId: event.id });
      jobId = job.id;
      return fromWire((await finished(this.queue, this.events, job, this.options.resultMs ?? COMMAND_RESULT_MS)) as WireOutcome);
    } catch (e) {
      this.options.logger.warn({ event: event.id, jobId, reason: reasonOf(e) }, "a queued command got no answer: Redis or the workers are unreachable");
      const t = translator(event.user.locale);
      return { replies: [{ ...failure(t.msg(unavailableMessage("scheduler"))), language: t.lang }], repeated: false };
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.worker?.close(), this.events?.close()]);
    await this.queue.close().catch(() => undefined);
    this.redis.disconnect();
  }
}
