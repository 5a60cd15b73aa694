// Benchmark for issues 7 and 15: how fast slash-command interactions are answered on Discord (the
// 3-second rule) when many people use Mutual at once, and how a scheduled prompt fans out under the
// global rate limit.
//
// Usage (from the repository root, after `npm run build`; needs PostgreSQL and Redis):
//   npx tsx scripts/bench-discord.ts [--rounds 3] [--concurrency 100] [--spread 1000]
//
// The bot runs as an operator runs it, `node dist/main.js` with DISCORD_TOKEN set, in its own
// process, on a scratch PostgreSQL database and Redis; this process plays Discord (the local fake,
// gateway and REST) and the people. So the fake's work stays out of the bot's event loop, as
// Discord's does. Each round dispatches `concurrency` `/kudos @next …` interactions over the
// gateway, arrivals spread evenly over `spread` ms as people make them (0: all at the same instant,
// the worst case), and reports the time from each dispatch to the interaction's first callback (p50,
// p99, max) and how many were deferred (not answered within DISCORD_DEFER_AFTER_MS). Each kudos is
// checked recorded once. Then `schedule fire` sends a prompt to every member by DM: requests,
// seconds, busiest second, 429s. Environment: BENCH_ADMIN_URL, REDIS_URL.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { FakeDiscord, type FakeUser, type Json } from "../tests/fakes/discord.ts";
import { chatInputPayload } from "../tests/helpers/discord.ts";
import { scratchDatabase, startBuilt } from "./bench-db.ts";

const { values: flags } = parseArgs({
  options: { rounds: { type: "string", default: "3" }, concurrency: { type: "string", default: "100" }, spread: { type: "string", default: "1000" } },
});
const ROUNDS = Number(flags.rounds);
const CONCURRENCY = Number(flags.concurrency);
const SPREAD_MS = Number(flags.spread);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const DB = scratchDatabase("mutual_bench_discord");
const TOKEN = `bench${randomBytes(12).toString("hex")}.fake.token`; // shaped like a bot token, as the config checks
const log = (m: string) => process.stdout.write(`${m}\n`);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** The bot as `npm start` runs it, on Discord (the fake) alone. */
const startBot = (fake: FakeDiscord) =>
  startBuilt(
    {
      DATABASE_URL: DB.url,
      REDIS_URL,
      MUTUAL_QUEUE_PREFIX: `mutual-bench-${randomBytes(4).toString("hex")}`,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    },
    "the bot",
  );

/** Polls `read` until `done` holds (the bot works in another process; nothing here can wait on its events). */
async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function main() {
  const users: FakeUser[] = Array.from({ length: CONCURRENCY }, (_, i) => ({ id: String(330000000000000000n + BigInt(i)), username: `person${i}` }));
  await DB.recreate();
  const fake = await FakeDiscord.start({ users, heartbeatIntervalMs: 1_000, token: TOKEN });
  const guildId = fake.guilds[0]!.id;
  const db = new pg.Client({ connectionString: DB.url });
  let bot: ChildProcess | undefined;
  try {
    bot = await startBot(fake);
    await fake.waitForReady(30_000);
    await db.connect();
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
    const say = (user: FakeUser, text: string) => fake.interact(chatInputPayload(fake, user, text, { guildId }), 30_000);

    await say(users[0]!, 'project create "Bench" slug=bench');
    await until(() => count(`SELECT count(*) AS n FROM "Project"`), (n) => n === 1, "the project");
    for (const u of users.slice(1)) await say(u, "project join bench");
    await until(() => count(`SELECT count(*) AS n FROM "Membership"`), (n) => n === CONCURRENCY, "every member");

    for (let round = 1; round <= ROUNDS; round++) {
      const before = await count(`SELECT count(*) AS n FROM "Acknowledgement"`);
      // As Discord sends them: the person picked comes resolved with the interaction.
      const payloads = users.map((u, i) => chatInputPayload(fake, u, `kudos <@${users[(i + 1) % users.length]!.id}> "round ${round}: thanks for the field notes"`, { guildId }));
      const answered = await Promise.all(payloads.map(async (p: Json, i) => (await sleep((i * SPREAD_MS) / CONCURRENCY), fake.interact(p, 10_000))));
      const recorded = (await until(() => count(`SELECT count(*) AS n FROM "Acknowledgement"`), (n) => n >= before + CONCURRENCY, "every kudos", 30_000)) - before;
      const ms = answered.map((a) => a.ms).sort((a, b) => a - b);
      const deferred = answered.filter((a) => a.type === 5).length;
      log(
        `round ${round}: ${CONCURRENCY} interactions over ${SPREAD_MS} ms · callback p50 ${Math.round(percentile(ms, 50))} ms · p99 ${Math.round(percentile(ms, 99))} ms · max ${Math.round(ms.at(-1)!)} ms · deferred ${deferred} · kudos recorded ${recorded}/${CONCURRENCY}`,
      );
      if (recorded !== CONCURRENCY) throw new Error(`expected ${CONCURRENCY} kudos, got ${recorded}`);
    }

    await say(users[0]!, "schedule create set=mutual-learning every=daily at=09:00");
    await until(() => count(`SELECT count(*) AS n FROM "Schedule"`), (n) => n === 1, "the schedule");
    const started = Date.now();
    const fire = chatInputPayload(fake, users[0]!, "schedule fire #1", { guildId });
    const callback = await fake.interact(fire, 30_000);
    // The reply says how many were reached, once the prompt has gone to every member.
    const replied = () => String((callback.type === 5 ? fake.original(fire.token as string)?.content : callback.data?.content) ?? "");
    const fired = await until(replied, (text) => text !== "", "the reply to schedule fire");
    const seconds = (Date.now() - started) / 1000;
    const requests = fake.calls.filter((c) => c.at >= started).length;
    log(`fan-out: ${fired.replace(/\s+/g, " ").slice(0, 80)} · ${requests} REST requests in ${seconds.toFixed(1)} s · busiest second ${fake.maxRequestsInAnySecond()} · 429s ${fake.rateLimited.length}`);
  } finally {
    bot?.kill("SIGTERM");
    if (bot && bot.exitCode === null) await new Promise((resolve) => bot!.once("exit", resolve));
    await db.end().catch(() => undefined);
    await fake.close();
    await DB.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
