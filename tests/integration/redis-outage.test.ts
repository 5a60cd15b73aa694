// Redis goes away and comes back empty (a crash without persistence) while Mutual runs on BullMQ:
// commands keep being answered within about 2 s, schedule changes are kept, and the job schedulers
// are rebuilt from the database on reconnect (and every few minutes), without a restart.
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unavailableMessage } from "../../src/core/errors.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { schedulerId } from "../../src/scheduler/scheduler.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.ts";
import { waitForEvent } from "../helpers/wait.ts";

/** The current quarter hour in UTC, as HH:MM (a daily schedule at it is due now). */
function currentQuarter(): string {
  const d = new Date(Math.floor(Date.now() / 900_000) * 900_000);
  return d.toISOString().slice(11, 16);
}

/** Runs a command and times it. */
async function timed(app: TestApp, user: string, text: string) {
  const started = performance.now();
  const reply = await app.say(user, text);
  return { reply, ms: Math.round(performance.now() - started) };
}

describe("a Redis outage (BullMQ)", () => {
  let redis: TestRedisServer;
  let app: TestApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    // Ticks every second so a restored schedule's tick is seen at once; the periodic reconcile is
    // far off, so the repair below is the reconnect's doing.
    app = await startTestApp("postgres", { redisUrl: redis.url, reconcileIntervalMs: 600_000 }, { tickEveryMs: 1_000 });
    expect(await app.say("lead", "profile tz=UTC workdays=mon-sun")).toContain("Profile saved");
    expect(await app.say("lead", 'project create "Outage" slug=outage')).toContain("You are its lead");
  });
  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });

  it("answers commands while Redis is down, then restores the job schedulers and runs a due tick", async () => {
    // A schedule that exists before the outage (due at another hour).
    const early = (Number(currentQuarter().slice(0, 2)) + 6) % 24;
    expect(await app.say("lead", `schedule create every=daily at=${String(early).padStart(2, "0")}:00`)).toContain("Schedule created");
    const before = await app.scheduler.scheduled();
    expect(before).toHaveLength(1);

    const down = once(app.scheduler.events, "down");
    await redis.kill();
    await down;

    const waits: Array<{ command: string; ms: number }> = [];
    const ping = await timed(app, "lead", "ping");
    waits.push({ command: "ping", ms: ping.ms });
    expect(ping.reply).toBe(`⚠ ${translator("en").msg(unavailableMessage("scheduler"))}`);
    expect(ping.ms).toBeLessThan(2_500);

    for (const command of ["help", "profile", "schedule list"]) {
      const { reply, ms } = await timed(app, "lead", command);
      waits.push({ command, ms });
      expect(reply).not.toMatch(/^⚠/);
      expect(ms).toBeLessThan(2_500);
    }

    // A schedule created during the outage is saved, and the command does not wait for Redis.
    const created = await timed(app, "lead", `schedule create every=daily at=${currentQuarter()}`);
    waits.push({ command: "schedule create", ms: created.ms });
    expect(created.reply).toContain("Schedule created");
    expect(created.ms).toBeLessThan(2_500);
    const paused = await timed(app, "lead", "schedule pause #1");
    waits.push({ command: "schedule pause", ms: paused.ms });
    expect(paused.reply).toContain("paused");
    const resumed = await timed(app, "lead", "schedule resume #1");
    waits.push({ command: "schedule resume", ms: resumed.ms });
    expect(Math.max(...waits.map((w) => w.ms))).toBeLessThan(2_500);

    const schedules = await app.database.prisma.schedule.findMany({ where: { enabled: true }, orderBy: { number: "asc" } });
    const expected = schedules.map((s) => schedulerId(s.id)).sort();
    const fresh = schedules[1]!.id;

    // Redis comes back empty: no job schedulers at all until Mutual reconciles.
    const up = once(app.scheduler.events, "up");
    const reconciled = once(app.scheduler.events, "reconciled");
    const ticked = waitForEvent<{ scheduleId: string }>(app.scheduler.events, "tick", ({ scheduleId }) => scheduleId === fresh).then(() => performance.now());
    const restarted = performance.now();
    await redis.restart();
    await up;
    await reconciled;
    const restoredMs = Math.round(performance.now() - restarted);
    expect((await app.scheduler.scheduled()).map((s) => s.id).sort()).toEqual(expected);

    // The schedule created while Redis was down ticks, and its prompt goes out once.
    const tickMs = Math.round((await ticked) - restarted);
    expect(app.sent.filter((m) => m.to.displayName === "lead")).toHaveLength(1);
    console.info(
      `[measure] Redis restart → job schedulers back: ${restoredMs} ms; → first tick of the schedule created during the outage: ${tickMs} ms; ` +
        `longest command wait while Redis was down: ${Math.max(...waits.map((w) => w.ms))} ms (${waits.map((w) => `${w.command} ${w.ms}`).join(", ")})`,
    );
  });

  it("repairs job schedulers removed behind its back at the next periodic reconcile", async () => {
    const repairing = await startTestApp("postgres", { redisUrl: redis.url, reconcileIntervalMs: 1_000 });
    try {
      expect(await repairing.say("lead", 'project create "Flush" slug=flush')).toContain("You are its lead");
      expect(await repairing.say("lead", "schedule create every=weekly days=mon at=09:00")).toContain("Schedule created");
      const [scheduled] = await repairing.scheduler.scheduled();
      expect(scheduled).toBeDefined();
      // What FLUSHALL or an operator's mistake does to our keys.
      const { Redis } = await import("ioredis");
      const client = new Redis(redis.url);
      await client.flushall();
      client.disconnect();
      expect(await repairing.scheduler.scheduled()).toEqual([]);
      // A reconcile already under way may report first; the repair is the one that adds.
      await waitForEvent<{ added: number }>(repairing.scheduler.events, "reconciled", ({ added }) => added > 0);
      expect((await repairing.scheduler.scheduled()).map((s) => s.id)).toEqual([scheduled!.id]);
    } finally {
      await repairing.stop();
    }
  });
});
