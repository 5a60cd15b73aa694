// Benchmark for issue 7: how fast slash-command interactions are answered on Discord (the 3-second rule)
// under concurrent load, and how a scheduled prompt fans out under the global rate limit.
// The real discord.js client and the real app (PostgreSQL, Redis) against the local fake Discord.
//
// Usage (from the repository root; needs PostgreSQL and Redis):
//   npx tsx scripts/bench-discord.ts [--rounds 3] [--concurrency 100] [--spread 1000]
//
// Each round dispatches `concurrency` `/kudos @next …` interactions over the gateway, arrivals spread
// evenly over `spread` ms as people make them (0: all at the same instant, the worst case), and
// reports the time from each dispatch to the interaction's callback (p50, p99, max) and how many were
// deferred (not answered within DISCORD_DEFER_AFTER_MS). Each kudos is checked recorded once.
// Then `schedule fire` sends a prompt to every member by DM: requests, seconds, busiest second, 429s.
// The fake runs in this process too, so its own work is counted in the latencies (an upper bound).
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import type { FakeUser } from "../tests/fakes/discord.ts";
import { startDiscord } from "../tests/helpers/discord.ts";

const { values: flags } = parseArgs({
  options: { rounds: { type: "string", default: "3" }, concurrency: { type: "string", default: "100" }, spread: { type: "string", default: "1000" } },
});
const ROUNDS = Number(flags.rounds);
const CONCURRENCY = Number(flags.concurrency);
const SPREAD_MS = Number(flags.spread);
const log = (m: string) => process.stdout.write(`${m}\n`);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const users: FakeUser[] = Array.from({ length: CONCURRENCY }, (_, i) => ({ id: String(330000000000000000n + BigInt(i)), username: `person${i}` }));
  const h = await startDiscord("postgres", { users });
  try {
    await h.slash(users[0]!, 'project create "Bench" slug=bench');
    for (const u of users.slice(1)) await h.slash(u, "project join bench");
    const prisma = h.app.database.prisma;
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await prisma.acknowledgement.count();
      // As Discord sends them: the person picked comes resolved with the interaction.
      const payloads = users.map((u, i) => h.chatInput(u, `kudos <@${users[(i + 1) % users.length]!.id}> "round ${round}: thanks for the field notes"`));
      const answered = await Promise.all(payloads.map(async (p, i) => (await sleep((i * SPREAD_MS) / CONCURRENCY), h.fake.interact(p, 10_000))));
      await h.adapter.drain();
      const ms = answered.map((a) => a.ms).sort((a, b) => a - b);
      const deferred = answered.filter((a) => a.type === 5).length;
      const recorded = (await prisma.acknowledgement.count()) - before;
      log(`round ${round}: ${CONCURRENCY} interactions over ${SPREAD_MS} ms · callback p50 ${Math.round(percentile(ms, 50))} ms · p99 ${Math.round(percentile(ms, 99))} ms · max ${Math.round(ms.at(-1)!)} ms · deferred ${deferred} · kudos recorded ${recorded}/${CONCURRENCY}`);
      if (recorded !== CONCURRENCY) throw new Error(`expected ${CONCURRENCY} kudos, got ${recorded}`);
    }
    await h.slash(users[0]!, "schedule create set=mutual-learning every=daily at=09:00");
    const started = Date.now();
    const fired = await h.slash(users[0]!, "schedule fire #1");
    const seconds = (Date.now() - started) / 1000;
    const requests = h.fake.calls.filter((c) => c.at >= started).length;
    log(`fan-out: ${fired.replies.join(" ").replace(/\s+/g, " ").slice(0, 80)} · ${requests} REST requests in ${seconds.toFixed(1)} s · busiest second ${h.fake.maxRequestsInAnySecond()} · 429s ${h.fake.rateLimited.length}`);
  } finally {
    await h.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
