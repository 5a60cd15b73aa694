// BullMQ on real Redis: job schedulers follow the database, survive a Redis flush, and the smoke
// job proves the queue → worker loop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.ts";
import { schedulerId } from "../../src/scheduler/scheduler.ts";
import { deleteKeys } from "../helpers/redis.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { pino } from "pino";

describe("scheduler", () => {
  let app: TestApp;
  let projectId: string;
  beforeAll(async () => {
    app = await startTestApp("postgres");
    await app.say("lead", 'project create "Schedules" slug=sched');
    projectId = (await app.database.prisma.project.findFirstOrThrow({ where: { slug: "sched" } })).id;
  });
  afterAll(async () => {
    await app?.stop();
  });

  let number = 0;
  const addSchedule = (enabled = true) =>
    app.database.prisma.schedule.create({ data: { projectId, number: ++number, kind: "REFLECTION", cadence: { type: "weekly", weekdays: [1] }, enabled } });

  it("reconciles job schedulers from the database: added, disabled and deleted schedules", async () => {
    const [a, b, off] = [await addSchedule(), await addSchedule(), await addSchedule(false)];
    await app.scheduler.reconcile();
    expect((await app.scheduler.scheduled()).map((s) => s.id).sort()).toEqual([schedulerId(a.id), schedulerId(b.id)].sort());
    expect((await app.scheduler.scheduled()).every((s) => typeof s.next === "number")).toBe(true);

    await app.database.prisma.schedule.update({ where: { id: a.id }, data: { enabled: false } });
    await app.database.prisma.schedule.update({ where: { id: off.id }, data: { enabled: true } });
    await app.database.prisma.schedule.delete({ where: { id: b.id } });
    await app.scheduler.reconcile();
    expect((await app.scheduler.scheduled()).map((s) => s.id)).toEqual([schedulerId(off.id)]);
  });

  it("restores every schedule after Redis is flushed and the bot restarts", async () => {
    const expected = (await app.database.prisma.schedule.findMany({ where: { enabled: true } })).map((s) => schedulerId(s.id)).sort();
    expect(expected.length).toBeGreaterThan(0);
    await deleteKeys(`${app.config.queuePrefix}:*`); // what FLUSHALL does to our keys
    expect(await app.scheduler.scheduled()).toEqual([]);
    const restarted = await startApp(app.config, { logger: pino({ level: "silent" }), chat: { send: async () => undefined, post: async () => undefined } });
    try {
      expect((await restarted.scheduler.scheduled()).map((s) => s.id).sort()).toEqual(expected);
    } finally {
      await restarted.close();
    }
  });

  it("round-trips a smoke job through the queue and a worker", async () => {
    const { ms } = await app.scheduler.smoke(5000);
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(5000);
  });

  it("a bot process without workers says kindly that the scheduler did not answer", async () => {
    const botOnly = await startApp({ ...app.config, role: "bot" }, { logger: pino({ level: "silent" }), chat: { send: async () => undefined, post: async () => undefined } });
    // The workers of `app` share the queue prefix; stop them so nobody answers.
    await app.scheduler.close();
    try {
      const [reply] = await botOnly.mutual.handle({
        id: "ping-bot-only",
        platform: "shell",
        workspace: { externalId: "local" },
        user: { externalId: "lead", displayName: "lead" },
        text: "ping",
      });
      expect(reply?.tone).toBe("error");
      expect(JSON.stringify(reply)).toContain("its scheduler did not answer within 2 s");
    } finally {
      await botOnly.close();
    }
  });
});
