// A new embedded database starts from the build's template (dist/pgdata-template.tar.gz, made by `npm run build`,
// which `npm test` runs first), then migrates what is newer; without a fitting template it is made as before.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.ts";
import { connectPGlite } from "../../src/store/driver-pglite.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../../src/store/migrate.ts";
import { pgliteVersion, TEMPLATE_FILE, unpackTemplate, usableTemplate, type TemplateManifest } from "../../src/store/template.ts";

const MANIFEST = TEMPLATE_FILE.replace(/\.tar\.gz$/, ".json");
const applied = async (dataDir: string) => {
  const c = await connectPGlite(dataDir);
  try {
    return (await c.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`)).map((r) => r.migration_name);
  } finally {
    await c.close();
  }
};

describe("the embedded database's template", () => {
  let work: string;
  beforeAll(async () => {
    expect(existsSync(TEMPLATE_FILE), "run `npm run build` first: it makes the template").toBe(true);
    work = await mkdtemp(path.join(tmpdir(), "mutual-template-test-"));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("is current after the build: every committed migration, made by the installed PGlite", async () => {
    const manifest = JSON.parse(await readFile(MANIFEST, "utf8")) as TemplateManifest;
    const migrations = await readMigrations();
    expect(manifest.pglite).toBe(pgliteVersion());
    expect(manifest.migrations).toEqual(migrations.map(({ name, checksum }) => ({ name, checksum })));
    expect(usableTemplate(TEMPLATE_FILE, migrations)).toBeDefined();
  });

  it("starts a new database: unpacked, nothing left to migrate, and it answers queries", async () => {
    const dataDir = path.join(work, "fresh", "db");
    const db = await openDatabase({ dataDir });
    try {
      expect(db.created).toBe("template");
      expect(db.migrated).toEqual([]);
      expect(await db.prisma.person.count()).toBe(0);
    } finally {
      await db.close();
    }
    expect(await applied(dataDir)).toEqual((await readMigrations()).map((m) => m.name));
    // A later start finds the database and makes nothing.
    const again = await openDatabase({ dataDir });
    expect(again.created).toBeUndefined();
    await again.close();
  });

  it("is still used when stale: the start then applies only the newer migrations", async () => {
    const dir = path.join(work, "migrations-plus-one");
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await cp(path.join(dir, (await readMigrations(dir))[0]!.name), path.join(dir, "99990101000000_newer"), { recursive: true });
    await writeFile(path.join(dir, "99990101000000_newer", "migration.sql"), `CREATE TABLE "Newer" (id int);\n`);
    const dataDir = path.join(work, "stale", "db");
    expect(await unpackTemplate(dataDir, await readMigrations(dir))).toBe(true);
    const c = await connectPGlite(dataDir);
    try {
      expect(await migrate(c, dir)).toEqual(["99990101000000_newer"]);
    } finally {
      await c.close();
    }
  });

  it("is refused when made by another PGlite or holding a migration that has changed", async () => {
    const migrations = await readMigrations();
    const manifest = JSON.parse(await readFile(MANIFEST, "utf8")) as TemplateManifest;
    const variant = async (name: string, changed: TemplateManifest) => {
      const file = path.join(work, `${name}.tar.gz`);
      await cp(TEMPLATE_FILE, file);
      await writeFile(file.replace(/\.tar\.gz$/, ".json"), JSON.stringify(changed));
      return file;
    };
    const reasons: string[] = [];
    const otherPglite = await variant("other-pglite", { ...manifest, pglite: "0.0.1" });
    expect(usableTemplate(otherPglite, migrations, (r) => reasons.push(r))).toBeUndefined();
    const edited = await variant("edited", { ...manifest, migrations: manifest.migrations.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m)) });
    expect(usableTemplate(edited, migrations, (r) => reasons.push(r))).toBeUndefined();
    expect(usableTemplate(path.join(work, "missing.tar.gz"), migrations, (r) => reasons.push(r))).toBeUndefined();
    expect(reasons).toEqual(["made by PGlite 0.0.1", `migration ${migrations[0]!.name} differs`, "no template"]);
    // Nothing is written for a refused template.
    const dataDir = path.join(work, "refused", "db");
    expect(await unpackTemplate(dataDir, migrations, edited)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("without a template, makes the database as before: initdb and every migration, in a child process", { timeout: 180_000 }, async () => {
    // The built module: its child process runs dist/store/first-start.js on plain node (vitest's loader is not passed on).
    const built = (await import(path.resolve("dist/store/database.js"))) as { openDatabase: typeof openDatabase };
    const dataDir = path.join(work, "initdb", "db");
    const db = await built.openDatabase({ dataDir }, { template: path.join(work, "missing.tar.gz") });
    try {
      expect(db.created).toBe("initdb");
      expect(db.migrated).toEqual((await readMigrations()).map((m) => m.name));
      expect(await db.prisma.person.count()).toBe(0);
    } finally {
      await db.close();
    }
  });
});
