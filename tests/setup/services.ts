// Integration tests need real PostgreSQL and Redis. When either is missing the suite stops here with
// a message saying how to start it, rather than skipping tests and passing.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { Redis } from "ioredis";
import { ADMIN_DATABASE_URL, REDIS_URL } from "../helpers/env.ts";

export default async function checkServices() {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (e) {
    problems.push(`PostgreSQL is not reachable at ${ADMIN_DATABASE_URL} (${(e as Error).message}). Start it (docker compose up -d postgres) or set TEST_DATABASE_URL.`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    problems.push(`Redis is not reachable at ${REDIS_URL} (${(e as Error).message}). Start it (docker compose up -d redis) or set TEST_REDIS_URL.`);
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
