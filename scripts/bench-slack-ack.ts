// Benchmark for issue 15: how fast Slack's requests are acknowledged when people arrive as they do
// at a kick-off workshop — spread over a second, many of them new to Mutual — against a bare Bolt app
// (same Bolt version, its `/mutual` handler only acks) measured in the same run, as a ratio.
//
// Usage (from the repository root; needs PostgreSQL and Redis):
//   npx tsx scripts/bench-slack-ack.ts [--rounds 3] [--people 200] [--spread 1000] [--users first|known] [--command "help"]
//
// Each round: `people` signed `/mutual <command>` requests, arrivals spread evenly over `spread` ms
// (sent from a worker thread, so the load generator's work stays out of the bot's event loop), first
// to the bare Bolt peer, then to Mutual (real adapter, real app on PostgreSQL and Redis, a local fake
// Slack). `first`: every round uses people Mutual has never seen (first contact); `known`: the same
// people every round, after a warm-up. Meanwhile /healthz is asked every 50 ms. Reported: ack
// latency p50/p99/max for both, Mutual's p99 over the peer's (the peer's floored at 20 ms), the
// slowest /healthz, and when the last reply reached Slack. Environment: BENCH_ADMIN_URL, REDIS_URL.
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { pino } from "pino";
import { SlackAdapter } from "../src/adapters/slack/slack.ts";
import { connect } from "../src/adapters/router.ts";
import { startApp, type App as MutualApp } from "../src/app.ts";
import { commands } from "../src/core/commands/index.ts";
import { FakeSlack, signRequest, slashCommandBody } from "../tests/fakes/slack.ts";
import { benchConfig, scratchDatabase } from "./bench-db.ts";

const DB = scratchDatabase("mutual_bench_slack");
const { values: flags } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    people: { type: "string", default: "200" },
    spread: { type: "string", default: "1000" },
    users: { type: "string", default: "first" },
    command: { type: "string", default: "help" },
  },
});
const ROUNDS = Number(flags.rounds);
const PEOPLE = Number(flags.people);
const SPREAD_MS = Number(flags.spread);
const FIRST_CONTACT = flags.users !== "known";
const log = (m: string) => process.stderr.write(`${m}\n`);

/**
 * Sends each request at its arrival time (offset from the start) and measures it from sending to the
 * HTTP response (the ack); /healthz is asked every 50 ms while requests are in flight.
 */
const FIRE = `
const { parentPort, workerData } = require("node:worker_threads");
const start = performance.now();
let running = true;
const health = [];
(async () => {
  while (running && workerData.healthUrl) {
    const t = performance.now();
    try { await (await fetch(workerData.healthUrl)).text(); health.push(performance.now() - t); } catch { health.push(-1); }
    await new Promise((r) => setTimeout(r, 50));
  }
})();
Promise.all(workerData.requests.map((r) => new Promise((resolve) => setTimeout(async () => {
  const t = performance.now();
  const res = await fetch(workerData.url, { method: "POST", headers: r.headers, body: r.body });
  await res.text();
  resolve({ status: res.status, ms: performance.now() - t });
}, r.at - (performance.now() - start))))).then((results) => {
  running = false;
  parentPort.postMessage({ results, health });
});
`;

type Fired = { results: Array<{ status: number; ms: number }>; health: number[] };

function fire(url: string, healthUrl: string | undefined, requests: Array<{ at: number; headers: Record<string, string>; body: string }>): Promise<Fired> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(FIRE, { eval: true, workerData: { url, healthUrl, requests } });
    worker.once("message", (fired: Fired) => {
      resolve(fired);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1)! };
};

/** A Bolt app that only acknowledges `/mutual`: the floor any Slack app on this machine has. */
async function bareBolt(signingSecret: string, apiUrl: string) {
  const receiver = new HTTPReceiver({ signingSecret, endpoints: "/slack/events", processBeforeResponse: false, logLevel: LogLevel.ERROR });
  const app = new App({ token: "xoxb-bare", receiver, clientOptions: { slackApiUrl: apiUrl }, deferInitialization: true, logLevel: LogLevel.ERROR });
  app.command("/mutual", async ({ ack }) => {
    await ack();
  });
  await app.init();
  const server = (await app.start(0)) as Server;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, stop: () => app.stop() };
}

