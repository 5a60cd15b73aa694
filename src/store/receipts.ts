import type { OutgoingMessage } from "../core/message.ts";
import type { Store } from "../core/ports.ts";
import type { Db } from "./database.ts";

export function receiptStore(db: Db): Store["receipts"] {
  return {
    async claim(key, now, staleAfterMs) {
      // INSERT … ON CONFLICT DO NOTHING decides the race in one statement; a stale PENDING
      // receipt (its process died) is taken over by bumping createdAt.
      const stale = new Date(now.getTime() - staleAfterMs);
      const inserted = await db.$executeRaw`
        INSERT INTO "CommandReceipt" ("idempotencyKey", status, "createdAt") VALUES (${key}, 'PENDING', ${now})
        ON CONFLICT ("idempotencyKey") DO UPDATE SET "createdAt" = EXCLUDED."createdAt"
        WHERE "CommandReceipt".status = 'PENDING' AND "CommandReceipt"."createdAt" < ${stale}`;
      if (inserted === 1) return { state: "claimed" };
      const existing = await db.commandReceipt.findUnique({ where: { idempotencyKey: key } });
      if (existing?.status === "DONE") return { state: "done", reply: existing.reply as unknown as OutgoingMessage[] };
      return { state: "busy" };
    },
    async complete(key, reply, now) {
      await db.commandReceipt.update({
        where: { idempotencyKey: key },
        data: { status: "DONE", reply: reply as never, completedAt: now },
      });
    },
    async release(key) {
      await db.commandReceipt.deleteMany({ where: { idempotencyKey: key, status: "PENDING" } });
    },
  };
}
