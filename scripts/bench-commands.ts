// Benchmark for issue 15: what one command costs, against a floor measured in the same run.
//
// Usage (from the repository root; needs PostgreSQL):
//   npx tsx scripts/bench-commands.ts [--runs 400]
//
// The core runs as the shell adapter runs it (app.mutual.handle) on a scratch PostgreSQL database,
// with the embedded scheduler. For each kind of command it reports, per command: the statements sent
// to PostgreSQL (counted on the wire, transactions included), the CPU time of this process, and the
// ratio to a floor: the same statements replayed with raw `pg` on one connection (what any Node
// program needs to say the same things to PostgreSQL). Then throughput, sequential: kudos and
// contributions recorded per second, against raw single-row INSERTs per second, in interleaved rounds.
// Last, TypedSQL compared on the kudos statement (see typedSqlComparison); --no-typed-sql skips it.
// Environment: BENCH_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
// BENCH_DB_SUFFIX names your own scratch database (scripts/bench-db.ts).
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify, parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { pino } from "pino";
import { startApp } from "../src/app.ts";
import type { ChatEvent } from "../src/core/events.ts";
import { THANK_SQL } from "../src/store/credit.ts";
import { observeStatements } from "../src/store/driver.ts";
import { newId } from "../src/store/ids.ts";
import { outboxParams } from "../src/store/outbox.ts";
import { benchConfig, scratchDatabase } from "./bench-db.ts";

const { values: flags } = parseArgs({ options: { runs: { type: "string", default: "400" }, "no-typed-sql": { type: "boolean", default: false } } });
const RUNS = Number(flags.runs);
const DB = scratchDatabase("mutual_bench_commands");
const log = (m: string) => process.stderr.write(`${m}\n`);

