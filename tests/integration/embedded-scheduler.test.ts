// The embedded scheduler (REDIS_URL unset): schedules tick in-process through the same Dispatcher
// and claims as with BullMQ; ping is a round trip through the loop; a restart catches up the quarter
// hours it missed, at most three hours back, and never sends twice.
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../src/app.ts";
import type { OutgoingMessage } from "../../src/core/message.ts";
import type { PersonRef } from "../../src/core/ports.ts";
import type { EmbeddedScheduler } from "../../src/scheduler/embedded.ts";
import { schedulerId } from "../../src/scheduler/scheduler.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { waitForEvent } from "../helpers/wait.ts";

const QUARTER = 15 * 60_000;
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

describe("the embedded scheduler", () => {
  // A PGlite app doing real work: 15 s idle, twice that on a loaded 2-core machine.
  it("ticks every schedule and sends what is due once; ping goes round the loop", { timeout: 120_000 }, async () => {
    const app = await startTestApp("pglite", { redisUrl: undefined }, { tickEveryMs: 300 });
    try {
      expect(app.scheduler.kind).toBe("embedded");
      expect(await app.say("lead", "ping")).toMatch(/^✓ pong: the scheduler answered in \d+ ms\.$/);
      await app.say("lead", "profile tz=UTC workdays=mon-sun");
      await app.say("lead", 'project create "Loop" slug=loop');
      const now = Math.floor(Date.now() / QUARTER) * QUARTER;
      expect(await app.say("lead", `schedule create every=daily at=${hhmm(now)}`)).toContain("Schedule created");
      const schedule = await app.database.prisma.schedule.findFirstOrThrow();
      expect(await app.scheduler.scheduled()).toEqual([{ id: schedulerId(schedule.id), next: expect.any(Number) }]);
      // Three ticks of it: the first sends, the others find the delivery claimed.
      for (let i = 0; i < 3; i++) await waitForEvent<{ scheduleId: string }>(app.scheduler.events, "tick", (t) => t.scheduleId === schedule.id);
      expect(app.sent).toHaveLength(1);
      expect(await app.say("lead", "schedule pause #1")).toContain("paused");
      expect(await app.scheduler.scheduled()).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  describe("after a restart", () => {
    let app: TestApp;
    const sent: Array<{ to: PersonRef; message: OutgoingMessage }> = [];
    const restart = (): Promise<App> =>
      startApp(app.config, { logger: pino({ level: "silent" }), chat: { send: async (to, message) => void sent.push({ to, message }), post: async () => undefined } });
    const setLastTick = async (at: Date) => {
      const client = new pg.Client({ connectionString: (app.config.database as { url: string }).url });
      await client.connect();
      try {
        await client.query(`UPDATE "SchedulerState" SET "lastTickAt" = $1 WHERE name = 'embedded'`, [at.toISOString().replace("Z", "")]);
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      app = await startTestApp("postgres", { redisUrl: undefined });
      await app.say("lead", "profile tz=UTC workdays=mon-sun");
      await app.say("lead", 'project create "Catch-up" slug=catchup');
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("ticks the quarter hours it missed (at most three hours back), and only once", async () => {
      const quarter = Math.floor(Date.now() / QUARTER) * QUARTER;
      // Due 90 minutes ago: beyond the hour each tick looks back, so only a catch-up delivers it.
      expect(await app.say("lead", `schedule create every=daily at=${hhmm(quarter - 90 * 60_000)} remind=off`)).toContain("Schedule created");
      // Due five hours ago: beyond the catch-up bound; a prompt that late is not sent.
      expect(await app.say("lead", `schedule create every=daily at=${hhmm(quarter - 5 * 3600_000)} remind=off`)).toContain("Schedule created");
      await app.close();
      // The process was stopped two hours ago.
      await setLastTick(new Date(quarter - 2 * 3600_000));

      const second = await restart();
      try {
        const quarters = await (second.scheduler as EmbeddedScheduler).caughtUp;
        expect(quarters).toBeGreaterThanOrEqual(8); // quarter − 1:45 … quarter
        const [due] = await second.database.prisma.schedule.findMany({ where: { number: 1 } });
        const deliveries = await second.database.prisma.promptDelivery.findMany();
        expect(deliveries.map((d) => d.scheduleId)).toEqual([due!.id]);
        expect(sent).toHaveLength(1);
        const state = await second.database.prisma.schedulerState.findUniqueOrThrow({ where: { name: "embedded" } });
        expect(state.lastTickAt.getTime()).toBeGreaterThanOrEqual(quarter);
      } finally {
        await second.close();
      }

      // Another restart, even told to look back again, sends nothing twice.
      await setLastTick(new Date(quarter - 2 * 3600_000));
      const third = await restart();
      try {
        expect(await (third.scheduler as EmbeddedScheduler).caughtUp).toBeGreaterThanOrEqual(8);
        expect(sent).toHaveLength(1);
      } finally {
        await third.close();
      }
    });
  });
});
