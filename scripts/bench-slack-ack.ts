// Benchmark for issue 6: acknowledgement latency of `/mutual kudos` under 200 concurrent, correctly
// signed requests against the Slack adapter's HTTP receiver (real Bolt, real app on PostgreSQL and
// Redis, a local fake Slack for the Web API and response_url).
//
// Usage (from the repository root; needs PostgreSQL and Redis):
//   npx tsx scripts/bench-slack-ack.ts [--rounds 3] [--concurrency 200]
//
// It creates a scratch database mutual_bench_slack (dropped afterwards), lets 200 Slack users join one
// project through /mutual, then per round fires 200 `/mutual kudos @next …` requests at once and
// reports the time from sending each request to its HTTP 200 (Slack's 3-second ack window), as p50,
// p99 and max. After each round it waits for every reply and checks that each kudos was recorded once.
// Environment: BENCH_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL.
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { pino } from "pino";
import { SlackAdapter } from "../src/adapters/slack/slack.ts";
import { startApp, type App } from "../src/app.ts";
import type { Config } from "../src/config.ts";
import { commands } from "../src/core/commands/index.ts";
import { FakeSlack, postSigned, signRequest, slashCommandBody } from "../tests/fakes/slack.ts";
import { scratchDatabase } from "./bench-db.ts";

const DB = scratchDatabase("mutual_bench_slack");
const { values: flags } = parseArgs({ options: { rounds: { type: "string", default: "3" }, concurrency: { type: "string", default: "200" } } });
const ROUNDS = Number(flags.rounds);
const CONCURRENCY = Number(flags.concurrency);
const log = (m: string) => process.stderr.write(`${m}\n`);

/**
 * Fires the requests all at once from a worker thread, so the load generator's own work doesn't sit
 * in the bot's event loop; each latency is from sending a request to its HTTP response (the ack).
 */
const FIRE = `
const { parentPort, workerData } = require("node:worker_threads");
Promise.all(workerData.requests.map(async (r) => {
  const t = performance.now();
  const res = await fetch(workerData.url, { method: "POST", headers: r.headers, body: r.body });
  await res.text();
  return { status: res.status, ms: performance.now() - t };
})).then((results) => parentPort.postMessage(results));
`;

function fire(url: string, requests: Array<{ headers: Record<string, string>; body: string }>): Promise<Array<{ status: number; ms: number }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(FIRE, { eval: true, workerData: { url, requests } });
    worker.once("message", (results) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  await DB.recreate();
  const fake = await FakeSlack.start();
  const users = Array.from({ length: CONCURRENCY }, (_, i) => `UBENCH${String(i).padStart(4, "0")}`);
  for (const [i, id] of users.entries()) fake.addUser({ id, name: `person${i}`, tz: "Africa/Nairobi", locale: "en-KE" });
  const config: Config = {
    database: { url: DB.url },
    dataDir: "/nonexistent",
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    queuePrefix: `mutual-bench-slack-${process.pid}`,
    healthPort: undefined,
    reconcileIntervalMs: 300_000,
    role: "all",
    adapters: ["slack"],
    shellUser: "bench",
    logLevel: "silent",
    logFile: undefined,
    promptsDir: undefined,
    slack: { botToken: "xoxb-bench", appToken: undefined, signingSecret: fake.signingSecret, apiUrl: fake.apiUrl, port: 0, kudosEmoji: "raised_hands" },
    discord: undefined,
  };
  const logger = pino({ level: "silent" });
  // The adapter exists first (the app's chat port comes from it); its listeners reach the app later.
  const adapter = new SlackAdapter({ config: config.slack!, commands, process: (event) => app.mutual.process(event), logger });
  const app: App = await startApp(config, { logger, chat: (store) => adapter.chat(store) });
  const { port } = await adapter.start(0);
  const url = `http://127.0.0.1:${port}/slack/events`;
  const slash = (userId: string, text: string) =>
    postSigned(url, fake.signingSecret, { body: slashCommandBody(fake, { userId, text }), contentType: "application/x-www-form-urlencoded" });

  try {
    await slash(users[0]!, 'project create "Bench Partnership" slug=bench');
    await adapter.drain(); // acknowledged is not yet done: the project must exist before anyone joins
    for (let i = 1; i < users.length; i += 20) await Promise.all(users.slice(i, i + 20).map((u) => slash(u, "project join bench")));
    await adapter.drain();
    const members = await app.database.prisma.membership.count();
    if (members !== users.length) throw new Error(`${members} members after setup, expected ${users.length}`);
    log(`${members} members joined through /mutual`);

    const results: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await app.database.prisma.acknowledgement.count();
      const requests = users.map((u, i) => {
        const body = slashCommandBody(fake, { userId: u, text: `kudos <@${users[(i + 1) % users.length]}|person${(i + 1) % users.length}> for round ${round} of the benchmark` });
        return { body, headers: { "Content-Type": "application/x-www-form-urlencoded", ...signRequest(fake.signingSecret, body) } };
      });
      const started = performance.now();
      const acks = await fire(url, requests);
      await adapter.drain();
      const done = performance.now() - started;
      const recorded = (await app.database.prisma.acknowledgement.count()) - before;
      const ms = acks.map((a) => a.ms).sort((a, b) => a - b);
      const statuses = new Set(acks.map((a) => a.status));
      const line = `round ${round}: ${acks.length} concurrent /mutual kudos · ack p50 ${percentile(ms, 50).toFixed(0)} ms · p99 ${percentile(ms, 99).toFixed(0)} ms · max ${ms.at(-1)!.toFixed(0)} ms · HTTP ${[...statuses].join(",")} · all ${recorded} recorded and answered in ${(done / 1000).toFixed(2)} s`;
      log(line);
      results.push(line);
      const odd = fake.responses.filter((r) => r.at >= Date.now() - done - 1000 && !String(r.body.text).includes("Thanks recorded")).map((r) => String(r.body.text));
      if (odd.length) log(`unexpected replies:\n${[...new Set(odd)].join("\n")}`);
      if (recorded !== acks.length || [...statuses].some((s) => s !== 200)) throw new Error(`round ${round}: ${recorded} recorded of ${acks.length}, statuses ${[...statuses]}`);
    }
    process.stdout.write(`${results.join("\n")}\n`);
  } finally {
    await adapter.stop();
    await app.close();
    await fake.close();
    await DB.drop();
  }
}

main().catch((e) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
