// Period queries look back no further than the project's longest contribution (issue 15): record()
// keeps that span on the project, so a contribution of several years still counts in every period it
// overlaps, and a later, shorter one never narrows the look-back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.ts";

describe.each(["postgres", "pglite"] as const)("period look-back on %s", (kind) => {
  let app: TestApp;
  const longest = async () => (await app.database.prisma.project.findFirstOrThrow({ where: { slug: "tides" } })).longestContributionDays;

  beforeAll(async () => {
    app = await startTestApp(kind);
    for (const [user, line] of [
      ["amina", 'project create "Tide Gauges" slug=tides'],
      ["joao", "project join tides"],
      ["amina", 'contribution add @joao "Calibrated the gauges" roles=methodology date=2026-05-04'],
    ] as const) {
      expect(await app.say(user, line), line).not.toMatch(/^⚠/);
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("counts a contribution of two years in a quarter long after it started", async () => {
    expect(await longest()).toBe(0);
    const line = 'contribution add @amina "Kept the gauge network running" roles="project administration" date=2024-09-01 until=2026-08-31';
    expect(await app.say("amina", line)).not.toMatch(/^⚠/);
    expect(await longest()).toBe(729);
    const q3 = await app.say("amina", "summary period=2026-Q3 by=person");
    expect(q3).toContain("amina");
    expect(q3).not.toContain("joao");
    expect(await app.say("amina", "summary period=2025 by=person")).toContain("amina");
    expect(await app.say("amina", "summary period=2026-Q4 by=person")).not.toContain("amina");
  });

  it("keeps the longest span when a shorter contribution follows", async () => {
    expect(await app.say("amina", 'contribution add @joao "Logged the spring tides" roles=investigation date=2026-03-01 until=2026-04-30')).not.toMatch(/^⚠/);
    expect(await longest()).toBe(729);
    expect(await app.say("amina", "summary period=2026-Q3 by=person")).toContain("amina");
  });
});
