// The scratch PostgreSQL database a benchmark seeds and drops. BENCH_ADMIN_URL (default
// postgresql://postgres@127.0.0.1:5432/postgres) names the server and a role allowed to CREATE/DROP DATABASE.
import pg from "pg";

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function scratchDatabase(name: string) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const admin = async (...statements: string[]) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      for (const sql of statements) await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name,
    url: url.toString(),
    recreate: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
