// The built CLI with Discord credentials: `npm start` logs in to a (fake) Discord gateway, answers
// /mutual, and stops cleanly on SIGTERM; `npm run discord:deploy` registers /mutual (guild or global)
// with one bulk overwrite; wrong credentials stop it with one line that never echoes the token.
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord, type FakeUser } from "../fakes/discord.ts";
import { commands } from "../../src/core/commands/index.ts";
import { MAIN, runCli } from "../helpers/cli.ts";
import { REDIS_URL } from "../helpers/env.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres.ts";
import { testQueuePrefix } from "../helpers/redis.ts";

const DEPLOY = path.resolve("dist/discord-deploy.js");
/** Shaped like a bot token (the configuration checks the shape); only the local fake ever sees it. */
const FAKE_TOKEN = "ZmFrZS1kaXNjb3JkLWJvdA.fake00.not-a-real-discord-token";
const amina: FakeUser = { id: "320000000000000001", username: "amina", locale: "sw" };

let fake: FakeDiscord;
let db: TestDatabase;
let queue: ReturnType<typeof testQueuePrefix>;

const base = () => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
  DATABASE_URL: db.url,
  REDIS_URL,
  MUTUAL_QUEUE_PREFIX: queue.prefix,
  MUTUAL_HEALTH_PORT: "0", // never the shared default port: other tests and engineers run beside this one
  DISCORD_TOKEN: FAKE_TOKEN,
  DISCORD_APPLICATION_ID: fake.applicationId,
  DISCORD_API_URL: fake.apiUrl,
});

describe("the CLI with Discord credentials", () => {
  beforeAll(async () => {
    fake = await FakeDiscord.start({ token: FAKE_TOKEN, users: [amina], heartbeatIntervalMs: 1_000 });
    db = await createTestDatabase();
    queue = testQueuePrefix();
  });
  afterAll(async () => {
    await fake?.close();
    await queue?.cleanup();
    await db?.drop();
  });

  it("logs in through the gateway, answers /profile, and shuts down cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [MAIN], { env: { ...base(), LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    await fake.waitForReady(20_000);
    const deadline = Date.now() + 10_000;
    while (!stderr.includes('"msg":"Mutual started"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toContain('"msg":"Discord connected"');

    const payload = fake.chatInput({ user: amina, guildId: fake.guilds[0]!.id, name: "profile", options: [] });
    const callback = await fake.interact(payload, 10_000);
    // Answered at once (4), or deferred (5) on a busy machine and then edited in.
    expect([4, 5]).toContain(callback.type);
    expect(callback.data.flags).toBe(64);
    const token = String(payload.token);
    if (callback.type === 5) await fake.waitForCall("PATCH", new RegExp(`/webhooks/\\d+/${token}/messages/@original`), () => true, 10_000);
    const content = callback.type === 4 ? callback.data.content : fake.original(token)?.content;
    expect(content).toMatch(/Kiswahili \(sw\)/); // amina reads Swahili: her profile too

    child.kill("SIGTERM");
    expect(await closed).toBe(0);
    expect(stderr).toContain('"reason":"SIGTERM"');
  });

  it("deploys a command per area with one bulk overwrite that removes the old /mutual: to the server in DISCORD_GUILD_ID, else globally", async () => {
    const run = promisify(execFile);
    const guildId = fake.guilds[0]!.id;
    const names = commands.map((c) => c.name);
    // What an earlier version registered: one /mutual, in the server and globally.
    const old = [{ name: "mutual", description: "Mutual", type: 1, options: [{ type: 1, name: "profile", description: "Your profile" }] }];
    for (const path of [`/applications/${fake.applicationId}/guilds/${guildId}/commands`, `/applications/${fake.applicationId}/commands`]) {
      const res = await fetch(`${fake.apiUrl}/v10${path}`, { method: "PUT", headers: { authorization: `Bot ${fake.token}`, "content-type": "application/json" }, body: JSON.stringify(old) });
      expect(res.status).toBe(200);
    }
    expect(fake.registeredCommands(guildId).map((c: { name: string }) => c.name)).toEqual(["mutual"]);

    const guild = await run(process.execPath, [DEPLOY], { env: { ...base(), DISCORD_GUILD_ID: guildId } });
    expect(guild.stdout).toMatch(new RegExp(`^Deployed ${names.length} commands, /${names[0]}, `));
    expect(guild.stdout).toMatch(/\(the largest \d{3,4} of 4000 characters\), to server \d+/);
    const puts = fake.callsTo("PUT", `/applications/${fake.applicationId}/guilds/${guildId}/commands`);
    expect(puts).toHaveLength(2);
    expect(puts[1]!.status).toBe(200); // the fake checks the payload against Discord's limits (400 otherwise)
    expect(fake.registeredCommands(guildId).map((c: { name: string }) => c.name)).toEqual(names); // /mutual is gone

    const global = await run(process.execPath, [DEPLOY], { env: base() });
    expect(global.stdout).toContain("globally");
    expect(fake.callsTo("PUT", `/applications/${fake.applicationId}/commands`)).toHaveLength(2);
    expect(fake.registeredCommands().map((c: { name: string }) => c.name)).toEqual(names);
  });

  it("stops with one line when a Discord credential is missing or malformed, never echoing the token", async () => {
    const env = { DATABASE_URL: db.url, REDIS_URL, MUTUAL_QUEUE_PREFIX: queue.prefix };
    const alone = await runCli(null, { ...env, DISCORD_TOKEN: FAKE_TOKEN });
    expect([alone.code, alone.stderr.trim()]).toEqual([2, "Configuration error: DISCORD_TOKEN needs DISCORD_APPLICATION_ID beside it (both are in the Discord Developer Portal)."]);
    const malformed = await runCli(null, { ...env, DISCORD_TOKEN: "not-a-token-secret-value", DISCORD_APPLICATION_ID: "123456789012345678" });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr.trim()).toBe("Configuration error: DISCORD_TOKEN must be a bot token (Bot → Reset Token in the Developer Portal).");
    expect(malformed.stderr).not.toContain("not-a-token-secret-value");
  });
});
