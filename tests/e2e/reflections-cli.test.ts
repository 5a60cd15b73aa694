// Reflection prompts through the built CLI, as a newcomer meets them: a Portuguese-speaking lead in
// São Paulo creates a project and a schedule, gets a prompt, answers it, reads and exports their
// reflections, asks for another, skips it, pauses — and gets one kind line for each mistake. Then a
// broken prompt file in MUTUAL_PROMPTS_DIR stops start-up with one line naming the file and line.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { msg, translator } from "../../src/core/i18n/index.ts";
import type { PromptLibrary } from "../../src/core/reflection/prompts.ts";
import { describeCadence } from "../../src/core/reflection/terms.ts";
import { BUNDLED_PROMPTS_DIR, loadPromptLibrary } from "../../src/prompts/library.ts";
import { MAIN, runCli, type Run } from "../helpers/cli.ts";
import { REDIS_URL } from "../helpers/env.ts";
import { testQueuePrefix } from "../helpers/redis.ts";

const ZONE = "America/Sao_Paulo";
const PROJECT = "Águas Compartilhadas";
const ANSWER = "Aprendi com os pescadores, que leem as marés melhor do que os nossos sensores";
/** Once her profile says lang=pt, Mutual answers her in Portuguese. */
const pt = translator("pt");

const portuguese = (library: PromptLibrary, setId: string) => {
  const set = library.set(setId);
  expect(set, `bundled set ${setId}`).toBeDefined();
  return set!.prompts.map((p) => ({ key: p.key, text: p.text.pt! }));
};

/** A CSV field as RFC 4180 writes it (quoted when it holds a quote, comma or line break). */
const csvQuoted = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

