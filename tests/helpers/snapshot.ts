// "Changed nothing", checked on the real database: a fingerprint of every table's rows, in one query.
import type { Connection } from "../../src/store/driver.ts";

/** Table name → md5 of its rows (as text, sorted); equal fingerprints mean no row was added, changed or removed. */
export async function fingerprint(connection: Pick<Connection, "query">): Promise<Record<string, string>> {
  const tables = await connection.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  const sql = tables
    .map(({ name }) => `SELECT '${name}' AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS hash FROM "${name}" t`)
    .join(" UNION ALL ");
  const rows = await connection.query<{ name: string; hash: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.hash]));
}

/**
 * A cheaper "changed nothing" for many checks in a row (the fuzz test): a statement-level trigger on
 * every table bumps one sequence, so any INSERT, UPDATE or DELETE moves it. Command receipts are
 * claimed and released around a refused command (bookkeeping that leaves no row), so they are
 * counted instead. Returns a reader of the current mark.
 */
export async function changeMarks(connection: Pick<Connection, "query">): Promise<() => Promise<string>> {
  const tables = await connection.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', 'CommandReceipt')`,
  );
  await connection.query(`CREATE SEQUENCE IF NOT EXISTS test_changes`);
  await connection.query(`CREATE OR REPLACE FUNCTION test_bump_changes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('test_changes'); RETURN NULL; END $$`);
  for (const { name } of tables) {
    await connection.query(`CREATE OR REPLACE TRIGGER "test_changes_${name}" AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH STATEMENT EXECUTE FUNCTION test_bump_changes()`);
  }
  return async () => {
    const [row] = await connection.query<{ mark: string }>(`SELECT (SELECT last_value FROM test_changes)::text || '/' || (SELECT count(*) FROM "CommandReceipt")::text AS mark`);
    return row!.mark;
  };
}

/**
 * Every "Table.column" of the live schema that names a person: foreign keys to Person, and columns
 * named like one (who created, logged or changed something). Link's merge and data erasure must
 * each cover all of them.
 */
export async function personColumns(connection: Pick<Connection, "query">): Promise<{ foreignKeys: string[]; named: string[] }> {
  const cells = async (sql: string) => (await connection.query<{ c: string }>(sql)).map((r) => r.c);
  const foreignKeys = await cells(`
    SELECT kcu.table_name || '.' || kcu.column_name AS c
    FROM information_schema.referential_constraints rc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
    JOIN information_schema.key_column_usage pk ON pk.constraint_name = rc.unique_constraint_name AND pk.constraint_schema = rc.unique_constraint_schema
    WHERE pk.table_name = 'Person' AND rc.constraint_schema = 'public'`);
  const named = await cells(`
    SELECT table_name || '.' || column_name AS c FROM information_schema.columns
    WHERE table_schema = 'public' AND (column_name ILIKE '%personid' OR column_name ILIKE '%byid' OR column_name IN ('mentorId', 'menteeId'))`);
  return { foreignKeys, named };
}
