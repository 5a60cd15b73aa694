// The built CLI through a Redis outage, as an operator sees it: replies keep coming, stderr holds
// only JSON log lines (one when Redis goes, one when it is back; no stack traces), and a shell whose
// input ends while Redis is down exits promptly.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unavailableMessage } from "../../src/core/errors.ts";
import { english } from "../../src/core/i18n/index.ts";
import { MAIN } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres.ts";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.ts";

/** A running CLI whose output can be awaited line by line. */
function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: ["pipe", "pipe", "pipe"] }) as ChildProcessWithoutNullStreams;
  const out = { stdout: "", stderr: "" };
  const waiters: Array<{ stream: "stdout" | "stderr"; pattern: RegExp; from: number; resolve: () => void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.pattern.test(out[w.stream].slice(w.from))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on("data", (d) => ((out.stdout += d), check()));
  child.stderr.on("data", (d) => ((out.stderr += d), check()));
  return {
    child,
    out,
    /** Resolves when `pattern` appears in the stream after what was there when this was called. */
    until(stream: "stdout" | "stderr", pattern: RegExp): Promise<void> {
      return new Promise((resolve) => {
        waiters.push({ stream, pattern, from: out[stream].length, resolve });
        check();
      });
    },
  };
}

describe("the CLI through a Redis outage", () => {
  let redis: TestRedisServer;
  let db: TestDatabase;
  beforeAll(async () => {
    redis = await startRedisServer();
    db = await createTestDatabase(); // PostgreSQL starts faster than a fresh embedded database
  });
  afterAll(async () => {
    await redis?.stop();
    await db?.drop();
  });

  it("keeps answering, logs each change of state once as JSON, and exits at end of input while Redis is down", async () => {
    const cli = startCli({ DATABASE_URL: db.url, REDIS_URL: redis.url, MUTUAL_QUEUE_PREFIX: "outage", MUTUAL_SHELL_USER: "amina", LOG_LEVEL: "info", MUTUAL_HEALTH_PORT: "off" });
    const exited = once(cli.child, "exit");
    await cli.until("stderr", /"msg":"Mutual started"/);
    cli.child.stdin.write("ping\n");
    await cli.until("stdout", /pong: the scheduler answered/);

    let unreachable = cli.until("stderr", /"msg":"Redis is unreachable/);
    await redis.kill();
    await unreachable;
    const asked = performance.now();
    cli.child.stdin.write("ping\nprofile tz=Africa/Nairobi\n");
    await cli.until("stdout", /time zone:\s+Africa\/Nairobi/);
    const answeredMs = performance.now() - asked;
    expect(cli.out.stdout).toContain(english(unavailableMessage("scheduler")));
    expect(answeredMs).toBeLessThan(4_000);

    const back = cli.until("stderr", /"msg":"Redis is reachable again/);
    await redis.restart();
    await back;
    cli.child.stdin.write("ping\n");
    await cli.until("stdout", /pong: the scheduler answered/);

    // Down again, and the input ends: the shell still exits, cleanly and well within 10 s.
    unreachable = cli.until("stderr", /"msg":"Redis is unreachable/);
    await redis.kill();
    await unreachable;
    const ending = performance.now();
    cli.child.stdin.end("help\n");
    const [code] = await exited;
    const exitMs = performance.now() - ending;
    expect(code, cli.out.stderr.slice(-3000)).toBe(0);
    expect(exitMs).toBeLessThan(10_000);
    expect(cli.out.stdout).toContain("Mutual commands");

    // stderr: JSON lines only (no raw stack traces), one line per change of state.
    const lines = cli.out.stderr.split("\n").filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const messages = lines.map((l) => JSON.parse(l).msg as string);
    expect(messages.filter((m) => m.startsWith("Redis is unreachable"))).toHaveLength(2);
    expect(messages.filter((m) => m.startsWith("Redis is reachable again"))).toHaveLength(1);
    // One info line per command, and never what was typed.
    const commands = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "command");
    expect(commands.map((l) => l.command)).toEqual(["ping", "ping", "profile", "ping", "help"]);
    expect(commands.map((l) => l.outcome)).toEqual(["ok", "unavailable", "ok", "ok", "ok"]);
    expect(cli.out.stderr).not.toContain("Africa/Nairobi");
    console.info(`[measure] CLI: commands answered ${Math.round(answeredMs)} ms after being typed while Redis was down; exit at end of input while Redis was down: ${Math.round(exitMs)} ms`);
  });
});
