// The embedded default, as a newcomer with only Node runs it: no REDIS_URL, no Redis at all. The
// scheduler runs in-process, one process per embedded database (a second one is turned away).
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN, runCli } from "../helpers/cli.ts";

describe("the CLI without Redis (embedded scheduler)", () => {
  let dataDir: string;
  // Only these variables (plus PATH and HOME): REDIS_URL is unset, so nothing may reach for Redis.
  const env = () => ({ MUTUAL_DATA_DIR: dataDir, MUTUAL_SHELL_USER: "amina" });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "mutual-embedded-"));
    // Creating and migrating a fresh embedded database takes most of a first run on a busy machine:
    // done here once, so each test below times only its own session.
    expect((await runCli("", env())).code).toBe(0);
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs a scripted session with a schedule, a fired prompt and ping", async () => {
    const script = [
      "profile tz=Africa/Nairobi workdays=mon-sun",
      'project create "Coastal Resilience" slug=coastal',
      "schedule create every=weekly days=mon at=09:00",
      "schedule fire #1",
      "answer The tides teach patience",
      "ping",
      "schedule list",
    ];
    const run = await runCli(`${script.join("\n")}\n`, { ...env(), LOG_LEVEL: "info" });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/^⚠/m);
    expect(run.stdout).toContain("✓ Schedule created in Coastal Resilience:");
    expect(run.stdout).toContain("📬 Reflection · Coastal Resilience");
    expect(run.stdout).toContain("✓ Sent to 1 of 1 members of Coastal Resilience.");
    expect(run.stdout).toMatch(/✓ pong: the scheduler answered in \d+ ms\./);
    expect(run.stdout).toMatch(/#1 · reflection · .* · active/);
    expect(run.stderr).toContain('"scheduler":"embedded"');
    expect(run.stderr).not.toMatch(/redis/i);
    expect(existsSync(`${path.join(dataDir, "db")}.lock`)).toBe(false); // released at exit
  });

  it("refuses MUTUAL_ROLE=bot or worker without Redis, in one line, with exit code 2", async () => {
    const roles = ["bot", "worker"];
    const runs = await Promise.all(roles.map((role) => runCli("help\n", { ...env(), MUTUAL_ROLE: role })));
    for (const [i, run] of runs.entries()) {
      const role = roles[i];
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe(
        `Configuration error: MUTUAL_ROLE=${role} needs REDIS_URL: without Redis the scheduler runs inside one process, so chat and scheduled jobs cannot be split (use MUTUAL_ROLE=all, or set REDIS_URL).`,
      );
    }
  });

  it("lets one process at a time use the embedded database: a second exits 2 naming the directory and the holder", async () => {
    const first = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env(), LOG_LEVEL: "info" }, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    const started = new Promise<void>((resolve) => first.stderr.on("data", (d) => (stderr += d) && /"msg":"Mutual started"/.test(stderr) && resolve()));
    const exited = once(first, "exit");
    try {
      await started;
      const second = await runCli("profile tz=Europe/Paris\n", env());
      expect(second.code).toBe(2);
      expect(second.stdout).toBe("");
      expect(second.stderr.trim()).toBe(
        `Mutual's embedded database at ${path.join(dataDir, "db")} is in use by another Mutual process (pid ${first.pid}). Stop that process first, or set MUTUAL_DATA_DIR to another directory.`,
      );
    } finally {
      first.stdin.end();
      await exited;
    }
    // Released on exit.
    expect(existsSync(`${path.join(dataDir, "db")}.lock`)).toBe(false);
  });

  // `npm ci` runs `prisma -v` (@prisma/client's postinstall): with a database in the data directory it used to
  // open it and never exit, because PGlite's startup-progress timer kept the process alive.
  it("lets the Prisma CLI exit beside an existing database: `prisma -v` opens nothing, `migrate status` opens and exits", { timeout: 150_000 }, async () => {
    const prisma = (...args: string[]) =>
      new Promise<{ code: number | null; stdout: string; killed: boolean }>((resolve) => {
        const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", MUTUAL_DATA_DIR: dataDir, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
        execFile(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), ...args], { env, timeout: 120_000 }, (error, stdout) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, killed: Boolean(error?.killed) }),
        );
      });
    const version = await prisma("-v");
    expect(version.killed).toBe(false);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/Schema Engine Adapter\s+: pglite-prisma-adapter/);
    const status = await prisma("migrate", "status");
    expect(status.killed).toBe(false);
    expect(status.stdout).toMatch(/Database schema is up to date/);
    expect(status.code).toBe(0);
    expect(existsSync(`${path.join(dataDir, "db")}.lock`)).toBe(false); // the CLI held the bot's lock, and let it go
  });

  it("takes over a lock left by a process that died", async () => {
    // A pid that is certainly not running: a child that has already exited.
    const dead = spawn(process.execPath, ["-e", ""]);
    await once(dead, "exit");
    writeFileSync(`${path.join(dataDir, "db")}.lock`, `${dead.pid}\n`);
    const run = await runCli("profile\n", env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/time zone:\s+Africa\/Nairobi/);
  });
});
