// Prisma CLI configuration: the JavaScript (WASM) engines only, so no binary is ever downloaded.
// The CLI talks to PostgreSQL when DATABASE_URL is a postgres URL, to the embedded PGlite database
// otherwise (MUTUAL_DB_DIR, else MUTUAL_DATA_DIR/db as the bot uses it, default ./.mutual/db).
import path from "node:path";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL;
// The schema's env("DATABASE_URL") must resolve even for the embedded database: when it doesn't,
// `prisma generate` falls back to downloading a native engine, which these machines cannot reach.
process.env.DATABASE_URL ??= "postgresql://embedded-pglite.invalid/mutual";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // Every CLI command loads this file, and calls adapter() even for `prisma -v`: drivers are loaded here,
  // and the embedded database is opened only when a command connects (see lazyPGliteFactory).
  async adapter() {
    if (url?.startsWith("postgres")) return (await import("./src/store/driver.ts")).connectPostgres(url).factory;
    const dataDir = process.env.MUTUAL_DB_DIR ?? path.join(process.env.MUTUAL_DATA_DIR ?? ".mutual", "db");
    return (await import("./src/store/driver-pglite.ts")).lazyPGliteFactory(dataDir);
  },
});
