// The README's shell sessions are run and their output compared, so the docs cannot drift from the
// product. A session is a ```text block that starts with `$ [MUTUAL_SHELL_USER=<name>] npm start --silent`:
// lines starting `mutual> ` are typed (`/as <name>` switches who types, as in the shell), a line `…`
// stands for lines left out, and every other line is exactly what Mutual prints. Each session runs on
// a fresh embedded database through the real shell adapter, with the clock at SESSION_TIME (a Monday).
// The other docs a newcomer follows are checked too: .env.example and the test database's defaults.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { pino } from "pino";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { ShellAdapter } from "../../src/adapters/shell/shell.ts";
import { startApp, type App } from "../../src/app.ts";
import { CONFIG_VARIABLES, loadConfig, type Config } from "../../src/config.ts";
import { FakeClock } from "../fakes/memory-store.ts";
import { checkServices, COMPOSE_DATABASE_URL } from "../setup/services.ts";

/** The instant every README session runs at: Monday 23 November 2026, 07:00 UTC (10:00 in Nairobi). */
export const SESSION_TIME = new Date("2026-11-23T07:00:00Z");

const README = await readFile("README.md", "utf8");

interface Session {
  line: number;
  user: string;
  typed: string[];
  /** What the session prints, "…" for lines left out. */
  expected: string[];
}

/** Every ```text block of the README that holds a typed `mutual> ` line, parsed as a session. */
function sessions(markdown: string): { sessions: Session[]; unchecked: number[] } {
  const found: Session[] = [];
  const unchecked: number[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```text") continue;
    const start = i + 1;
    const body: string[] = [];
    for (i = start; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    if (!body.some((l) => l.startsWith("mutual> "))) continue;
    const head = /^\$ (?:MUTUAL_SHELL_USER=(\S+) )?npm start --silent$/.exec(body[0] ?? "");
    if (!head) {
      unchecked.push(start);
      continue;
    }
    const typed: string[] = [];
    const expected: string[] = [];
    for (const l of body.slice(1)) {
      if (l.startsWith("mutual> ")) typed.push(l.slice("mutual> ".length));
      else expected.push(l);
    }
    found.push({ line: start, user: head[1] ?? "you", typed, expected });
  }
  return { sessions: found, unchecked };
}

/** Whether `actual` lines are `expected` lines, where a line "…" in expected takes any run of lines. */
export function matches(expected: readonly string[], actual: readonly string[]): boolean {
  const memo = new Map<string, boolean>();
  const at = (e: number, a: number): boolean => {
    const key = `${e}:${a}`;
    if (memo.has(key)) return memo.get(key)!;
    let result: boolean;
    if (e === expected.length) result = a === actual.length;
    else if (expected[e] === "…") result = at(e + 1, a) || (a < actual.length && at(e, a + 1));
    else result = a < actual.length && expected[e] === actual[a] && at(e + 1, a + 1);
    memo.set(key, result);
    return result;
  };
  return at(0, 0);
}

/** Runs typed lines through the real shell adapter on a fresh embedded database; returns what it printed. */
async function runSession(session: Session): Promise<string[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "mutual-readme-"));
  const clock = new FakeClock(SESSION_TIME);
  // What `npm start` reads from a bare environment, on an in-memory database.
  const config: Config = {
    ...loadConfig({ MUTUAL_DATA_DIR: dataDir, MUTUAL_SHELL_USER: session.user, LOG_LEVEL: "silent", MUTUAL_HEALTH_PORT: "off" }),
    database: { dataDir: undefined },
  };
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (d) => (printed += d));
  let app: App | undefined;
  const shell = new ShellAdapter({
    handle: (event) => app!.mutual.handle(event),
    // As `npm start` does: a line's notices are printed before the next line runs.
    settled: () => app!.scheduler.settle(),
    input,
    output,
    user: session.user,
    interactive: false,
    exportDir: path.join(dataDir, "exports"),
    now: () => clock.now(),
  });
  try {
    app = await startApp(config, { logger: pino({ level: "silent" }), chat: shell, clock });
    input.end(`${session.typed.join("\n")}\n`);
    await shell.run();
    await app.scheduler.settle();
  } finally {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  return printed.replace(/\n$/, "").split("\n").map((l) => l.replaceAll(dataDir, ".mutual"));
}

describe("the README's shell sessions", () => {
  const { sessions: all, unchecked } = sessions(README);

  it("are all checked: every session in a text block starts with its `$ … npm start --silent` line", () => {
    expect(unchecked, "README lines of text blocks with `mutual> ` but no `$ npm start --silent` line").toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(3);
  });

  it.each(all.map((s) => [`line ${s.line}: ${s.typed[0]}`, s] as const))("prints what the README shows (%s)", async (_name, session) => {
    const actual = await runSession(session);
    if (!matches(session.expected, actual)) {
      // Shown as a diff of whole texts: the README's block, and what Mutual printed.
      expect(actual.join("\n"), `README.md line ${session.line}`).toBe(session.expected.join("\n"));
    }
  }, 60_000);

  // `printf '…' | npm start` lines in ```sh blocks: their input is what bash's printf makes of them.
  const scripted = README.split("\n").flatMap((l, i) => {
    const m = /^(printf .*) \| npm start(?: --silent)?$/.exec(l);
    return m ? [{ line: i + 1, printf: m[1]! }] : [];
  });

  it.each(scripted.map((s) => [`line ${s.line}`, s] as const))("scripted example (%s) runs every line without a mistake", async (_name, { line, printf }) => {
    const input = execFileSync("bash", ["-c", printf], { encoding: "utf8" });
    const typed = input.split("\n").filter((l) => l !== "");
    expect(typed.length).toBeGreaterThan(1);
    const printed = await runSession({ line, user: "you", typed, expected: [] });
    expect(printed.filter((l) => l.startsWith("⚠")), printed.join("\n")).toEqual([]);
  }, 60_000);

  it("the matcher: … takes any run of lines, other lines are exact", () => {
    expect(matches(["a", "…", "d"], ["a", "b", "c", "d"])).toBe(true);
    expect(matches(["a", "…", "d"], ["a", "d"])).toBe(true);
    expect(matches(["a", "…"], ["a", "b"])).toBe(true);
    expect(matches(["a", "d"], ["a", "b", "d"])).toBe(false);
    expect(matches(["a", "…", "d"], ["a", "b", "c", "d", "e"])).toBe(false);
    expect(matches(["A"], ["a"])).toBe(false);
  });
});

