// Integration tests need real PostgreSQL and Redis. When either is missing the suite stops here with
// a message saying how to start it, rather than skipping tests and passing.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { Redis } from "ioredis";
import { ADMIN_DATABASE_URL, REDIS_URL } from "../helpers/env.ts";

/** The admin connection to the PostgreSQL that `docker compose up -d postgres` starts (docker-compose.yml's user). */
export const COMPOSE_DATABASE_URL = "postgresql://mutual:mutual@127.0.0.1:5432/mutual";

export async function checkServices(adminUrl = ADMIN_DATABASE_URL, redisUrl = REDIS_URL) {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (e) {
    // The exact variable to set: docker compose's PostgreSQL has the user mutual, not the default postgres.
    problems.push(
      `PostgreSQL is not reachable at ${adminUrl} (${(e as Error).message}). Start it (docker compose up -d postgres) and run the tests with ` +
        `TEST_DATABASE_URL=${COMPOSE_DATABASE_URL} npm test — or set TEST_DATABASE_URL to a superuser connection of your own server.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    problems.push(`Redis is not reachable at ${redisUrl} (${(e as Error).message}). Start it (docker compose up -d redis) or set TEST_REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
  // The outage tests start (and kill) a Redis of their own.
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
  } catch (e) {
    problems.push(`redis-server is not on PATH (${(e as Error).message}); the Redis outage tests start their own. Install it (e.g. apt-get install redis-server).`);
  }
  if (problems.length) throw new Error(`The test suite needs real services:\n- ${problems.join("\n- ")}`);
}

/** Vitest's global setup (it passes the project, not URLs). */
export default async function setup() {
  await checkServices();
}
