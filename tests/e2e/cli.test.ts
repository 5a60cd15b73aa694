// The built CLI, as a newcomer runs it: a script piped into `node dist/main.js` (what `npm start`
// runs), replies on stdout, the embedded database persisted between runs.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../src/core/i18n/index.ts";
import { REDIS_URL } from "../helpers/env.ts";
import { createTestDatabase } from "../helpers/postgres.ts";
import { testQueuePrefix } from "../helpers/redis.ts";
import { MAIN, runCli } from "../helpers/cli.ts";



const fr = translator("fr");

describe("the CLI (shell adapter, embedded database)", () => {
  let dataDir: string;
  const queue = testQueuePrefix();
  let env: Record<string, string>;

  beforeAll(async () => {
    expect(existsSync(MAIN), "run `npm run build` first (npm test does)").toBe(true);
    dataDir = await mkdtemp(path.join(tmpdir(), "mutual-e2e-"));
    env = { MUTUAL_DATA_DIR: dataDir, REDIS_URL, MUTUAL_QUEUE_PREFIX: queue.prefix, MUTUAL_SHELL_USER: "amina" };
    // Creating and migrating a fresh embedded database is most of a first run on a busy machine
    // (over 30 s seen on Node 24 under load): done here, so the tests time their own sessions.
    expect((await runCli("", env)).code).toBe(0);
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await queue.cleanup();
  });

  it("prints help and the saved profile for a piped script, and nothing but replies on stdout", async () => {
    const run = await runCli("help\nprofile tz=Africa/Nairobi lang=fr\nprofile\n", env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Mutual commands");
    // From the reply to `lang=fr` on, amina reads French.
    expect(run.stdout).toContain(`✓ ${fr("profile.saved")}`);
    expect(run.stdout).toMatch(/fuseau horaire:\s+Africa\/Nairobi[\s\S]*fuseau horaire:\s+Africa\/Nairobi/);
    expect(run.stdout).not.toMatch(/mutual> |"level"/); // no prompt, no log lines when piped
    expect(existsSync(path.join(dataDir, "db"))).toBe(true);
  });

  it("keeps the profile across a restart (embedded database persisted)", async () => {
    const run = await runCli("profile\n", env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/fuseau horaire:\s+Africa\/Nairobi/);
    expect(run.stdout).toMatch(/langue:\s+français \(fr\)/);
  });

  it("answers each bad line with one clear line and keeps going; nothing changes", async () => {
    const bad = ["profile tz=Mars/Olympus", "frobnicate", 'profile institution="Unclosed', `profile name=${"z".repeat(10_000)}`];
    const run = await runCli(`${bad.join("\n")}\nprofile\n`, env);
    expect(run.code).toBe(0);
    const errors = run.stdout.split("\n").filter((l) => l.startsWith("⚠ "));
    expect(errors).toHaveLength(bad.length);
    // amina chose French above (lang=fr): her errors are in French, those of lines that don't parse too.
    expect(errors[0]).toContain(fr("validate.timeZone", { value: "Mars/Olympus", didYouMean: "" }));
    expect(errors[1]).toContain(fr("parse.unknownCommand", { name: "frobnicate", didYouMean: "" }));
    expect(errors[2]).toContain(fr("parse.unclosedQuote", { quote: '"' }));
    expect(errors[3]).toContain(fr("parse.tooLong", { length: 10_013, max: 4_000 }));
    expect(run.stdout).toMatch(/fuseau horaire:\s+Africa\/Nairobi/);
  });

  it("runs the smoke job through Redis and a worker (ping)", async () => {
    const run = await runCli("ping\n", env);
    expect(run.stdout).toMatch(/✓ pong : le planificateur a répondu en \d+ ms\./);
  });

  it("exits with one line saying how to start Redis when Redis is unreachable", async () => {
    const run = await runCli("help\n", { ...env, REDIS_URL: "redis://127.0.0.1:1" });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("Mutual needs Redis at redis://127.0.0.1:1 but cannot reach it (ECONNREFUSED). Start one with `docker compose up -d redis`");
  });

  it("names the variable in a configuration error", async () => {
    const run = await runCli("help\n", { ...env, REDIS_URL: "localhost:6379" });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'Configuration error: REDIS_URL must be a URL starting with redis:// or rediss://, e.g. redis://127.0.0.1:6379 (got "localhost:6379").',
    );
  });

  it("shuts a worker process down cleanly on SIGTERM", async () => {
    const run = await runCli(null, { ...env, MUTUAL_ROLE: "worker", LOG_LEVEL: "info" }, { signalWhen: /"msg":"Mutual started"/ });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('"msg":"Mutual started"');
    expect(run.stderr).toContain('"reason":"SIGTERM"');
  });
});

