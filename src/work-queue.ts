// A bounded queue of work run a few at a time on this process's event loop. Work that runs all at
// once interleaves its CPU with everything else, so a burst of 200 commands starves the HTTP server
// that must acknowledge the next request (and answer /healthz). In a queue, a handful run while the
// rest wait their turn, and the loop stays free between their steps. Used by the chat adapters
// (ack first, then queue the work) and the embedded scheduler (ticks and notices).


export interface WorkQueueOptions {
  /** How many run at once: enough to overlap database round trips, few enough to keep the loop free. */
  concurrency: number;
  /** Waiting work beyond this is refused (`offer` returns false): memory stays bounded under a flood. */
  limit?: number;
}

export class WorkQueue {
  private readonly waiting: Array<{ start: () => Promise<void>; reject: (reason: unknown) => void }> = [];
  private readonly running = new Set<Promise<void>>();
  private closed: unknown;

  constructor(private readonly options: WorkQueueOptions) {}

  /** Waiting, not yet started. */
  get size(): number {
    return this.waiting.length;
  }

  /** Started, not yet finished. */
  get active(): number {
    return this.running.size;
  }

  /**
   * Queues work (`first`: ahead of everything waiting, for what a person is looking at); resolves or
   * rejects with it. Rejects with the close reason after close(), and when the queue is full.
   */
  run<T>(work: () => Promise<T>, first = false): Promise<T> {
    if (this.closed !== undefined) return Promise.reject(this.closed);
    if (this.options.limit !== undefined && this.waiting.length >= this.options.limit) return Promise.reject(new QueueFullError(this.options.limit));
    return new Promise<T>((resolve, reject) => {
      // Work that throws before its first await settles its caller too.
      const entry = { start: () => Promise.resolve().then(work).then(resolve, reject), reject };
      if (first) this.waiting.unshift(entry);
      else this.waiting.push(entry);
      this.pump();
    });
  }

  /** Resolves when nothing waits or runs (work queued meanwhile is waited for too). */
  async idle(): Promise<void> {
    while (this.running.size || this.waiting.length) await Promise.allSettled([...this.running]);
  }

  /** Refuses new work, rejects what waits with `reason`, and returns what is still running. */
  close(reason: unknown): Promise<unknown> {
    this.closed = reason;
    for (const { reject } of this.waiting.splice(0)) reject(reason);
    return Promise.allSettled([...this.running]);
  }

  private pump() {
    while (this.running.size < this.options.concurrency && this.waiting.length) {
      const { start } = this.waiting.shift()!;
      const run = start();
      this.running.add(run);
      void run.finally(() => {
        this.running.delete(run);
        this.pump();
      });
    }
  }
}

export class QueueFullError extends Error {
  override readonly name = "QueueFullError";
  constructor(limit: number) {
    super(`${limit} pieces of work are already waiting`);
  }
}
