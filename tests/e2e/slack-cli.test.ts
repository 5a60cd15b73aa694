// The built CLI with Slack credentials: `npm start` connects in Socket Mode to a (fake) Slack, answers
// a slash command, and stops cleanly on SIGTERM; wrong credentials stop it with one line.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlack, slashCommandPayload } from "../fakes/slack.ts";
import { MAIN, runCli } from "../helpers/cli.ts";
import { REDIS_URL } from "../helpers/env.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres.ts";
import { testQueuePrefix } from "../helpers/redis.ts";

let fake: FakeSlack;
let db: TestDatabase;
let queue: ReturnType<typeof testQueuePrefix>;

describe("the CLI with Slack credentials", () => {
  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser({ id: "U01AMINA", name: "amina", tz: "Africa/Nairobi", locale: "sw-KE" });
    db = await createTestDatabase();
    queue = testQueuePrefix();
  });
  afterAll(async () => {
    await fake?.close();
    await queue?.cleanup();
    await db?.drop();
  });

  it("connects in Socket Mode, answers /mutual, and shuts down cleanly on SIGTERM", async () => {
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      DATABASE_URL: db.url,
      REDIS_URL,
      MUTUAL_QUEUE_PREFIX: queue.prefix,
      MUTUAL_HEALTH_PORT: "0", // never the shared default port: other tests and engineers run beside this one
      SLACK_BOT_TOKEN: "xoxb-e2e",
      SLACK_APP_TOKEN: "xapp-e2e",
      SLACK_API_URL: fake.apiUrl,
      LOG_LEVEL: "info",
    };
    const child = spawn(process.execPath, [MAIN], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    await fake.waitFor(() => stderr.includes('"msg":"Slack connected"'), 20_000);
    expect(stderr).toContain('"mode":"socket"');

    await fake.sendEnvelope("slash_commands", slashCommandPayload(fake, { userId: "U01AMINA", text: "profile", responseUrlId: "e2e" }));
    const reply = await fake.waitFor(() => fake.responses.find((r) => r.id === "e2e"), 10_000);
    // amina reads Swahili: her profile too.
    expect(String(reply.body.text)).toMatch(/saa za eneo:\s+Africa\/Nairobi/);
    expect(String(reply.body.text)).toMatch(/lugha:\s+Kiswahili \(sw\)/);

    child.kill("SIGTERM");
    expect(await closed).toBe(0);
    expect(stderr).toContain('"reason":"SIGTERM"');
  });

  it("stops with one line when a Slack credential is missing or malformed", async () => {
    const base = { DATABASE_URL: db.url, REDIS_URL, MUTUAL_QUEUE_PREFIX: queue.prefix };
    const alone = await runCli(null, { ...base, SLACK_BOT_TOKEN: "xoxb-1" });
    expect([alone.code, alone.stderr.trim()]).toEqual([2, "Configuration error: SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) beside it."]);
    const user = await runCli(null, { ...base, SLACK_BOT_TOKEN: "xoxp-1", SLACK_APP_TOKEN: "xapp-1" });
    expect(user.code).toBe(2);
    expect(user.stderr.trim()).toBe('Configuration error: SLACK_BOT_TOKEN must be a bot token (xoxb-…, under OAuth & Permissions).');
  });
});
