// Benchmark for issue 15: scaling out with MUTUAL_COMMANDS=queue, one worker process against two.
//
// Usage (from the repository root, after `npm run build`; needs PostgreSQL and Redis):
//   npx tsx scripts/bench-command-queue.ts [--commands 600] [--inflight 32]
//
// A scratch PostgreSQL database is set up (a project, 40 members), then worker processes are started
// exactly as an operator would (`node dist/main.js`, MUTUAL_ROLE=worker, MUTUAL_COMMANDS=queue). This
// process plays the bot: it queues `kudos` commands (each a write and a notice) with `inflight` at
// a time and measures commands answered per second, first with one worker, then with a second one
// added. The ratio is the figure (the machine is shared; absolute rates drift).
// Environment: BENCH_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { startApp } from "../src/app.ts";
import type { ChatEvent } from "../src/core/events.ts";
import { CommandQueue } from "../src/scheduler/commands.ts";
import { benchConfig, scratchDatabase, startBuilt } from "./bench-db.ts";

const { values: flags } = parseArgs({ options: { commands: { type: "string", default: "600" }, inflight: { type: "string", default: "32" } } });
const COMMANDS = Number(flags.commands);
const INFLIGHT = Number(flags.inflight);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const DB = scratchDatabase("mutual_bench_queue");
const PREFIX = `mutual-bench-${randomBytes(4).toString("hex")}`;
const PEOPLE = 40;
const log = (m: string) => process.stderr.write(`${m}\n`);

let seq = 0;
const event = (user: string, text: string): ChatEvent => ({
  id: `bench-queue:${process.pid}:${++seq}`,
  platform: "shell",
  workspace: { externalId: "local", name: "Shell" },
  user: { externalId: user, displayName: user, handle: user },
  channel: { id: "stdin", direct: true },
  text,
});

const startWorker = () => startBuilt({ DATABASE_URL: DB.url, REDIS_URL, MUTUAL_QUEUE_PREFIX: PREFIX, MUTUAL_ROLE: "worker", MUTUAL_COMMANDS: "queue" }, "worker");

async function round(bot: CommandQueue): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < COMMANDS) {
      const i = next++;
      const from = `p${i % PEOPLE}`;
      const to = `p${(i + 1) % PEOPLE}`;
      const { replies } = await bot.process(event(from, `kudos @${to} for the field notes`));
      if (replies[0]?.tone !== "success") throw new Error(`kudos ${i}: ${JSON.stringify(replies[0])}`);
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, lane));
  return COMMANDS / ((performance.now() - started) / 1000);
}

async function main() {
  await DB.recreate();
  const config = benchConfig(DB.url, { queuePrefix: PREFIX });
  // Set-up in-process (migrations, people, the project), then closed: the workers do the rest.
  const setup = await startApp(config, { logger: pino({ level: "silent" }), chat: { send: async () => undefined, post: async () => undefined } });
  await setup.mutual.handle(event("p0", 'project create "Bench" slug=bench'));
  for (let i = 1; i < PEOPLE; i++) await setup.mutual.handle(event(`p${i}`, "project join bench"));
  await setup.close();

  const bot = new CommandQueue({ redisUrl: REDIS_URL, prefix: PREFIX, logger: pino({ level: "silent" }), resultMs: 60_000 });
  await bot.startProducer();
  const workers: ChildProcess[] = [];
  try {
    workers.push(await startWorker());
    await round(bot); // warm-up: connections, caches, JIT
    const one = await round(bot);
    workers.push(await startWorker());
    await round(bot);
    const two = await round(bot);
    log(`${COMMANDS} kudos through the queue, ${INFLIGHT} in flight, one run:`);
    log(`  1 worker:  ${one.toFixed(0)} commands/s`);
    log(`  2 workers: ${two.toFixed(0)} commands/s (${(two / one).toFixed(2)}× one worker)`);
  } finally {
    for (const w of workers) w.kill("SIGTERM");
    await bot.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(String(e instanceof Error ? e.stack : e));
    process.exit(1);
  },
);
