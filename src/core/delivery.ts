// The path every message Mutual starts itself takes: claim a row under a unique dedupe key, send
// what this call claimed, record the outcome. Prompts (reflection/dispatch.ts) and notices
// (check-in reminders, overdue flags, survey invitations) share the constants and the batching.
import type { OutgoingMessage } from "./message.ts";
import { noMetrics, type NewNotice, type PersonRef } from "./ports.ts";
import type { Services, ServicesWith } from "./services.ts";

/** A claim older than this belongs to a sender that died. */
export const CLAIM_LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 3;
/** Direct messages in flight at once per tick (platform adapters add their own rate limiting). */
export const SEND_CONCURRENCY = 16;

/**
 * Which sends are due a reminder now: those sent in [now − hours − 24 h, now − hours). Older ones have
 * had their moment; a person unreachable all that day (paused, quiet hours) is not reminded.
 */
export function reminderWindow(now: Date, hours: number): { from: Date; to: Date } {
  const to = new Date(now.getTime() - hours * 3600_000);
  return { from: new Date(to.getTime() - 24 * 3600_000), to };
}

/** Runs `fn` over `items`, `limit` at a time; returns which succeeded. */
export async function inBatches<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<{ ok: T[]; failed: T[] }> {
  const ok: T[] = [];
  const failed: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
        ok.push(item);
      } catch {
        failed.push(item);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return { ok, failed };
}

export interface Outgoing {
  notice: NewNotice;
  to: PersonRef;
  message: OutgoingMessage;
}

/** Claims the notices, sends the ones this call claimed, and records which went out. */
export async function sendNotices(services: ServicesWith<"notices">, items: readonly Outgoing[]): Promise<{ sent: number; failed: number }> {
  if (items.length === 0) return { sent: 0, failed: 0 };
  const { store, chat, clock, logger } = services;
  const byKey = new Map(items.map((i) => [i.notice.dedupeKey, i]));
  const claimed = await store.notices.claim(items.map((i) => i.notice), clock.now(), CLAIM_LEASE_MS, MAX_ATTEMPTS);
  const { ok, failed } = await inBatches(claimed, SEND_CONCURRENCY, async (row) => {
    const item = byKey.get(row.dedupeKey)!;
    await chat.send(item.to, item.message);
  });
  await store.notices.markSent(ok.map((r) => r.id), clock.now());
  countByKind(services, ok, "sent");
  countByKind(services, failed, "failed");
  if (failed.length) {
    logger.warn({ failed: failed.length, kinds: [...new Set(failed.map((r) => r.kind))] }, "notices failed; a later tick retries them");
    await store.notices.markFailed(failed.map((r) => r.id), MAX_ATTEMPTS);
  }
  return { sent: ok.length, failed: failed.length };
}

function countByKind(services: Pick<Services, "metrics">, rows: ReadonlyArray<{ kind: string }>, outcome: "sent" | "failed") {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  for (const [kind, n] of counts) (services.metrics ?? noMetrics).delivery(kind, outcome, n);
}
