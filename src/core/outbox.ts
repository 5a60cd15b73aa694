// Sends what the outbox holds: the notices named (their job), or in a sweep those whose job never
// came or whose sender died. Claimed before sending, so each goes out once; a failed send stays
// pending for the next sweep, up to MAX_ATTEMPTS.
import { CLAIM_LEASE_MS, inBatches, MAX_ATTEMPTS, SEND_CONCURRENCY } from "./delivery.ts";
import { translator } from "./i18n/index.ts";
import { wordNotice } from "./notices.ts";
import { noMetrics } from "./ports.ts";
import type { ServicesWith } from "./services.ts";

export async function deliverNotices(services: ServicesWith<"outbox">, ids: readonly string[]): Promise<{ sent: number; failed: number }> {
  const { store, chat, clock, logger } = services;
  const claimed = await store.outbox.claim(ids, clock.now(), CLAIM_LEASE_MS, MAX_ATTEMPTS);
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const { ok, failed } = await inBatches(claimed, SEND_CONCURRENCY, async (n) => {
    const t = translator(n.to.language);
    const message = wordNotice(t, n.template, n.data);
    if (!message) throw new Error(`unknown notice template "${n.template}"`);
    await chat.send(n.to, { ...message, language: t.lang });
  });
  await store.outbox.markSent(ok.map((n) => n.id), clock.now());
  const metrics = services.metrics ?? noMetrics;
  if (ok.length) metrics.delivery("notice", "sent", ok.length);
  if (failed.length) {
    metrics.delivery("notice", "failed", failed.length);
    logger.warn({ failed: failed.length, templates: [...new Set(failed.map((n) => n.template))] }, "notices failed; the next sweep retries them");
    await store.outbox.markFailed(failed.map((n) => n.id), MAX_ATTEMPTS);
  }
  return { sent: ok.length, failed: failed.length };
}