let seq = 0;
const event = (user: string, text: string): ChatEvent => ({
  id: `bench:${process.pid}:${++seq}`,
  platform: "shell",
  workspace: { externalId: "local", name: "Shell" },
  user: { externalId: user, displayName: user, handle: user },
  channel: { id: "stdin", direct: true },
  text,
});

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main() {
  await DB.recreate();
  const config = benchConfig(DB.url);
  const sent: unknown[] = [];
  const app = await startApp(config, { logger: pino({ level: "silent" }), chat: { send: async (_to, m) => void sent.push(m), post: async () => undefined } });
  const raw = new pg.Client({ connectionString: DB.url });
  await raw.connect();
  const say = async (user: string, text: string) => {
    const [reply] = await app.mutual.handle(event(user, text));
    if (!reply || reply.tone === "error") throw new Error(`${user}: ${text} → ${JSON.stringify(reply)}`);
  };
  try {
    await say("amina", 'institution add "University of Nairobi" country=KE');
    await say("amina", 'profile institution="University of Nairobi" stage=phd');
    await say("amina", 'project create "Bench" slug=bench');
    await say("joao", "project join bench");

    let firstContacts = 0;
    const kinds: Array<[name: string, run: () => Promise<void>]> = [
      ["help, known user", () => say("amina", "help")],
      ["kudos", () => say("amina", "kudos @joao for the tide tables")],
      ["contribution add", () => say("amina", 'contribution add @joao "Translated the guide" roles="translation, data curation" knowledge="lived experience"')],
      ["first contact (help)", () => say(`newcomer${++firstContacts}`, "help")],
    ];
    const lines: string[] = [];
    for (const [name, run] of kinds) {
      for (let i = 0; i < 30; i++) await run(); // warm-up
      // One command's statements, for the count and the floor's replay.
      const statements: Array<{ text: string; values: readonly unknown[] | undefined }> = [];
      observeStatements((text, values) => statements.push({ text, values }));
      await run();
      observeStatements(undefined);
      let count = 0;
      observeStatements(() => void count++);
      const cpu0 = cpuMs();
      const wall0 = performance.now();
      for (let i = 0; i < RUNS; i++) await run();
      const cpu = (cpuMs() - cpu0) / RUNS;
      const wall = (performance.now() - wall0) / RUNS;
      observeStatements(undefined);
      // The floor: the same statements, raw, on one connection. Writes meet their own unique keys
      // (ON CONFLICT, or an error caught here): the same wire and parsing work, a lower bound.
      const floorCpu0 = cpuMs();
      for (let i = 0; i < RUNS; i++) {
        for (const s of statements) await raw.query({ text: s.text, values: s.values as unknown[] | undefined }).catch(() => undefined);
      }
      const floor = (cpuMs() - floorCpu0) / RUNS;
      // No statement means no floor to compare with: the CPU itself is the figure.
      const versus = count === 0 ? "no statements, nothing to replay" : `floor CPU ${floor.toFixed(2)} ms · ratio ${(cpu / floor).toFixed(1)}×`;
      const line = `${name.padEnd(22)} ${(count / RUNS).toFixed(1).padStart(5)} statements · CPU ${cpu.toFixed(2)} ms · wall ${wall.toFixed(2)} ms · ${versus}`;
      log(line);
      lines.push(line);
    }

    // Throughput, sequential: kudos and contributions per second against raw single-row INSERTs.
    await raw.query("CREATE TABLE bench_insert (id bigserial PRIMARY KEY, body text NOT NULL)");
    // In interleaved rounds: on a shared machine a busy neighbour then slows the floor and the commands
    // alike, and the ratios stay comparable from run to run (one block each swung them two- to threefold).
    const ROUNDS = 8;
    const spent = { inserts: 0, kudos: 0, contributions: 0 };
    const time = async (what: keyof typeof spent, n: number, run: () => Promise<unknown>) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) await run();
      spent[what] += performance.now() - t;
    };
    const per = Math.max(1, Math.round(RUNS / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      await time("inserts", per * 2, () => raw.query("INSERT INTO bench_insert (body) VALUES ($1)", ["thanks for the tide tables"]));
      await time("kudos", per, () => say("amina", "kudos @joao for the tide tables"));
      await time("contributions", per, () => say("amina", 'contribution add @joao "Translated the guide" roles=translation'));
    }
    const rate = (what: keyof typeof spent, n: number) => n / (spent[what] / 1000);
    const inserts = rate("inserts", per * 2 * ROUNDS);
    const kudos = rate("kudos", per * ROUNDS);
    const contributions = rate("contributions", per * ROUNDS);
    const throughput = [
      `raw single-row INSERT   ${inserts.toFixed(0)}/s`,
      `kudos                   ${kudos.toFixed(0)}/s = 1/${(inserts / kudos).toFixed(1)} of raw`,
      `contribution add        ${contributions.toFixed(0)}/s = 1/${(inserts / contributions).toFixed(1)} of raw`,
    ];
    for (const l of throughput) log(l);
    const typed = flags["no-typed-sql"] ? [] : await typedSqlComparison(raw, DB.url);
    process.stdout.write(`${[...lines, ...throughput, ...typed].join("\n")}\n`);
  } finally {
    await raw.end();
    await app.close();
    await DB.drop();
  }
}

/**
 * TypedSQL (issue 15) against the raw prepared statement, on the kudos statement (THANK_SQL, the one
 * statement a kudos writes). `prisma generate --sql` cannot run here: Prisma 6.19 introspects the SQL
 * files with the native schema-engine binary even when prisma.config.ts says `engine: "js"` (it ignores
 * the driver adapter, prisma/orm#28510), and no native binary is installed. What it would generate is a
 * call to the runtime's makeTypedQueryFactory, run with `$queryRawTyped`; so the statement is timed on
 * that very runtime path, with a client generated (offline, on the WASM engine) from a copy of the
 * schema with the typedSql preview feature, into node_modules/.cache (the product's client is untouched).
 * Interleaved rounds; every call writes a new acknowledgement and its notice, as a kudos does.
 */
