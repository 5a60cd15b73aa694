import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectPGlite, connectPostgres, NameAsTextPool, prepared, type Connection } from "../../src/store/driver.ts";
import { migrate, MigrationError, MIGRATIONS_DIR, readMigrations } from "../../src/store/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres.ts";

const run = promisify(execFile);

const tables = (c: Connection) =>
  c.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`).then((r) => r.map((t) => t.table_name));

describe("start-up migrations on PostgreSQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("applies every committed migration once, even when two processes start together", async () => {
    const [a, b] = [connectPostgres(db.url), connectPostgres(db.url)];
    try {
      const [first, second] = await Promise.all([migrate(a), migrate(b)]);
      const names = (await readMigrations()).map((m) => m.name);
      expect([...first, ...second].sort()).toEqual(names);
      expect(await migrate(a)).toEqual([]);
      const rows = await a.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      expect(rows[0]!.n).toBe(names.length);
      expect(await tables(a)).toEqual(expect.arrayContaining(["Person", "PlatformAccount", "Contribution", "PromptDelivery", "CommandReceipt", "AuditLog"]));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("keeps Prisma's bookkeeping, so the Prisma CLI (through the name→text shim) agrees nothing is pending", async () => {
    const { stdout } = await run("npx", ["prisma", "migrate", "status"], {
      env: { ...process.env, DATABASE_URL: db.url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
    expect(stdout).toMatch(/Database schema is up to date/);
  });

  it("refuses to start when an applied migration was edited afterwards", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mutual-migrations-"));
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      const [first] = await readMigrations(dir);
      await writeFile(path.join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited\n`);
      const c = connectPostgres(db.url);
      await expect(migrate(c, dir)).rejects.toBeInstanceOf(MigrationError);
      await c.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rolls back a failing migration completely", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mutual-migrations-"));
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      await cp(path.join(dir, (await readMigrations(dir))[0]!.name), path.join(dir, "99990101000000_broken"), { recursive: true });
      await writeFile(path.join(dir, "99990101000000_broken", "migration.sql"), `CREATE TABLE "Half" (id int);\nSELECT * FROM "NoSuchTable";\n`);
      const c = connectPostgres(db.url);
      await expect(migrate(c, dir)).rejects.toThrow(/NoSuchTable/);
      expect(await tables(c)).not.toContain("Half");
      const rows = await c.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`);
      expect(rows).toHaveLength(0);
      await c.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("NameAsTextPool (prisma/orm#27403 shim)", () => {
  it("labels columns of type name (oid 19) as text (oid 25) and leaves others alone", async () => {
    const db = await createTestDatabase();
    const pool = new NameAsTextPool({ connectionString: db.url });
    try {
      const r = await pool.query("SELECT current_database() AS db, 1::int AS n");
      expect(r.fields.map((f: { dataTypeID: number }) => f.dataTypeID)).toEqual([25, 23]);
      expect(r.rows[0].db).toMatch(/^mutual_test_/);
    } finally {
      await pool.end();
      await db.drop();
    }
  });
});

describe("connectPostgres", () => {
  it("survives the server closing an idle pooled connection, and reconnects for the next query", async () => {
    const db = await createTestDatabase();
    const errors: Error[] = [];
    const c = connectPostgres(db.url, 2, (e) => errors.push(e));
    const admin = connectPostgres(db.url, 1);
    try {
      const [{ pid }] = (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")) as [{ pid: number }];
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      await vi.waitFor(() => expect(errors).toHaveLength(1));
      expect(await c.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await Promise.all([c.close(), admin.close()]);
      await db.drop();
    }
  });
});

describe("prepared statements (hot paths)", () => {
  const SUM = prepared("test_sum", "SELECT $1::int + $2::int AS sum");

  it("are parsed once per PostgreSQL connection and answer like the plain text", async () => {
    const db = await createTestDatabase();
    const c = connectPostgres(db.url, 1);
    try {
      expect(await c.query(SUM, [1, 2])).toEqual([{ sum: 3 }]);
      expect(await c.query(SUM, [40, 2])).toEqual([{ sum: 42 }]);
      // One connection in the pool: the statement it prepared is still there, once.
      const held = await c.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE name = 'test_sum'`);
      expect(held).toEqual([{ name: "test_sum" }]);
    } finally {
      await c.close();
      await db.drop();
    }
  });

  // initdb in memory: 28 s seen on a loaded 2-core machine.
  it("run as plain text on PGlite", { timeout: 120_000 }, async () => {
    const lite = await connectPGlite();
    try {
      expect(await lite.query(SUM, [2, 3])).toEqual([{ sum: 5 }]);
    } finally {
      await lite.close();
    }
  });

  it("refuse one name for two texts (a name is a plan: two texts under it would answer wrongly)", () => {
    expect(prepared("test_sum", "SELECT $1::int + $2::int AS sum")).toEqual(SUM);
    expect(() => prepared("test_sum", "SELECT $1::int - $2::int AS sum")).toThrow(/declared twice/);
  });
});

describe("start-up migrations on embedded PGlite", () => {
  it("builds the same tables from the same files", async () => {
    const lite = await connectPGlite();
    const db = await createTestDatabase();
    const pgc = connectPostgres(db.url);
    try {
      expect(await migrate(lite)).toHaveLength((await readMigrations()).length);
      await migrate(pgc);
      expect(await tables(lite)).toEqual(await tables(pgc));
      expect(await migrate(lite)).toEqual([]);
    } finally {
      await lite.close();
      await pgc.close();
      await db.drop();
    }
  });
});
