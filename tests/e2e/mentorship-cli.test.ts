// Mentorship through the built CLI, as a newcomer tries it on one machine: a lead pairs two people
// (switching who is typing with /as), fires the check-in reminder now, the mentor logs a check-in,
// the mentee confirms it, both read the history; then needs, a survey and a plan export.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { msg, translator } from "../../src/core/i18n/index.ts";
import { MAIN, runCli, type Run } from "../helpers/cli.ts";
import { REDIS_URL } from "../helpers/env.ts";
import { testQueuePrefix } from "../helpers/redis.ts";

// Amina reads Swahili; Kofi English.
const sw = translator("sw");

describe("mentorship through the CLI", () => {
  const queue = testQueuePrefix();
  let dataDir: string;
  let run: Run;
  let today: string[];

  const script = [
    "/as amina",
    "profile tz=Africa/Nairobi lang=sw",
    "/as kofi",
    "profile tz=Africa/Accra",
    'project create "Coastal Resilience" slug=coastal',
    "/as amina",
    "project join coastal",
    "/as kofi",
    'mentor pair @kofi @amina every=2w goals="first-author paper"',
    "schedule list",
    "schedule fire #1",
    'checkin log #1 "We went through the reviewers\' comments" topics=writing,career next="revise section 3"',
    "/as amina",
    "checkin confirm #1 Very helpful, thank you",
    "checkin history",
    'needs add academic "qualitative coding" priority=high',
    "/as kofi",
    "checkin history #1",
    "mentor list",
    "checkin log #1 topics=gardening",
    "needs plan format=markdown",
  ];

  beforeAll(async () => {
    expect(existsSync(MAIN), "run `npm run build` first (npm test does)").toBe(true);
    dataDir = await mkdtemp(path.join(tmpdir(), "mutual-e2e-mentorship-"));
    const day = () => DateTime.now().setZone("Africa/Accra").toISODate()!;
    today = [day()];
    run = await runCli(`${script.join("\n")}\n`, { MUTUAL_DATA_DIR: dataDir, REDIS_URL, MUTUAL_QUEUE_PREFIX: queue.prefix, MUTUAL_SHELL_USER: "kofi" });
    today.push(day()); // the run may straddle midnight in Accra
  }, 90_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await queue.cleanup();
  });

  it("runs the whole script and exits cleanly", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/"level"/);
  });

  it("pairs mentor and mentee; each is told in their language", () => {
    expect(run.stdout).toContain("📬 Mentorship · Coastal Resilience\nYou are now mentoring amina in Coastal Resilience.");
    expect(run.stdout).toContain("📬 (to amina) Ushauri · Coastal Resilience\nkofi sasa ni mshauri wako katika Coastal Resilience.");
    expect(run.stdout).toMatch(/✓ Paired: #1 kofi → amina · every 2 weeks on (mon|tue|wed|thu|fri) at 10:00 · no check-in yet · 0 check-ins · on track/);
    expect(run.stdout).toContain("#1 · mentorship check-in reminders · each pair's cadence, at the mentor's local time · active");
  });

  it("fires the reminder now, with what to type to log, snooze or skip", () => {
    expect(run.stdout).toContain("📬 Mentorship check-in · Coastal Resilience\nTime for a check-in with amina? Even a short conversation counts.\n  Goals: first-author paper\nLog it with: checkin log #1 <what you talked about>");
    expect(run.stdout).toContain("✓ Check-in reminders sent to 1 of 1 mentors in Coastal Resilience.");
  });

  it("logs the check-in, the mentee confirms it, and both see the history with notes", () => {
    const date = today.find((d) => run.stdout.includes(`✓ Check-in of ${d} with amina logged (topics: writing, career).`));
    expect(date, "the check-in is logged for today in Accra").toBeDefined();
    const topics = sw.list([sw("vocab.checkinTopic.writing"), sw("vocab.checkinTopic.career")], "unit");
    expect(run.stdout).toContain(`📬 (to amina) Kikao cha ushauri · Coastal Resilience\nkofi ameandika kikao chenu cha ${date} (mada: ${topics}).`);
    expect(run.stdout).toContain(`📬 (to kofi) Mentorship check-in · Coastal Resilience\namina confirmed your check-in of ${date}.`);
    const lines = run.stdout.split("\n");
    // Amina's `checkin history`, in Swahili, then Kofi's, in English.
    const note = (name: string, text: string) => msg("checkin.history.noteBy", { name, note: text });
    const entry = { date: date!, confirmed: "yes", mentorNote: note("kofi", "We went through the reviewers' comments"), menteeNote: note("amina", "Very helpful, thank you") };
    expect(lines.filter((l) => l === `  • ${sw("checkin.history.entry", { ...entry, topics, next: msg("checkin.history.next", { steps: "revise section 3" }) })}`)).toHaveLength(1);
    expect(lines.filter((l) => l === `  • ${date} · writing, career · confirmed — kofi: We went through the reviewers' comments — next: revise section 3 — amina: Very helpful, thank you`)).toHaveLength(1);
    expect(run.stdout).toMatch(/#1 kofi → amina · every 2 weeks on \w+ at 10:00 · last check-in \d{4}-\d{2}-\d{2} · 1 check-in · on track/);
  });

  it("answers a mistake with one kind line and a list of what is allowed", () => {
    expect(run.stdout).toContain('⚠ "gardening" is not a check-in topic I know.');
    expect(run.stdout).toContain("Topics: research skills, writing, methods, career, intercultural, language, wellbeing, other.");
  });

  it("writes the capacity plan draft, with no figures below three respondents", async () => {
    const saved = [...run.stdout.matchAll(/^📎 Saved (.+)$/gm)].map((m) => m[1]!);
    expect(saved).toHaveLength(1);
    const md = await readFile(saved[0]!, "utf8");
    expect(md).toContain("# Capacity development plan — draft");
    expect(md).toContain("**Respondents:** 1 of 2 members");
    expect(md).toContain("Fewer than 3 members have stated needs, so no figures are shown yet");
    expect(md).not.toContain("qualitative coding");
  });
});
