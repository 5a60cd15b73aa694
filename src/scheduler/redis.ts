import { Redis } from "ioredis";

export class RedisUnavailableError extends Error {}

/** Fails fast, with one line that says how to start Redis, when nothing answers at url. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined); // reported below, once
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    const reason = (e as { code?: string }).code ?? (e as Error).message;
    throw new RedisUnavailableError(
      `Mutual needs Redis at ${redactUrl(url)} but cannot reach it (${reason}). Start one with \`docker compose up -d redis\`, or set REDIS_URL.`,
    );
  } finally {
    probe.disconnect();
  }
}

export const redactUrl = (url: string): string => url.replace(/\/\/([^@/]*)@/, "//***@");
