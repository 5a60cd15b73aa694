// The claim every scheduled send makes (prompt deliveries, channel posts, notices): one
// INSERT … ON CONFLICT over the table's unique dedupeKey. A new key is claimed; an existing PENDING
// row whose claim is older than the lease (its sender died) is claimed again, up to maxAttempts;
// anything else returns nothing, so two processes can never both win a row.
import { randomUUID } from "node:crypto";
import { prepared, type Connection } from "./driver.ts";

/** Timestamps cross the driver as epoch milliseconds: the columns are UTC `timestamp(3)` (Prisma's convention). */
export const TS = (param: string) => `(to_timestamp(${param}::float8 / 1000) AT TIME ZONE 'UTC')`;

/**
 * A condition (always true) that lets the statement's own transaction commit without waiting for
 * the WAL to reach the disk: synchronous_commit off for that transaction alone (set_config's
 * `true`), as PostgreSQL allows per transaction. For bookkeeping only, never for an effect: the row
 * is visible at once and written within ~200 ms; only a crash of the database server itself in that
 * window can undo it, and every statement that uses it is one whose loss costs a repeat, never a loss:
 * a claim or a "sent" mark lost means a notice or prompt may go out again (at least once, as when a
 * sender dies between sending and marking), a receipt's claim or "done" lost means a retried event runs
 * its idempotent handler again. A later synchronous commit (any effect) flushes it too, as WAL is in order.
 * Waiting for that flush is most of a commit's time: on the busy 2-core development machine, single-row
 * INSERTs ran ~10× faster this way (220–300/s against 2,200–3,100/s).
 */
export const RELAXED_COMMIT = `set_config('synchronous_commit', 'off', true) IS NOT NULL`;

/** A claimed row went out: PENDING → SENT. */
export async function markClaimsSent(driver: Pick<Connection, "query">, table: string, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  // Prepared: every outbox batch and every prompt delivery ends here.
  const sql = prepared(
    `claims_sent_${table}`,
    `UPDATE "${table}" SET status = 'SENT', "sentAt" = ${TS("$2")} WHERE id = ANY($1) AND status = 'PENDING' AND ${RELAXED_COMMIT}`,
  );
  await driver.query(sql, [ids, now.getTime()]);
}

/** Gives up on claimed rows whose last allowed attempt failed; the others stay PENDING for a later claim. */
export async function markClaimsFailed(driver: Pick<Connection, "query">, table: string, ids: readonly string[], maxAttempts: number): Promise<void> {
  if (ids.length === 0) return;
  await driver.query(`UPDATE "${table}" SET status = 'FAILED' WHERE id = ANY($1) AND status = 'PENDING' AND attempts >= $2`, [ids, maxAttempts]);
}

export interface ClaimColumn<Row> {
  /** Column name as in the schema, e.g. "dedupeKey". */
  name: string;
  /** "text" (default), "timestamp" (a Date) or a PostgreSQL enum type's name. */
  type?: "text" | "timestamp" | { enum: string };
  value(row: Row): string | Date | null;
}

export async function claimRows<Row, Result>(
  driver: Pick<Connection, "query">,
  table: string,
  columns: ReadonlyArray<ClaimColumn<Row>>,
  rows: readonly Row[],
  claim: { now: Date; leaseMs: number; maxAttempts: number; returning: string },
): Promise<Result[]> {
  if (rows.length === 0) return [];
  const n = columns.length + 1; // + id
  const arrays = columns.map((c) => (c.type === "timestamp" ? "float8[]" : "text[]"));
  const select = columns.map((c, i) => {
    const v = `r.c${i}`;
    if (c.type === "timestamp") return TS(v);
    if (typeof c.type === "object") return `${v}::"${c.type.enum}"`;
    return v;
  });
  const t = `"${table}"`;
  return driver.query<Result>(
    `INSERT INTO ${t} (id, ${columns.map((c) => `"${c.name}"`).join(", ")}, status, "claimedAt", attempts)
     SELECT r.id, ${select.join(", ")}, 'PENDING', ${TS(`$${n + 1}`)}, 1
     FROM unnest($1::text[], ${arrays.map((a, i) => `$${i + 2}::${a}`).join(", ")}) AS r(id, ${columns.map((_, i) => `c${i}`).join(", ")})
     ON CONFLICT ("dedupeKey") DO UPDATE SET "claimedAt" = EXCLUDED."claimedAt", attempts = ${t}.attempts + 1
       WHERE ${t}.status = 'PENDING' AND ${t}."claimedAt" < ${TS(`$${n + 2}`)} AND ${t}.attempts < $${n + 3}
     RETURNING ${claim.returning}`,
    [
      rows.map(() => randomUUID()),
      ...columns.map((c) => rows.map((r) => {
        const v = c.value(r);
        return v instanceof Date ? v.getTime() : v;
      })),
      claim.now.getTime(),
      claim.now.getTime() - claim.leaseMs,
      claim.maxAttempts,
    ],
  );
}
