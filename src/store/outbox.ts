// The outbox: notices a command caused (a kudos, a contribution recorded about someone, a pairing)
// are rows of Notice (kind MESSAGE), written with the command under a unique dedupe key, and sent
// after its reply by the scheduler's workers. A row is claimed before it is sent (a lease, like
// scheduled sends), so a retried job or two workers never send it twice, and a sender that died
// leaves it to the next sweep.
import type { NewOutboxNotice, Store } from "../core/ports.ts";
import { markClaimsFailed, markClaimsSent, RELAXED_COMMIT, TS } from "./claims.ts";
import { prepared, type Connection } from "./driver.ts";
import { newId } from "./ids.ts";

/** A notice just written has its own job coming; the sweep leaves it alone this long. */
export const FRESH_MS = 30_000;

interface ClaimedRow {
  id: string;
  template: string;
  data: unknown;
  project_id: string;
  person_id: string;
  name: string;
  handle: string | null;
  language: string;
}

/**
 * Notices as part of another statement: `INSERT … SELECT … FROM <source>` writes them only when the
 * source CTE produced a row (the effect happened now, not on a retry). Parameters from `first`:
 * ids, keys, projects, people, templates, data, then the time. See outboxParams. `data` may add to
 * each row's data (`r.data`) what only the statement knows, such as a new contribution's number.
 */
export const OUTBOX_INSERT = (source: string, first: number, data = "r.data::jsonb") => {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO "Notice" (id, "dedupeKey", kind, "projectId", "personId", occurrence, template, data, "createdAt")
    SELECT r.id, r.key, 'MESSAGE', r.project, r.person, ${TS(p(6))}, r.template, ${data}, ${TS(p(6))}
    FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[]) AS r(id, key, project, person, template, data)
    WHERE EXISTS (SELECT 1 FROM ${source})
    ON CONFLICT ("dedupeKey") DO NOTHING RETURNING id`;
};

export const outboxParams = (rows: readonly NewOutboxNotice[], now: Date) => [
  rows.map(() => newId()),
  rows.map((r) => r.dedupeKey),
  rows.map((r) => r.projectId),
  rows.map((r) => r.personId),
  rows.map((r) => r.template),
  rows.map((r) => JSON.stringify(r.data)),
  now.getTime(),
];

const ENQUEUE = prepared("outbox_enqueue", OUTBOX_INSERT("(SELECT 1) one", 1));

/**
 * Claims notices: by id (their job is here), or in a sweep those whose job never came or whose sender
 * died. Two texts, not one with a CASE on the parameters, so that each keeps a plan that uses its index.
 * The claim commits without waiting for the disk (RELAXED_COMMIT): the notice itself was written durably.
 */
const claimSql = (which: string) => `WITH claimed AS (
     UPDATE "Notice" n SET "claimedAt" = ${TS("$2")}, attempts = n.attempts + 1
     WHERE n.kind = 'MESSAGE' AND n.status = 'PENDING' AND n.attempts < $4
       AND (n."claimedAt" IS NULL OR n."claimedAt" < ${TS("$3")})
       AND ${which} AND ${RELAXED_COMMIT}
     RETURNING n.id, n.template, n.data, n."projectId", n."personId")
   SELECT c.id, c.template, c.data, c."projectId" AS project_id, c."personId" AS person_id, p."displayName" AS name,
     (SELECT a.handle FROM "PlatformAccount" a WHERE a."personId" = p.id ORDER BY a."createdAt" LIMIT 1) AS handle,
     COALESCE(p.language, pr.language) AS language
   FROM claimed c JOIN "Person" p ON p.id = c."personId" JOIN "Project" pr ON pr.id = c."projectId"`;
const CLAIM_IDS = prepared("outbox_claim_ids", claimSql(`n.id = ANY($1::text[])`));
const CLAIM_SWEEP = prepared("outbox_claim_sweep", claimSql(`n."createdAt" < ${TS("$1")}`));

export function outboxStore(driver: Pick<Connection, "query">): Store["outbox"] {
  return {
    async enqueue(rows, now) {
      if (rows.length === 0) return [];
      const written = await driver.query<{ id: string }>(ENQUEUE, outboxParams(rows, now));
      return written.map((w) => w.id);
    },

    async claim(ids, now, leaseMs, maxAttempts) {
      // Named ids: their job is here. None: the sweep — rows whose job never came or whose sender died.
      const rows = await driver.query<ClaimedRow>(ids.length > 0 ? CLAIM_IDS : CLAIM_SWEEP, [
        ids.length > 0 ? ids : now.getTime() - FRESH_MS,
        now.getTime(),
        now.getTime() - leaseMs,
        maxAttempts,
      ]);
      return rows.map((r) => ({
        id: r.id,
        template: r.template,
        data: typeof r.data === "string" ? (JSON.parse(r.data) as unknown) : r.data,
        projectId: r.project_id,
        to: { personId: r.person_id, displayName: r.name, handle: r.handle, language: r.language },
      }));
    },

    markSent: (ids, now) => markClaimsSent(driver, "Notice", ids, now),
    markFailed: (ids, maxAttempts) => markClaimsFailed(driver, "Notice", ids, maxAttempts),
  };
}
