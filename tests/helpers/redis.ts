import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { REDIS_URL } from "./env.ts";

/** A queue prefix no other test uses, and a cleanup that deletes every key under it. */
export function testQueuePrefix(): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `mutual-test-${randomBytes(6).toString("hex")}`;
  return { prefix, cleanup: () => deleteKeys(`${prefix}:*`) };
}

export async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