describe("the docs a newcomer follows", () => {
  it(".env.example lists every variable Mutual reads, and no adapter is 'a later release'", async () => {
    const example = await readFile(".env.example", "utf8");
    const listed = new Set([...example.matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((v) => !listed.has(v))).toEqual([]);
    expect([...listed].filter((v) => !CONFIG_VARIABLES.includes(v!))).toEqual([]);
    expect(example).not.toMatch(/later release/i);
  });

  it("npm test names the exact variable for docker compose's PostgreSQL, and the README says it too", async () => {
    const compose = YAML.parse(await readFile("docker-compose.yml", "utf8")) as { services: { postgres: { environment: Record<string, string> } } };
    const { POSTGRES_USER: user, POSTGRES_PASSWORD: password, POSTGRES_DB: db } = compose.services.postgres.environment;
    expect(COMPOSE_DATABASE_URL).toBe(`postgresql://${user}:${password}@127.0.0.1:5432/${db}`);
    const failed = await checkServices("postgresql://nobody@127.0.0.1:1/none").then(
      () => "",
      (e: Error) => e.message,
    );
    expect(failed).toContain(`TEST_DATABASE_URL=${COMPOSE_DATABASE_URL} npm test`);
    expect(README).toContain(`TEST_DATABASE_URL=${COMPOSE_DATABASE_URL} npm test`);
  });
});