/** The line after the one that is exactly `line` (the hint under an error, the question under a heading). */
function lineAfter(lines: readonly string[], line: string): string | undefined {
  const at = lines.indexOf(line);
  expect(at, `stdout should have the line ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
  return lines[at + 1];
}

describe("reflection prompts through the CLI, for a Portuguese-speaking newcomer", () => {
  const queue = testQueuePrefix();
  let dataDir: string;
  let library: PromptLibrary;
  let run: Run;
  let lines: string[];
  let pauseEnds: string[];

  const script = [
    "profile tz=America/Sao_Paulo lang=pt",
    `project create "${PROJECT}"`,
    "prompts",
    "schedule create every=weekly days=mon at=09:00",
    "schedule list",
    "schedule fire #1",
    `answer "${ANSWER}" visibility=project`,
    "my reflections",
    "my reflections format=csv",
    "reflect forms-of-knowledge",
    "skip",
    "pause 2w",
    // Mistakes: each gets one ⚠ line and a hint, and changes nothing.
    "schedule create every=hourly",
    "schedule create at=09:07",
    "answer hello", // the prompt from `reflect` was skipped: nothing is open
    "pause yesterday",
  ];

  beforeAll(async () => {
    expect(existsSync(MAIN), "run `npm run build` first (npm test does)").toBe(true);
    library = loadPromptLibrary([BUNDLED_PROMPTS_DIR]);
    dataDir = await mkdtemp(path.join(tmpdir(), "mutual-e2e-reflections-"));
    const twoWeeks = () => DateTime.now().setZone(ZONE).plus({ weeks: 2 }).startOf("day").toISODate()!;
    pauseEnds = [twoWeeks()];
    run = await runCli(`${script.join("\n")}\n`, { MUTUAL_DATA_DIR: dataDir, REDIS_URL, MUTUAL_QUEUE_PREFIX: queue.prefix, MUTUAL_SHELL_USER: "ana" });
    pauseEnds.push(twoWeeks()); // the run may straddle midnight in São Paulo
    lines = run.stdout.split("\n");
  }, 90_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await queue.cleanup();
  });

  it("runs the whole script and exits cleanly, with only replies on stdout", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/"level"|mutual> /); // no log lines, no interactive prompt
    expect(run.stdout).toContain(`✓ ${pt("profile.saved")}`);
    expect(run.stdout).toMatch(/fuso horário:\s+America\/Sao_Paulo/);
    expect(run.stdout).toMatch(/idioma:\s+português \(pt\)/);
    expect(run.stdout).toContain(`✓ ${pt("project.created", { name: PROJECT, slug: "aguas-compartilhadas" })}`);
  });

  it("lists the bundled prompt sets with their titles in Portuguese", () => {
    expect(lineAfter(lines, pt("prompts.heading"))).toMatch(/^ {2}• /);
    for (const set of library.sets) {
      expect(run.stdout).toContain(`• ${pt("prompts.line", { id: set.id, title: set.title.pt!, count: set.prompts.length, languages: set.languages.join(", ") })}`);
    }
  });

  it("creates and lists a weekly schedule at 09:00 local time", () => {
    const described = pt("schedule.line.reflection", {
      number: 1,
      title: library.set("mutual-learning")!.title.pt!,
      set: "mutual-learning",
      cadence: describeCadence(pt, { type: "weekly", weekdays: [1] }, "09:00"),
      reminder: msg("schedule.reminder.after", { hours: 24 }),
      status: msg("schedule.status.active"),
    });
    expect(run.stdout).toContain(`✓ ${pt("schedule.created", { project: PROJECT })}\n${described}\n${pt("schedule.created.try", { number: 1 })}`);
    expect(run.stdout).toContain(`${pt("schedule.list.heading", { project: PROJECT })}\n  • ${described}`);
  });

  it("delivers the schedule's prompt (📬) in Portuguese, from the mutual-learning set", () => {
    const question = lineAfter(lines, `📬 Reflexão · ${PROJECT}`);
    expect(portuguese(library, "mutual-learning").map((p) => p.text)).toContain(question);
    expect(run.stdout).toContain(`📬 Reflexão · ${PROJECT}\n${question}\nResponda em uma só mensagem: answer <sua reflexão>.`);
    expect(run.stdout).toContain(`✓ ${pt("schedule.fire.prompts", { sent: 1, due: 1, project: PROJECT, failed: 0 })}`);
  });

  it("saves the answer, shared with the project, and shows it under `my reflections`", () => {
    const question = lineAfter(lines, `📬 Reflexão · ${PROJECT}`)!;
    const visibility = pt("reflection.visibility.project");
    expect(run.stdout).toContain(`✓ ${pt("answer.saved", { replaced: "no", visibility, where: "project", project: PROJECT })}`);
    const today = DateTime.now().setZone(ZONE).toISODate()!;
    const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()!;
    const shown = lines.filter((l) => l.startsWith("  • ") && l.includes(ANSWER));
    expect(shown).toHaveLength(2); // `my reflections`, and again with format=csv
    const line = (date: string) => `  • ${pt("my.reflections.line", { date, inProject: "yes", project: PROJECT, visibility, hasQuestion: "yes", question, text: ANSWER })}`;
    for (const shownLine of shown) expect([line(today), line(yesterday)]).toContain(shownLine);
    expect(lines.filter((l) => l === pt("my.reflections.heading", { count: 1 }))).toHaveLength(2);
  });

  it("exports the reflections as CSV: a file path is printed, with the header and the answer", async () => {
    const saved = [...run.stdout.matchAll(/^📎 Saved (.+)$/gm)].map((m) => m[1]!);
    expect(saved).toHaveLength(1);
    const file = saved[0]!;
    expect(file.startsWith(path.join(dataDir, "exports") + path.sep)).toBe(true);
    expect(path.basename(file)).toMatch(/^mutual-reflections-\d{4}-\d{2}-\d{2}-ana-\d{8}T\d{6}Z\.csv$/); // who and when
    const csv = await readFile(file, "utf8");
    const rows = csv.split("\r\n");
    expect(rows[0]).toBe("answered_at,project,prompt_id,language,question,answer,visibility");
    expect(rows).toHaveLength(3); // header, one reflection, final line end
    expect(rows[2]).toBe("");
    const question = lineAfter(lines, `📬 Reflexão · ${PROJECT}`)!;
    const key = portuguese(library, "mutual-learning").find((p) => p.text === question)!.key;
    const comma = rows[1]!.indexOf(",");
    expect(new Date(rows[1]!.slice(0, comma)).toISOString()).toBe(rows[1]!.slice(0, comma)); // answered_at, ISO 8601
    // The answer has a comma, so it is quoted.
    expect(rows[1]!.slice(comma + 1)).toBe(`${PROJECT},${key},pt,${csvQuoted(question)},"${ANSWER}",project`);
  });

  it("gives a prompt of the requested set on `reflect`, in Portuguese, and skips it", () => {
    const headings = lines.filter((l) => l === `Reflexão · ${PROJECT}`); // a reply, not a 📬 delivery
    expect(headings).toHaveLength(1);
    const question = lineAfter(lines, `Reflexão · ${PROJECT}`);
    expect(portuguese(library, "forms-of-knowledge").map((p) => p.text)).toContain(question);
    const skipped = `✓ ${pt("skip.done")}`;
    expect(run.stdout).toContain(skipped);
    // The skip came after the reflect prompt.
    expect(run.stdout.indexOf(skipped)).toBeGreaterThan(run.stdout.indexOf(`Reflexão · ${PROJECT}\n${question}`));
  });

  it("pauses for two weeks, until a date in the person's time zone", () => {
    const paused = [...new Set(pauseEnds)].map((date) => `✓ ${pt("pause.paused", { date })}`).filter((line) => lines.includes(line));
    expect(paused, run.stdout).toHaveLength(1);
    expect(lineAfter(lines, paused[0]!)).toBe(pt("pause.resumeEarlier"));
  });

  it("answers each mistake with one ⚠ line and a hint", () => {
    const warnings = lines.filter((l) => l.startsWith("⚠"));
    expect(warnings).toEqual([
      `⚠ ${pt("cadence.invalid", { every: "hourly" })}`,
      `⚠ ${pt("time.quarter", { input: "09:07" })}`,
      `⚠ ${pt("reflection.prompt.noneOpen")}`,
      `⚠ ${pt("pauseEnd.invalid", { input: "yesterday" })}`,
    ]);
    expect(lineAfter(lines, warnings[0]!)).toBe(pt("cadence.hint"));
    expect(lineAfter(lines, warnings[1]!)).toBe(pt("time.quarter.hint"));
    expect(lineAfter(lines, warnings[2]!)).toBe(pt("reflection.prompt.noneOpen.hint"));
    expect(lineAfter(lines, warnings[3]!)).toBe(pt("pauseEnd.invalid.hint"));
    // The failed `schedule create` lines created nothing: the run holds one schedule only.
    expect(lines.filter((l) => l.startsWith(`✓ ${pt("schedule.created", { project: PROJECT })}`))).toHaveLength(1);
  });
});

describe("a broken prompt file in MUTUAL_PROMPTS_DIR", () => {
  it("stops the CLI with exit code 2 and one line naming the file and the line, before touching the database", async () => {
    const promptsDir = await mkdtemp(path.join(tmpdir(), "mutual-e2e-prompts-"));
    const dataDir = await mkdtemp(path.join(tmpdir(), "mutual-e2e-broken-"));
    const queue = testQueuePrefix();
    try {
      const source = [
        "id: team-rituals", // 1
        "languages: [en, pt]", // 2
        "title:", // 3
        '  en: "Team rituals"', // 4
        '  pt: "Rituais da equipe"', // 5
        "description:", // 6
        '  en: "Our own questions."', // 7
        '  pt: "Nossas próprias perguntas."', // 8
        "prompts:", // 9
        "  - id: tr-01", // 10
        "    text:", // 11
        '      en: "What did we celebrate?"', // 12
        '      pt: "O que celebramos?"', // 13
        "  - id: tr-01", // 14: the same id again
        "    text:", // 15
        '      en: "What did we postpone?"', // 16
        '      pt: "O que adiamos?"', // 17
        "",
      ].join("\n");
      const file = path.join(promptsDir, "team-rituals.yaml");
      await writeFile(file, source);
      const run = await runCli("help\n", { MUTUAL_DATA_DIR: dataDir, MUTUAL_PROMPTS_DIR: promptsDir, REDIS_URL, MUTUAL_QUEUE_PREFIX: queue.prefix, MUTUAL_SHELL_USER: "ana" });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      const errorLines = run.stderr.trim().split("\n");
      expect(errorLines).toEqual([`Prompt file ${file}:14: prompt id "tr-01" is used twice`]);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(path.join(dataDir, "db"))).toBe(false); // stopped before the database opened
    } finally {
      await rm(promptsDir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
      await queue.cleanup();
    }
  });
});