async function typedSqlComparison(raw: pg.Client, url: string): Promise<string[]> {
  const exec = promisify(execFile);
  const dir = path.resolve("node_modules/.cache/mutual-bench-typedsql");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "sql"), { recursive: true });
  const schema = readFileSync("prisma/schema.prisma", "utf8")
    .replace(/provider(\s*)= "prisma-client"/, 'provider$1= "prisma-client"\n  previewFeatures = ["typedSql"]')
    .replace(/output(\s*)= "[^"]*"/, 'output$1= "./client"');
  writeFileSync(path.join(dir, "schema.prisma"), schema);
  writeFileSync(path.join(dir, "sql", "thank.sql"), THANK_SQL.text);
  const prismaCli = path.resolve("node_modules/.bin/prisma");
  const env = { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  const generateSql = await exec(prismaCli, ["generate", "--sql", "--schema", path.join(dir, "schema.prisma")], { env }).then(
    () => "ran",
    (e: { stderr?: string; message: string }) => {
      const said = (e.stderr || e.message).split("\n").map((l) => l.trim());
      return `fails: ${said.find((l) => /could not find|can't reach|not supported/i.test(l)) ?? said.find((l) => /error/i.test(l)) ?? "no reason given"}`;
    },
  );
  await exec(prismaCli, ["generate", "--schema", path.join(dir, "schema.prisma")], { env });
  const { PrismaClient } = (await import(path.join(dir, "client", "client.ts"))) as { PrismaClient: new (o: object) => TypedClient };
  const { makeTypedQueryFactory } = await import("@prisma/client/runtime/client");
  const thankTyped = makeTypedQueryFactory(THANK_SQL.text);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  try {
    const ids = await raw.query<{ project: string; from: string; to: string }>(
      `SELECT m."projectId" AS project, a.id AS from, j.id AS to FROM "Person" a, "Person" j, "Membership" m
       WHERE a."displayName" = 'amina' AND j."displayName" = 'joao' AND m."personId" = j.id LIMIT 1`,
    );
    const { project, from, to } = ids.rows[0]!;
    let n = 0;
    const params = () => {
      const key = `bench-typed:${process.pid}:${++n}`;
      const data = { actor: "amina", project: "Bench", message: "for the tide tables" };
      const notice = { dedupeKey: `${key}:kudos:${to}`, projectId: project, personId: to, template: "kudos" as const, data };
      return [newId(), project, from, to, null, null, "for the tide tables", key, ...outboxParams([notice], new Date())];
    };
    const ways: Record<string, () => Promise<unknown>> = {
      "raw prepared (product)": () => raw.query({ name: THANK_SQL.name, text: THANK_SQL.text, values: params() }),
      "TypedSQL runtime ($queryRawTyped)": () => prisma.$queryRawTyped(thankTyped(...params())),
      "$queryRawUnsafe": () => prisma.$queryRawUnsafe(THANK_SQL.text, ...params()),
    };
    const spent: Record<string, number> = Object.fromEntries(Object.keys(ways).map((k) => [k, 0]));
    const cpu: Record<string, number> = { ...spent };
    for (const run of Object.values(ways)) for (let i = 0; i < 20; i++) await run(); // warm-up
    const ROUNDS = 8;
    const per = Math.max(1, Math.round(RUNS / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(ways)) {
        const c0 = cpuMs();
        const t0 = performance.now();
        for (let i = 0; i < per; i++) await run();
        spent[name]! += performance.now() - t0;
        cpu[name]! += cpuMs() - c0;
      }
    }
    const calls = per * ROUNDS;
    const base = spent["raw prepared (product)"]!;
    return [
      `TypedSQL: prisma generate --sql here: ${generateSql}`,
      ...Object.keys(ways).map((name) => {
        const perSecond = (calls / (spent[name]! / 1000)).toFixed(0).padStart(5);
        const cpuPerCall = (cpu[name]! / calls).toFixed(2);
        return `  kudos statement, ${name.padEnd(34)} ${perSecond}/s · CPU ${cpuPerCall} ms · ${(spent[name]! / base).toFixed(2)}× the time of raw prepared`;
      }),
    ];
  } finally {
    await prisma.$disconnect();
    await pool.end().catch(() => undefined);
  }
}

interface TypedClient {
  $queryRawTyped(query: unknown): Promise<unknown>;
  $queryRawUnsafe(sql: string, ...values: unknown[]): Promise<unknown>;
  $disconnect(): Promise<void>;
}

main().catch((e) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