describe("the CLI on PostgreSQL", () => {
  it("uses DATABASE_URL when it is set", async () => {
    const db = await createTestDatabase();
    const queue = testQueuePrefix();
    try {
      const env = { DATABASE_URL: db.url, REDIS_URL, MUTUAL_QUEUE_PREFIX: queue.prefix, MUTUAL_SHELL_USER: "joao" };
      const run = await runCli('institution add "Universidade de São Paulo" country=BR\nprofile institution="universidade de sao paulo"\n', env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/institution:\s+Universidade de São Paulo \(BR\)/);
      const again = await runCli("profile\n", env);
      expect(again.stdout).toMatch(/institution:\s+Universidade de São Paulo \(BR\)/);
    } finally {
      await queue.cleanup();
      await db.drop();
    }
  });

  it("says how to start PostgreSQL when it is unreachable", async () => {
    const run = await runCli("help\n", { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none", REDIS_URL });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("Mutual cannot use the database at postgresql://postgres@127.0.0.1:1/none (connect ECONNREFUSED 127.0.0.1:1).");
    expect(run.stderr).toContain("docker compose up -d postgres");
  });
});

describe("a partnership scripted through the shell (examples/coastal-resilience.txt)", () => {
  // A fresh embedded database plus the whole example: about 25 s on a busy machine, more on Node 24
  // (PGlite starts about a quarter slower there), so this one test gets a minute.
  it("produces a summary and all the export formats, with the right content", { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "mutual-e2e-credit-"));
    const queue = testQueuePrefix();
    try {
      const script = await readFile(path.resolve("examples/coastal-resilience.txt"), "utf8");
      const run = await runCli(script, { MUTUAL_DATA_DIR: dataDir, REDIS_URL, MUTUAL_QUEUE_PREFIX: queue.prefix, MUTUAL_SHELL_USER: "amina" });
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(/^⚠/m); // every line of the example works
      expect(run.stdout).toContain("📬 (to amina) joao recorded a contribution of yours:");
      expect(run.stdout).toContain("8 contributions (3 confirmed, 4 unconfirmed, 1 disputed); 3 at lead degree; 3 acknowledgements.");
      expect(run.stdout).toContain("amina — 2 contributions (1 confirmed, 1 disputed) · 0 kudos · 1 lead · values authorship, presenting findings (“Conference talks matter for my PhD”)");
      expect(run.stdout).toContain("Coletivo Maré — 3 contributions (2 confirmed, 1 unconfirmed) · 2 kudos · 1 lead");
      expect(run.stdout).toContain("University of Nairobi: 38% of contributions, 0% of acknowledgements, 33% of lead roles — under-acknowledged");
      const saved = [...run.stdout.matchAll(/📎 Saved (.+)$/gm)].map((m) => m[1]!);
      expect(saved.map((p) => path.extname(p))).toEqual([".md", ".csv", ".json", ".txt", ".xml", ".csv", ".json", ".html"]);
      expect(path.basename(saved[6]!)).toMatch(/\.zenodo-amina-\d{8}T\d{6}Z\.json$/);
      const [md, csv, json, credit, jats, tenzing, zenodo, report] = await Promise.all(saved.map((p) => readFile(p, "utf8")));
      // The built CLI draws the report's charts (vega loaded on demand under plain node).
      expect(report).toContain("<title>Coastal Resilience — partnership report</title>");
      expect(report!.match(/<svg [^>]*role="img"/g)?.length).toBeGreaterThanOrEqual(5);

      expect(md).toMatch(/^# Contributions to Coastal Resilience/m);
      expect(md).toContain("#7 · 2026-07-02 · amina (University of Nairobi) — Field logistics (equal) · disputed (I coordinated all the fieldwork, not only logistics)");
      expect(csv!.split("\r\n")).toHaveLength(1 + 8 + 1); // header, 8 rows, final line end
      expect(csv).toContain(",person,lucas,Universidade Federal do Pará,BR,https://ror.org/03q9sr818,postdoc,Formal analysis; Visualization,");
      expect(JSON.parse(json!).contributions.map((c: { number: number }) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(credit).toContain("amina: Data curation, Investigation.");
      expect(credit).toContain("lucas: Formal analysis, Visualization.");
      expect(credit).toContain("Coletivo Maré: Resources");
      expect(credit).not.toContain("Field logistics"); // #7 is disputed
      expect(jats).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<contrib-group>/);
      expect(jats).toContain(
        '<role vocab="credit" vocab-identifier="https://credit.niso.org/" vocab-term="Writing – review &amp; editing" vocab-term-identifier="https://credit.niso.org/contributor-roles/writing-review-editing/" degree-contribution="equal">Writing – review &amp; editing</role>',
      );
      expect(jats).toContain("<collab>Coletivo Maré</collab>");
      // Zenodo: people with a CRediT role are creators; Coletivo Maré, an institution, is a contributor.
      const deposit = JSON.parse(zenodo!) as { creators: Array<{ name: string }>; contributors: Array<{ name: string; type: string }> };
      expect(deposit.creators.map((c) => c.name)).toContain("amina");
      expect(deposit.contributors).toContainEqual(expect.objectContaining({ name: "Coletivo Maré" }));
      expect(tenzing!.split("\r\n")[1]).toBe("1,,,amina,FALSE,TRUE,FALSE,FALSE,TRUE,FALSE,FALSE,FALSE,FALSE,FALSE,FALSE,FALSE,FALSE,FALSE,,University of Nairobi,,FALSE");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await queue.cleanup();
    }
  });
});
