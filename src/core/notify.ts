// Notices to people other than the one who typed a command (the credited person, a pair's mentee,
// the leads) never hold up the reply: they go to the outbox with the command, under a key made of
// the event, the template and the recipient (a retried event adds nothing), and the scheduler's
// workers send them after the reply, each in its recipient's language (src/core/outbox.ts).
import type { NoticeData, NoticeTemplate } from "./notices.ts";
import type { NewOutboxNotice } from "./ports.ts";
import type { Ports, Services } from "./services.ts";

export interface Notice<T extends NoticeTemplate> {
  /** Person ids; the actor's own is left out by the caller when it should be. */
  to: readonly string[];
  projectId: string;
  template: T;
  data: NoticeData<T>;
}

/** The outbox rows of a notice: one per recipient, keyed by the event, the template and the person. */
export function outboxRows<T extends NoticeTemplate>(eventId: string, notice: Notice<T>): NewOutboxNotice[] {
  return [...new Set(notice.to)].map((personId) => ({ dedupeKey: `${eventId}:${notice.template}:${personId}`, projectId: notice.projectId, personId, template: notice.template, data: notice.data }));
}

/** Puts the notices in the outbox (idempotently, keyed by `eventId`) and asks for them to be sent soon. */
export async function notify<T extends NoticeTemplate>(services: Ports<"outbox"> & Pick<Services, "clock" | "scheduler">, eventId: string, notice: Notice<T>): Promise<void> {
  const rows = outboxRows(eventId, notice);
  if (rows.length === 0) return;
  const ids = await services.store.outbox.enqueue(rows, services.clock.now());
  if (ids.length) services.scheduler.deliver(ids);
}
