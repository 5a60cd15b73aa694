// Prisma CLI configuration: the JavaScript (WASM) engines only, so no binary is ever downloaded.
// The CLI talks to PostgreSQL when DATABASE_URL is a postgres URL, to the embedded PGlite
// database (MUTUAL_DB_DIR, default ./.mutual/db) otherwise.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { connectPGlite, connectPostgres } from "./src/store/driver.ts";

const url = process.env.DATABASE_URL;
// The schema's env("DATABASE_URL") must resolve even for the embedded database: when it doesn't,
// `prisma generate` falls back to downloading a native engine, which these machines cannot reach.
process.env.DATABASE_URL ??= "postgresql://embedded-pglite.invalid/mutual";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    if (url?.startsWith("postgres")) return connectPostgres(url).factory;
    return (await connectPGlite(process.env.MUTUAL_DB_DIR ?? ".mutual/db")).factory;
  },
});
