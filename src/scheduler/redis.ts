export class RedisUnavailableError extends Error {}

/** Fails fast, with one line that says how to start Redis, when nothing answers at url. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  // Loaded here, not at start-up: the embedded default (no REDIS_URL) never loads a Redis client.
  const { Redis } = await import("ioredis");
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: Error | undefined;
  probe.on("error", (e: Error) => (cause ??= e)); // the socket error; connect() only says "closed"
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    const err = cause ?? (e as Error);
    const reason = (err as { code?: string }).code ?? err.message;
    throw new RedisUnavailableError(
      `Mutual needs Redis at ${redactUrl(url)} but cannot reach it (${reason}). Start one with \`docker compose up -d redis\`, or unset REDIS_URL to use the embedded scheduler (one process).`,
    );
  } finally {
    probe.disconnect();
  }
}

/** Hides the password of a connection URL: postgresql://mutual:secret@host → postgresql://mutual:***@host */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
