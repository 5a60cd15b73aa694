// MUTUAL_COMMANDS=queue: a chat process hands commands to workers through BullMQ (real Redis, real
// PostgreSQL). The replies are the ones the core gives in-process, files included; a retried event
// is one job and one effect; without a worker the person is told kindly, in time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { translator } from "../../src/core/i18n/index.ts";
import { unavailableMessage } from "../../src/core/errors.ts";
import { exportBytes } from "../../src/adapters/files.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { CommandQueue } from "../../src/scheduler/commands.ts";
import { REDIS_URL } from "../helpers/env.ts";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";

const logger = pino({ level: "silent" });

describe("commands through the BullMQ command queue", () => {
  let app: TestApp;
  let bot: CommandQueue;
  let worker: CommandQueue;
  const said = async (user: string, text: string, id?: string) => (await bot.process(shellEvent(user, text, id))).replies.map(renderPlainText).join("\n");

  beforeAll(async () => {
    app = await startTestApp("postgres");
    const common = { redisUrl: REDIS_URL, prefix: app.config.queuePrefix, logger };
    worker = new CommandQueue(common);
    await worker.startWorker((event) => app.mutual.process(event));
    bot = new CommandQueue(common);
    await bot.startProducer();
    expect(await app.say("lead", 'project create "Queued" slug=queued')).toContain("You are its lead");
    expect(await app.say("amina", "project join queued")).toContain("Welcome");
  });
  afterAll(async () => {
    await bot?.close();
    await worker?.close();
    await app?.stop();
  });

  it("answers as the core does in-process", async () => {
    expect(await said("lead", "help kudos")).toBe(await app.say("lead", "help kudos"));
    expect(await said("lead", "kudos @amina for the field notes")).toContain("Thanks recorded for amina");
  });

  it("runs a retried event once: the same job, one contribution, the same answer twice", async () => {
    const before = await app.database.prisma.contribution.count();
    const id = `queued-retry-${Date.now()}`;
    const [first, second] = await Promise.all([said("lead", 'contribution add @amina "Ran the workshop" roles=investigation', id), said("lead", 'contribution add @amina "Ran the workshop" roles=investigation', id)]);
    expect(first).toContain("Recorded");
    expect(second).toBe(first);
    expect(await said("lead", 'contribution add @amina "Ran the workshop" roles=investigation', id)).toBe(first); // a later retry too
    expect(await app.database.prisma.contribution.count()).toBe(before + 1);
  });

  it("brings an export's file back whole", async () => {
    const { replies } = await bot.process(shellEvent("lead", "summary format=csv"));
    const files = replies.flatMap((r) => r.files ?? []);
    expect(files).toHaveLength(1);
    const csv = (await exportBytes(files[0]!)).toString("utf8");
    expect(csv.split("\n")[0]).toContain("description");
    expect(csv).toContain("Ran the workshop");
  });

  it("tells the person the scheduler is unreachable when no worker answers in time", async () => {
    const lonely = new CommandQueue({ redisUrl: REDIS_URL, prefix: `${app.config.queuePrefix}-nobody`, logger, resultMs: 300 });
    await lonely.startProducer();
    try {
      const { replies } = await lonely.process(shellEvent("lead", "help"));
      expect(replies.map(renderPlainText)).toEqual([`⚠ ${translator("en").msg(unavailableMessage("scheduler"))}`]);
    } finally {
      await lonely.close();
    }
  });
});
