// Benchmark for issue 4's dispatch target: a daily 09:00 prompt for 10,000 people across 24 time
// zones, dispatched to a no-op chat port with all the database bookkeeping (claim, mark sent).
//
// Usage (from the repository root; needs PostgreSQL and Redis):
//   npx tsx scripts/bench-reflections.ts
//
// It creates a scratch database mutual_bench_reflections (dropped afterwards), seeds it, then measures:
//   1. one hour of ticks (four quarter-hour ticks, 06:00–06:45 UTC on a Monday) as BullMQ fires them:
//      the ~1/24 of people whose 09:00 falls in that hour;
//   2. a burst: all 10,000 people due in one dispatch (`schedule fire`, the same delivery path);
//   and reports deliveries per second for each (target: ≥ 1,000/s).
// Environment: BENCH_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL.
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { startApp } from "../src/app.ts";
import type { Clock } from "../src/core/ports.ts";
import { TICK_MS } from "../src/core/reflection/dispatch.ts";
import { benchConfig, scratchDatabase } from "./bench-db.ts";

const DB = scratchDatabase("mutual_bench_reflections");
const PEOPLE = 10_000;
const ZONES = [
  "Pacific/Pago_Pago", "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver", "America/Mexico_City",
  "America/Bogota", "America/Santiago", "America/Sao_Paulo", "Atlantic/South_Georgia", "Atlantic/Azores", "Africa/Abidjan",
  "Africa/Lagos", "Africa/Johannesburg", "Africa/Nairobi", "Asia/Dubai", "Asia/Karachi", "Asia/Kathmandu",
  "Asia/Dhaka", "Asia/Bangkok", "Asia/Manila", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
];

const log = (m: string) => process.stderr.write(`${m}\n`);

async function main() {
  await DB.recreate();
  let now = new Date("2026-11-23T04:00:00Z"); // a Monday
  const clock: Clock = { now: () => now };
  let sent = 0;
  const config = benchConfig(DB.url, { redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
  const app = await startApp(config, { logger: pino({ level: "silent" }), clock, chat: { send: async () => void sent++, post: async () => undefined } });
  try {
    const db = app.database.prisma;
    const t0 = performance.now();
    const ws = await db.workspace.create({ data: { platform: "SHELL", externalId: "bench", name: "Bench" } });
    const project = await db.project.create({ data: { workspaceId: ws.id, slug: "bench", name: "Bench" } });
    const ids = Array.from({ length: PEOPLE }, (_, i) => `bench-person-${String(i).padStart(5, "0")}`);
    await db.person.createMany({ data: ids.map((id, i) => ({ id, displayName: `Person ${i}`, timezone: ZONES[i % ZONES.length]!, workDays: [1, 2, 3, 4, 5, 6, 7], language: ["en", "fr", "es", "pt", "sw"][i % 5]! })) });
    await db.membership.createMany({ data: ids.map((personId, i) => ({ projectId: project.id, personId, role: i === 0 ? "LEAD" : "MEMBER" })) });
    const schedule = await db.schedule.create({ data: { projectId: project.id, number: 1, kind: "REFLECTION", cadence: { type: "daily" }, localTime: "09:00", promptSet: "mutual-learning" } });
    log(`seeded ${PEOPLE.toLocaleString("en")} people in ${ZONES.length} zones in ${Math.round(performance.now() - t0)} ms`);

    // Warm-up: the ticks of the two hours before (unmeasured), so the measured hour starts from steady state.
    for (let t = now.getTime(); t < Date.parse("2026-11-23T06:00:00Z"); t += TICK_MS) {
      now = new Date(t);
      await app.dispatcher.tick(schedule.id, now);
    }
    const warm = sent;
    let tickMs = 0;
    const perTick: string[] = [];
    for (let t = Date.parse("2026-11-23T06:00:00Z"); t < Date.parse("2026-11-23T07:00:00Z"); t += TICK_MS) {
      now = new Date(t);
      const s = performance.now();
      const r = await app.dispatcher.tick(schedule.id, now);
      const ms = performance.now() - s;
      tickMs += ms;
      perTick.push(`${now.toISOString().slice(11, 16)}Z: ${r.sent} in ${ms.toFixed(0)} ms`);
    }
    const hourSent = sent - warm;
    const rows = await db.promptDelivery.count({ where: { status: "SENT" } });

    now = new Date("2026-11-23T07:05:00Z");
    const record = await app.mutual.services.store.reflections.schedule(schedule.id);
    const b0 = performance.now();
    const burst = await app.dispatcher.fireNow(record!, "bench-burst");
    const burstMs = performance.now() - b0;
    const burstRows = await db.promptDelivery.count({ where: { dedupeKey: { contains: ":now:bench-burst" }, status: "SENT" } });

    const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en");
    console.log(`### Reflection dispatch benchmark (${PEOPLE.toLocaleString("en")} people, ${ZONES.length} zones, daily at 09:00 local, no-op chat port, PostgreSQL)

| Measurement | Result | Target |
| --- | ---: | ---: |
| one hour of ticks (06:00–06:45 UTC): deliveries | ${hourSent} (${perTick.join("; ")}) | |
| one hour of ticks: wall time of the four ticks | ${tickMs.toFixed(0)} ms | |
| one hour of ticks: deliveries per second of tick time | ${rate(hourSent, tickMs)} /s | ≥ 1,000 /s |
| burst: all members at once (\`schedule fire\`) | ${burst.sent.toLocaleString("en")} in ${burstMs.toFixed(0)} ms = ${rate(burst.sent, burstMs)} /s | ≥ 1,000 /s |
| delivery rows marked SENT (hour warm-up + hour; burst) | ${rows.toLocaleString("en")}; ${burstRows.toLocaleString("en")} | every send recorded |

Node ${process.version}. Reproduce: \`npx tsx scripts/bench-reflections.ts\``);
  } finally {
    await app.close();
    await DB.drop();
  }
}

await main();