async function main() {
  await DB.recreate();
  const fake = await FakeSlack.start();
  const config = benchConfig(DB.url, {
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    queuePrefix: `mutual-bench-slack-${process.pid}`,
    adapters: ["slack"],
    slack: { botToken: "xoxb-bench", appToken: undefined, signingSecret: fake.signingSecret, apiUrl: fake.apiUrl, port: 0, kudosEmoji: "raised_hands" },
  });
  const logger = pino({ level: "silent" });
  const adapter = new SlackAdapter({ config: config.slack!, commands, process: (event) => app.mutual.process(event), form: (event, command, title) => app.mutual.form(event, command, title), logger });
  const wiring = connect([adapter]);
  const app: MutualApp = await startApp(config, { logger, chat: wiring.chat });
  await adapter.start(wiring.options());
  const port = adapter.port;
  const mutualUrl = `http://127.0.0.1:${port}/slack/events`;
  const healthUrl = `http://127.0.0.1:${port}/healthz`;
  const peer = await bareBolt(fake.signingSecret, fake.apiUrl);

  let made = 0;
  const newPeople = (n: number) =>
    Array.from({ length: n }, () => {
      const id = `UB${String(made++).padStart(6, "0")}`;
      fake.addUser({ id, name: `person${made}`, tz: "Africa/Nairobi", locale: "en-KE" });
      return id;
    });
  const requestsFor = (users: string[]) =>
    users.map((u, i) => {
      const body = slashCommandBody(fake, { userId: u, text: flags.command!, responseUrlId: `bench-${u}-${made}-${i}` });
      return { at: (i * SPREAD_MS) / users.length, body, headers: { "Content-Type": "application/x-www-form-urlencoded", ...signRequest(fake.signingSecret, body) } };
    });

  try {
    const known = FIRST_CONTACT ? [] : newPeople(PEOPLE);
    if (!FIRST_CONTACT) {
      await fire(mutualUrl, undefined, requestsFor(known)); // warm-up: everyone's first contact
      await adapter.drain();
    }
    const lines: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const users = FIRST_CONTACT ? newPeople(PEOPLE) : known;
      const bare = await fire(peer.url, undefined, requestsFor(users));
      const repliesBefore = fake.responses.length;
      const started = performance.now();
      const mutual = await fire(mutualUrl, healthUrl, requestsFor(users));
      await adapter.drain();
      const answered = fake.responses.length - repliesBefore;
      const allDone = performance.now() - started;
      const [b, m] = [stats(bare.results.map((r) => r.ms)), stats(mutual.results.map((r) => r.ms))];
      const ratio = m.p99 / Math.max(20, b.p99);
      const health = stats(mutual.health.filter((h) => h >= 0));
      const failed = mutual.results.filter((r) => r.status !== 200).length + bare.results.filter((r) => r.status !== 200).length;
      const line =
        `round ${round}: ${PEOPLE} ${FIRST_CONTACT ? "first-contact" : "known"} /mutual ${flags.command} over ${SPREAD_MS} ms · ` +
        `bare Bolt ack p50 ${b.p50.toFixed(1)} p99 ${b.p99.toFixed(1)} max ${b.max.toFixed(1)} ms · ` +
        `Mutual ack p50 ${m.p50.toFixed(1)} p99 ${m.p99.toFixed(1)} max ${m.max.toFixed(1)} ms · ratio ${ratio.toFixed(2)}× (peer floored at 20 ms) · ` +
        `/healthz max ${health.max.toFixed(1)} ms · ${answered}/${PEOPLE} replies, last after ${(allDone / 1000).toFixed(2)} s · non-200: ${failed}`;
      log(line);
      lines.push(line);
      if (answered < PEOPLE || failed) throw new Error(`round ${round}: ${answered} replies of ${PEOPLE}, ${failed} failed`);
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await peer.stop();
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
