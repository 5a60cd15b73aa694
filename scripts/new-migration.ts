// Writes the migration from the committed schema (git HEAD) to the working prisma/schema.prisma:
//   npm run db:migration -- <name>
// Prisma's migrate diff runs on the WASM engine between two datamodels, so no database and no
// binary engine are needed. Review the SQL (backfills of new NOT NULL columns are yours to add);
// tests/integration/migrate.test.ts checks that the migrations build exactly the schema.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), "mutual-migration-"));
try {
  const before = path.join(dir, "schema.prisma");
  writeFileSync(before, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
  const sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", "--from-schema-datamodel", before, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    // The CLI connects to the configured database even to diff two datamodels; the embedded one
    // would keep it from exiting, so a PostgreSQL server is used (the tests' default).
    { encoding: "utf8", env: { PRISMA_HIDE_UPDATE_MESSAGE: "1", ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" } },
  );
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const target = path.join("prisma", "migrations", `${stamp}_${name}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, "migration.sql"), sql);
  console.log(`Wrote ${target}/migration.sql`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
