// /healthz, /readyz and /metrics on the health port, scraped and parsed as Prometheus would: the
// counters move with the commands and deliveries, in both schedulers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.ts";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition format 0.0.4: `# HELP`, `# TYPE`, then `name{label="value",…} number`. */
function parseMetrics(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

async function scrape(app: TestApp) {
  const res = await fetch(`http://127.0.0.1:${app.healthPort}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await res.text());
}

describe.each([
  ["BullMQ", {}],
  ["the embedded scheduler", { redisUrl: undefined }],
] as const)("health and metrics with %s", (_, overrides) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("pglite", { ...overrides, healthPort: 0 });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("answers /healthz and /readyz, and 404 elsewhere", async () => {
    const health = await fetch(`http://127.0.0.1:${app.healthPort}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
    const ready = await fetch(`http://127.0.0.1:${app.healthPort}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", database: "ok", scheduler: "ok" }]);
    expect((await fetch(`http://127.0.0.1:${app.healthPort}/nope`)).status).toBe(404);
  });

  it("counts commands by path and outcome, times them, and counts deliveries; never the words typed", async () => {
    const before = (await scrape(app)).samples;
    await app.say("lead", "help");
    await app.say("lead", "profile tz=UTC workdays=mon-sun");
    await app.say("lead", 'project create "Metrics" slug=metrics');
    await app.say("lead", "frobnicate the secret plan"); // unknown command
    await app.say("lead", "profile tz=Mars/Olympus"); // a user error
    await app.say("lead", "schedule create every=weekly days=mon at=09:00");
    await app.say("lead", "schedule fire #1");
    await app.say("lead", "ping");

    const { samples, types } = await scrape(app);
    const delta = (name: string, labels: Record<string, string>) => value(samples, name, labels) - value(before, name, labels);
    expect(types.get("mutual_commands_total")).toBe("counter");
    expect(types.get("mutual_command_seconds")).toBe("histogram");
    expect(types.get("mutual_deliveries_total")).toBe("counter");
    expect(types.get("mutual_tick_lag_seconds")).toBe("gauge");
    expect(types.get("mutual_queue_depth")).toBe("gauge");
    expect(delta("mutual_commands_total", { command: "help", outcome: "ok" })).toBe(1);
    expect(delta("mutual_commands_total", { command: "profile", outcome: "ok" })).toBe(1);
    expect(delta("mutual_commands_total", { command: "profile", outcome: "user_error" })).toBe(1);
    expect(delta("mutual_commands_total", { command: "unknown", outcome: "user_error" })).toBe(1);
    expect(delta("mutual_commands_total", { command: "schedule fire", outcome: "ok" })).toBe(1);
    expect(delta("mutual_commands_total", { command: "ping", outcome: "ok" })).toBe(1);
    expect(delta("mutual_commands_total", {})).toBe(8);
    expect(delta("mutual_command_seconds_count", { command: "profile" })).toBe(2);
    expect(value(samples, "mutual_command_seconds_bucket", { command: "help", le: "+Inf" })).toBeGreaterThanOrEqual(1);
    expect(delta("mutual_deliveries_total", { kind: "prompt", outcome: "sent" })).toBe(1);
    // Default process metrics come along.
    expect(samples.some((s) => s.name === "process_cpu_user_seconds_total")).toBe(true);
    expect(samples.some((s) => s.name === "nodejs_eventloop_lag_seconds")).toBe(true);
    // Queue depths: BullMQ's waiting/delayed/active per queue, or the embedded loop's ticks.
    const depths = samples.filter((s) => s.name === "mutual_queue_depth");
    expect(depths.length).toBeGreaterThan(0);
    expect(new Set(depths.map((d) => d.labels.queue))).toEqual(app.scheduler.kind === "bullmq" ? new Set(["maintenance", "schedules"]) : new Set(["embedded"]));
    // Labels are command paths, never what was typed.
    const text = JSON.stringify(samples);
    expect(text).not.toContain("secret");
    expect(text).not.toContain("Mars");
  });

  it("reports how late the last tick ran", async () => {
    const schedule = await app.database.prisma.schedule.findFirstOrThrow();
    await app.scheduler.runTick(schedule.id, new Date(Date.now() - 2_000));
    const lag = value((await scrape(app)).samples, "mutual_tick_lag_seconds");
    expect(lag).toBeGreaterThanOrEqual(2);
    expect(lag).toBeLessThan(60);
  });
});
