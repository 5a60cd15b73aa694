// Waiting for a BullMQ job's result. Job.waitUntilFinished polls Redis inside an async promise
// executor, so a slow or lost Redis makes it reject nowhere: an unhandled rejection, which stops a
// Node process. This waits on the same QueueEvents notifications and handles every error.
import type { Job, Queue, QueueEvents } from "bullmq";

/** Resolves with the job's return value, or rejects with its failure or after `ttlMs`. */
export function finished(queue: Queue, queueEvents: QueueEvents, job: Job, ttlMs: number): Promise<unknown> {
  const id = job.id!;
  // Per-job events ("completed:<id>") are not in QueueEvents' typed listener map.
  const events = queueEvents as unknown as NodeJS.EventEmitter;
  return new Promise((resolve, reject) => {
    const completed = `completed:${id}`;
    const failed = `failed:${id}`;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      events.off(completed, onCompleted);
      events.off(failed, onFailed);
      outcome();
    };
    const onCompleted = ({ returnvalue }: { returnvalue: unknown }) => settle(() => resolve(returnvalue));
    const onFailed = ({ failedReason }: { failedReason: string }) => settle(() => reject(new Error(failedReason)));
    const timer = setTimeout(() => settle(() => reject(new Error(`job ${id} did not finish within ${ttlMs} ms`))), ttlMs);
    events.on(completed, onCompleted);
    events.on(failed, onFailed);
    // It may have finished before we listened: look once (a failed look leaves the events and the timer).
    queue
      .getJob(id)
      .then((now) => {
        if (now?.finishedOn === undefined) return;
        if (now.failedReason) onFailed({ failedReason: now.failedReason });
        else onCompleted({ returnvalue: now.returnvalue });
      })
      .catch(() => undefined);
  });
}
