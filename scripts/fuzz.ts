// The fuzz test on a larger corpus, with a fresh seed (printed, so a failure can be replayed):
//   npx tsx scripts/fuzz.ts [runs] [seed]        e.g. npx tsx scripts/fuzz.ts 200000
// Runs tests/integration/fuzz.test.ts (PGlite; FUZZ_DB=postgres for PostgreSQL) with FUZZ_RUNS and FUZZ_SEED.
import { spawnSync } from "node:child_process";

const runs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
console.log(`fuzzing ${runs.toLocaleString("en")} lines with seed ${seed} (replay: FUZZ_RUNS=${runs} FUZZ_SEED=${seed} npx vitest run tests/integration/fuzz.test.ts)`);
const result = spawnSync("npx", ["vitest", "run", "tests/integration/fuzz.test.ts"], {
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) },
});
process.exit(result.status ?? 1);
