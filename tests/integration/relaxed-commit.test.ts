// Bookkeeping statements (receipts, outbox claims, "sent" marks) commit without waiting for the WAL
// flush (RELAXED_COMMIT, src/store/claims.ts). That must stay inside their own transaction: the next
// statement on the same pooled connection, an effect such as a kudos, commits durably as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markClaimsSent, RELAXED_COMMIT } from "../../src/store/claims.ts";
import { connectPostgres, type Connection } from "../../src/store/driver.ts";
import { migrate } from "../../src/store/migrate.ts";
import { receiptStore } from "../../src/store/receipts.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres.ts";

describe("relaxed commits on PostgreSQL", () => {
  let db: TestDatabase;
  let connection: Connection;
  const setting = async () => (await connection.query<{ s: string }>(`SELECT current_setting('synchronous_commit') AS s`))[0]!.s;

  beforeAll(async () => {
    db = await createTestDatabase();
    const migrating = connectPostgres(db.url); // migrate holds a lock on one connection and works on another
    await migrate(migrating);
    await migrating.close();
    connection = connectPostgres(db.url, 1); // one connection: every statement below shares its session
  });
  afterAll(async () => {
    await connection?.close();
    await db?.drop();
  });

  it("turns synchronous_commit off for the statement's own transaction only", async () => {
    expect(await setting()).toBe("on");
    const [inside] = await connection.query<{ s: string }>(`SELECT current_setting('synchronous_commit') AS s WHERE ${RELAXED_COMMIT}`);
    expect(inside!.s).toBe("off");
    expect(await setting()).toBe("on");
  });

  it("leaves the session durable after a receipt's claim and completion and a sent mark, which still take effect", async () => {
    const receipts = receiptStore(connection);
    const now = new Date();
    expect(await receipts.claim("relaxed:1", now, 60_000)).toEqual({ state: "claimed" });
    expect(await setting()).toBe("on");
    await receipts.complete("relaxed:1", [], now);
    expect(await setting()).toBe("on");
    expect(await receipts.claim("relaxed:1", now, 60_000)).toEqual({ state: "done", reply: [] });
    await markClaimsSent(connection, "Notice", ["no-such-notice"], now);
    expect(await setting()).toBe("on");
  });
});
