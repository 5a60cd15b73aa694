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
// Environment: BENCH_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
import { parseArgs } from "node:util";
import pg from "pg";
import { pino } from "pino";
import { startApp } from "../src/app.ts";
import type { ChatEvent } from "../src/core/events.ts";
import { observeStatements } from "../src/store/driver.ts";
import { benchConfig, scratchDatabase } from "./bench-db.ts";

const { values: flags } = parseArgs({ options: { runs: { type: "string", default: "400" } } });
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
    process.stdout.write(`${[...lines, ...throughput].join("\n")}\n`);
  } finally {
    await raw.end();
    await app.close();
    await DB.drop();
  }
}

main().catch((e) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
