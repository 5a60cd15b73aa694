// At-least-once in, exactly-once effect: one receipt per external event. Plain SQL: every command
// that writes claims and completes one, so this is the hottest path after resolving the person.
import type { OutgoingMessage } from "../core/message.ts";
import type { Store } from "../core/ports.ts";
import { RELAXED_COMMIT, TS } from "./claims.ts";
import { prepared, type Connection } from "./driver.ts";

// INSERT … ON CONFLICT decides the race in one statement; a stale PENDING receipt (its process died)
// is taken over by bumping createdAt. Claim and completion commit without waiting for the disk
// (RELAXED_COMMIT): the command's effects are idempotent and commit durably themselves.
const CLAIM = prepared(
  "receipt_claim",
  `INSERT INTO "CommandReceipt" ("idempotencyKey", status, "createdAt") SELECT $1, 'PENDING', ${TS("$2")} WHERE ${RELAXED_COMMIT}
   ON CONFLICT ("idempotencyKey") DO UPDATE SET "createdAt" = EXCLUDED."createdAt"
   WHERE "CommandReceipt".status = 'PENDING' AND "CommandReceipt"."createdAt" < ${TS("$3")}
   RETURNING 1`,
);
const COMPLETE = prepared(
  "receipt_complete",
  `UPDATE "CommandReceipt" SET status = 'DONE', reply = $2::jsonb, "completedAt" = ${TS("$3")} WHERE "idempotencyKey" = $1 AND ${RELAXED_COMMIT}`,
);

export function receiptStore(driver: Pick<Connection, "query">): Store["receipts"] {
  return {
    async prune(before) {
      // Copies of replies (which may quote what people typed) are kept only as long as a retry can come.
      const rows = await driver.query(`DELETE FROM "CommandReceipt" WHERE "createdAt" < ${TS("$1")} RETURNING 1`, [before.getTime()]);
      return rows.length;
    },
    async claim(key, now, staleAfterMs) {
      const claimed = await driver.query(CLAIM, [key, now.getTime(), now.getTime() - staleAfterMs]);
      if (claimed.length === 1) return { state: "claimed" };
      const [existing] = await driver.query<{ status: string; reply: unknown }>(`SELECT status, reply FROM "CommandReceipt" WHERE "idempotencyKey" = $1`, [key]);
      if (existing?.status === "DONE") {
        const reply = typeof existing.reply === "string" ? (JSON.parse(existing.reply) as unknown) : existing.reply;
        return { state: "done", reply: reply as OutgoingMessage[] };
      }
      return { state: "busy" };
    },
    async complete(key, reply, now) {
      await driver.query(COMPLETE, [key, JSON.stringify(reply), now.getTime()]);
    },
    async release(key) {
      await driver.query(`DELETE FROM "CommandReceipt" WHERE "idempotencyKey" = $1 AND status = 'PENDING'`, [key]);
    },
  };
}
