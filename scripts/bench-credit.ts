// Seed + benchmark for the credit scale targets of issue 3 (one project, a million contributions):
//   - summary of one year by institution: < 300 ms
//   - full CSV export of every contribution: < 15 s wall time, < 300 MB peak RSS
// and, for issue 21, the time to make the partnership report (`summary format=report`) of one year
// and of all time (the figures gathered from the database, the charts drawn to SVG, the HTML written).
//
// Usage (from the repository root; needs PostgreSQL, no npm script):
//   npx tsx scripts/bench-credit.ts [--keep] [--measure-only] [--tsx-export]
//
//   (default)       drop and recreate the database mutual_bench, migrate it (openDatabase), seed it with
//                   set-based SQL, VACUUM ANALYZE, measure, then drop it again.
//   --keep          keep mutual_bench afterwards (e.g. to run EXPLAIN by hand, or --measure-only later).
//   --measure-only  skip creating and seeding: measure a database kept by an earlier --keep run
//                   (dropped afterwards unless --keep is given again).
//   --summaries-only  measure the four summaries alone (no report, no export): for work on the summary queries.
//   --tsx-export    run the export child under tsx on the TypeScript sources (the default compiles them
//                   with the project's tsc into a temporary directory and runs plain `node`, as `npm start`
//                   does; tsx's loader alone adds ~60 MB of RSS).
//   --export-only   internal: the export measurement alone, run in a child process so that its peak RSS
//                   is the export's own and not the seeding's; prints one `RESULT {json}` line.
//
// Environment: BENCH_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres) is the
// server and a role allowed to CREATE/DROP DATABASE; the bench database is mutual_bench on it, or
// mutual_bench<suffix> with BENCH_DB_SUFFIX=<suffix> (two people benchmarking on one server).
//
// The data is deterministic (hash-derived, no random()), so every run seeds the same rows:
// 1 workspace, 1 project, 40 institutions, 5,000 people (institution, career stage, platform
// account, membership, ~30% with acknowledgement preferences), 1,000,000 contributions over
// 2024-01-01..2026-12-31 (number order follows time, as numbers are handed out on recording, with
// up to 45 days of back-dating), 1–3 roles each, 0–2 forms of knowledge, ~10% by institutions,
// snapshots as record() takes them; 100,000 acknowledgements (70% for a contribution, to its
// contributor; the rest to a person or, 15%, an institution) over the same three years. For the
// report: a weekly reflection prompt to 500 members over the three years (78,000 deliveries, 45%
// answered, some shared or anonymous, 10% skipped), 200 mentorship pairs with fortnightly check-ins
// (70% held, half of them confirmed), skipped cycles and overdue flags, and 1,500 members with open
// capacity needs.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { fold } from "../src/core/matching.ts";
import { exportFile } from "../src/core/credit/exports.ts";
import type { GroupBy, Period, ProjectSummary } from "../src/core/credit/model.ts";
import { equityRows } from "../src/core/credit/summary.ts";
import { translator } from "../src/core/i18n/index.ts";
import { systemClock, type ProjectRecord } from "../src/core/ports.ts";
import type { Services } from "../src/core/services.ts";
import { reportFile } from "../src/core/report/index.ts";
import { vegaCharts } from "../src/reports/vega.ts";
import { creditStore } from "../src/store/credit.ts";
import { createStore } from "../src/store/index.ts";
import { openDatabase, type Database } from "../src/store/database.ts";
import { scratchDatabase, serverCpuMs } from "./bench-db.ts";

const BENCH_DB = scratchDatabase("mutual_bench");
const DB_NAME = BENCH_DB.name;
const BENCH_URL = BENCH_DB.url;

const N_INSTITUTIONS = 40;
const N_PEOPLE = 5_000;
const N_CONTRIBUTIONS = 1_000_000;
const N_ACKNOWLEDGEMENTS = 100_000;
const DAYS = 1096; // 2024-01-01 .. 2026-12-31
const RUNS = 10;

const TARGETS = { summaryMs: 300, exportMs: 15_000, exportRssMb: 300 };

const WORKSPACE_ID = "wbench0000000000000000001";
const PROJECT_ID = "pjbench000000000000000001";
const PROJECT = { name: "Coastal resilience (benchmark)", slug: "bench" };
const YEAR: Period = { from: "2026-01-01", to: "2026-12-31" };
const ALL: Period = { from: null, to: null };

const args = new Set(process.argv.slice(2));
const KEEP = args.has("--keep");
const MEASURE_ONLY = args.has("--measure-only");
const EXPORT_ONLY = args.has("--export-only");
const TSX_EXPORT = args.has("--tsx-export");
const SUMMARIES_ONLY = args.has("--summaries-only");
const REPO = fileURLToPath(new URL("..", import.meta.url));
const unknown = [...args].filter((a) => !["--keep", "--measure-only", "--export-only", "--tsx-export", "--summaries-only"].includes(a));
if (unknown.length) {
  process.stderr.write(`Unknown option ${unknown.join(" ")}. Usage: npx tsx scripts/bench-credit.ts [--keep] [--measure-only] [--summaries-only] [--tsx-export]\n`);
  process.exit(2);
}

const ms = (n: number) => `${n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString("en")} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const log = (message: string) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------------------------------------
// Deterministic data in SQL

/** A pseudo-random integer in [0, 2^31) for row `g` and stream `salt`; the same every run. */
const h = (g: string, salt: number) => `(hashint8((${g})::bigint * 1000 + ${salt}) & 2147483647)`;
/** The same as a fraction in [0, 1). */
const u = (g: string, salt: number) => `(${h(g, salt)}::float8 / 2147483648)`;
/** A 25-character id (the length of a cuid): prefix + zero-padded number. */
const id = (prefix: string, n: string) => `'${prefix}' || lpad((${n})::text, ${25 - prefix.length}, '0')`;

const PLACES = [
  ["Nairobi", "KE"], ["Cape Town", "ZA"], ["São Paulo", "BR"], ["Bogotá", "CO"], ["Pune", "IN"],
  ["Leeds", "GB"], ["Kiel", "DE"], ["Seattle", "US"], ["Oaxaca", "MX"], ["Cusco", "PE"],
  ["Ibadan", "NG"], ["Accra", "GH"], ["Gulu", "UG"], ["Zanzibar", "TZ"], ["Makassar", "ID"],
  ["Cebu", "PH"], ["Huế", "VN"], ["Pokhara", "NP"], ["Khulna", "BD"], ["Wageningen", "NL"],
] as const;
const KINDS = [
  ["University of", "UNIVERSITY"], ["Université de", "UNIVERSITY"], ["Marine Research Institute", "RESEARCH_INSTITUTE"],
  ["Fishers' Cooperative", "COMMUNITY_ORGANISATION"], ["Coastal NGO", "NGO"], ["Ministry of Environment", "GOVERNMENT"],
] as const;
const FIRST = ["Amina", "Wanjiru", "Thabo", "Lucía", "João", "Priya", "Arjun", "Siobhan", "Jonas", "Mei", "Kofi", "Ngozi", "Adebayo", "Ana María", "Diego", "Nguyễn", "Sita", "Rahim", "Fatima", "Emma", "Lars", "Aiyana", "Tupac", "Hana", "Omar", "Grace", "Kwame", "Inés", "Ravi", "Zainab"];
const LAST = ["Njoroge", "Otieno", "Mokoena", "García", "Silva", "Deshpande", "Iyer", "O'Brien", "Schmidt", "Chen", "Mensah", "Okafor", "Adeyemi", "Rodríguez", "Quispe", "Văn An", "Gurung", "Hossain", "Diallo", "de Vries", "Andersen", "Begay", "Mamani", "Tanaka", "Haddad", "Wambui", "Boateng", "Fernández", "Nair", "Bello", "Smith"];
const DESCRIPTIONS = [
  "Ran focus groups with fishers in the northern villages",
  "Translated interview transcripts, Swahili to English",
  'Drafted the "methods" section and its appendix',
  "Negotiated field access with the community council",
  "Cleaned and documented the 2019–2023 catch dataset",
  "Built the dashboard for the tide gauge data",
  "Co-designed the survey instrument with local partners",
  "Reviewed the manuscript; suggested a reframing of results",
  "Organised boat logistics for the mangrove transects",
  "Mentored two students through their first analysis",
  "Presented findings to the district policy forum",
  "Collected water samples at 14 sites, twice a month",
];
const MESSAGES = [
  "Thank you for the careful translation work!",
  "The field logistics were flawless, thanks.",
  "Grateful for your patience with our questions.",
  "Your knowledge of the tides saved the campaign.",
  "Thanks for mentoring the new students.",
  "Great job on the dashboard — everyone uses it.",
];
const COMMENTS = ["Role should be supporting, not lead", "Dates are off by a month", "This was done by the cooperative, not one person"];

interface Step {
  name: string;
  ms: number;
  rows?: number;
}

async function timed(steps: Step[], name: string, run: () => Promise<number | void>): Promise<void> {
  const t0 = performance.now();
  const rows = await run();
  const step: Step = { name, ms: performance.now() - t0 };
  if (typeof rows === "number") step.rows = rows;
  steps.push(step);
  log(`  ${name}: ${ms(step.ms)}${step.rows !== undefined ? ` (${step.rows.toLocaleString("en")} rows)` : ""}`);
}

const recreateDatabase = BENCH_DB.recreate;
const dropDatabase = BENCH_DB.drop;

const BIG_TABLES = ["Contribution", "Acknowledgement"];

/** Index and constraint definitions of the big tables, to drop before the bulk load and restore after. */
async function schemaOf(client: pg.Client) {
  const constraints = await client.query<{ tbl: string; name: string; type: string; def: string }>(
    `SELECT conrelid::regclass::text AS tbl, conname AS name, contype AS type, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE conrelid = ANY($1::regclass[]) AND contype IN ('p', 'f', 'u') ORDER BY 1, 2`,
    [BIG_TABLES.map((t) => `"${t}"`)],
  );
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index i
       WHERE indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1`,
    [BIG_TABLES.map((t) => `"${t}"`)],
  );
  return { constraints: constraints.rows, indexes: indexes.rows };
}

async function seed(steps: Step[]): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_URL });
  await client.connect();
  const q = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rowCount ?? 0;
  try {
    await q(`SET maintenance_work_mem = '1GB'`);
    await q(`SET work_mem = '256MB'`);
    await q(`SET synchronous_commit = off`);

    // Bulk load without secondary indexes and foreign keys, then build them once, as they were.
    const schema = await schemaOf(client);
    await timed(steps, "drop indexes and constraints of the big tables", async () => {
      for (const c of schema.constraints.filter((c) => c.type === "f")) await q(`ALTER TABLE ${c.tbl} DROP CONSTRAINT "${c.name}"`);
      for (const c of schema.constraints.filter((c) => c.type !== "f")) await q(`ALTER TABLE ${c.tbl} DROP CONSTRAINT "${c.name}"`);
      for (const i of schema.indexes) await q(`DROP INDEX ${i.name}`);
    });

    await timed(steps, "workspace, project, institutions", async () => {
      await q(`INSERT INTO "Workspace" (id, platform, "externalId", name) VALUES ($1, 'SHELL', 'bench', 'Benchmark')`, [WORKSPACE_ID]);
      const institutions = Array.from({ length: N_INSTITUTIONS }, (_, i) => {
        const [city, country] = PLACES[i % PLACES.length]!;
        const [kind, kindId] = KINDS[Math.floor(i / PLACES.length) * 3 + (i % 3)]!;
        const name = `${kind} ${city}`;
        return { id: `ibench${String(i + 1).padStart(19, "0")}`, name, key: fold(name), country, kind: kindId, ror: i % 4 === 0 ? `0${(i * 7919).toString(36).padStart(6, "0")}90` : null };
      });
      await q(
        `INSERT INTO "Institution" (id, "workspaceId", name, "nameKey", country, "rorId", kind)
         SELECT t.id, $1, t.name, t.key, t.country, t.ror, t.kind::"InstitutionKind"
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(id, name, key, country, ror, kind)`,
        [WORKSPACE_ID, ...(["id", "name", "key", "country", "ror", "kind"] as const).map((k) => institutions.map((i) => i[k]))],
      );
      await q(`INSERT INTO "Project" (id, "workspaceId", slug, name, "createdById") VALUES ($1, $2, $3, $4, NULL)`, [PROJECT_ID, WORKSPACE_ID, PROJECT.slug, PROJECT.name]);
    });

    // Institution ids as built above: 'ibench' + 19 digits.
    const inst = (n: string) => id("ibench", n);
    const person = (n: string) => id("p", n);

    await timed(steps, "people, platform accounts, memberships, preferences", async () => {
      // Affiliations are skewed (a few big institutions), as in real partnerships.
      let rows = await q(
        `INSERT INTO "Person" (id, "displayName", timezone, language, country, "careerStage", "institutionId", "updatedAt")
         SELECT ${person("n")}, ($1::text[])[1 + ${h("n", 1)} % array_length($1, 1)] || ' ' || ($2::text[])[1 + ${h("n", 2)} % array_length($2, 1)],
           'UTC', 'en', i.country,
           (CASE WHEN ${h("n", 3)} % 100 < 15 THEN 'STUDENT' WHEN ${h("n", 3)} % 100 < 40 THEN 'PHD_CANDIDATE' WHEN ${h("n", 3)} % 100 < 55 THEN 'POSTDOC'
                 WHEN ${h("n", 3)} % 100 < 70 THEN 'EARLY_CAREER' WHEN ${h("n", 3)} % 100 < 90 THEN 'ESTABLISHED' ELSE 'NON_ACADEMIC_PARTNER' END)::"CareerStage",
           i.id, now()
         FROM generate_series(1, ${N_PEOPLE}) n
         JOIN "Institution" i ON i.id = ${inst(`1 + least(${N_INSTITUTIONS - 1}, floor(${N_INSTITUTIONS} * power(${u("n", 4)}, 1.5))::int)`)}`,
        [FIRST, LAST],
      );
      rows += await q(
        `INSERT INTO "PlatformAccount" (id, "workspaceId", "personId", "externalId", handle)
         SELECT ${id("u", "n")}, $1, ${person("n")}, 'U' || lpad(n::text, 8, '0'), 'user' || n FROM generate_series(1, ${N_PEOPLE}) n`,
        [WORKSPACE_ID],
      );
      rows += await q(
        `INSERT INTO "Membership" (id, "projectId", "personId", role)
         SELECT ${id("m", "n")}, $1, ${person("n")}, (CASE WHEN n = 1 THEN 'LEAD' WHEN n % 50 = 0 THEN 'MENTOR' ELSE 'MEMBER' END)::"ProjectRole"
         FROM generate_series(1, ${N_PEOPLE}) n`,
        [PROJECT_ID],
      );
      rows += await q(
        `INSERT INTO "AcknowledgementPreference" ("personId", form, rank, note)
         SELECT ${person("n")}, (enum_range(NULL::"AcknowledgementForm"))[1 + (${h("n", 6)} % 9 + 3 * k) % 9], k + 1,
           CASE WHEN k = 0 AND ${h("n", 7)} % 4 = 0 THEN 'Please name my community, not just me' END
         FROM generate_series(1, ${N_PEOPLE}) n CROSS JOIN generate_series(0, 2) k
         WHERE ${h("n", 5)} % 10 < 3 AND k <= ${h("n", 8)} % 3`,
      );
      return rows;
    });

    await timed(steps, "contributions", () =>
      q(
        `INSERT INTO "Contribution" (id, number, "projectId", "contributorPersonId", "contributorInstitutionId", "affiliationId", "careerStage",
           "recordedById", description, roles, degree, "knowledgeForms", "startedOn", "endedOn", link, status, "statusComment", "statusChangedAt",
           "statusById", "idempotencyKey", "createdAt")
         SELECT ${id("c", "s.g")}, s.g, $1,
           CASE WHEN s.by_inst THEN NULL ELSE p.id END,
           CASE WHEN s.by_inst THEN s.inst END,
           -- the snapshot record() takes: the contributing institution, or the person's institution and stage
           CASE WHEN s.by_inst THEN s.inst ELSE p."institutionId" END,
           CASE WHEN s.by_inst THEN NULL ELSE p."careerStage" END,
           CASE WHEN s.self THEN COALESCE(p.id, s.recorder) ELSE s.recorder END,
           ($2::text[])[1 + s.r_desc % array_length($2, 1)] || ' (' || s.g || ')',
           -- 1–3 distinct roles
           ARRAY(SELECT (enum_range(NULL::"ContributionRole"))[1 + (${h("s.g", 31)} % 21 + 7 * k) % 21] FROM generate_series(0, ${h("s.g", 32)} % 3) k),
           (CASE WHEN s.r_deg < 20 THEN 'LEAD' WHEN s.r_deg < 70 THEN 'EQUAL' ELSE 'SUPPORTING' END)::"ContributionDegree",
           CASE s.nk WHEN 0 THEN '{}'::"KnowledgeForm"[]
                     WHEN 1 THEN ARRAY[s.kf[1 + s.k1]]
                     ELSE ARRAY[s.kf[1 + s.k1], s.kf[1 + (s.k1 + 1 + s.k2) % 5]] END,
           s.started,
           CASE WHEN s.r_end < 40 THEN s.started + s.r_len END,
           CASE WHEN s.r_link < 20 THEN 'https://example.org/bench/' || s.g END,
           s.status,
           CASE WHEN s.status = 'DISPUTED' THEN ($3::text[])[1 + s.r_len % array_length($3, 1)] END,
           CASE WHEN s.status <> 'RECORDED' THEN s.created + interval '3 days' END,
           CASE WHEN s.status <> 'RECORDED' THEN s.recorder END,
           'bench:contribution:' || s.g,
           s.created
         FROM (
           SELECT g,
             ${h("g", 11)} % 100 < 10 AS by_inst,
             ${inst(`1 + ${h("g", 12)} % ${N_INSTITUTIONS}`)} AS inst,
             ${person(`1 + least(${N_PEOPLE - 1}, floor(${N_PEOPLE} * power(${u("g", 13)}, 2))::int)`)} AS person,
             ${person(`1 + ${h("g", 14)} % ${N_PEOPLE}`)} AS recorder,
             ${h("g", 15)} % 100 < 60 AS self,
             ${h("g", 16)} AS r_desc, ${h("g", 17)} % 100 AS r_deg,
             ${h("g", 18)} % 3 AS nk, ${h("g", 19)} % 5 AS k1, ${h("g", 20)} % 4 AS k2,
             ${h("g", 21)} % 100 AS r_end, ${h("g", 22)} % 60 AS r_len, ${h("g", 23)} % 100 AS r_link,
             (CASE WHEN ${h("g", 24)} % 100 < 50 THEN 'RECORDED' WHEN ${h("g", 24)} % 100 < 92 THEN 'CONFIRMED' ELSE 'DISPUTED' END)::"ContributionStatus" AS status,
             d.started,
             d.started + (${h("g", 26)} % 45) * interval '1 day' + (${h("g", 27)} % 86400) * interval '1 second' AS created,
             enum_range(NULL::"KnowledgeForm") AS kf
           FROM generate_series(1, ${N_CONTRIBUTIONS}) g
           CROSS JOIN LATERAL (SELECT greatest(DATE '2024-01-01', DATE '2024-01-01' + ((g - 1)::bigint * ${DAYS} / ${N_CONTRIBUTIONS})::int - ${h("g", 25)} % 45) AS started) d
         ) s
         LEFT JOIN "Person" p ON p.id = s.person AND NOT s.by_inst`,
        [PROJECT_ID, DESCRIPTIONS, COMMENTS],
      ),
    );

    // What record() keeps on the project as it writes: the longest span, which bounds period queries.
    await q(
      `UPDATE "Project" SET "longestContributionDays" =
         (SELECT max(COALESCE("endedOn", "startedOn") - "startedOn") FROM "Contribution" WHERE "projectId" = $1) WHERE id = $1`,
      [PROJECT_ID],
    );

    const ackAt = `least(TIMESTAMP '2026-12-31 23:59:59', TIMESTAMP '2024-01-01' + ((g - 1)::bigint * ${DAYS * 86400} / ${N_ACKNOWLEDGEMENTS} + ${h("g", 41)} % 86400) * interval '1 second')`;
    await timed(steps, "acknowledgements", async () => {
      // 70%: thanks for a recent contribution, to its contributor (snapshots from the Person and Contribution rows, as thank() takes them).
      let rows = await q(
        `INSERT INTO "Acknowledgement" (id, "projectId", "fromPersonId", "toPersonId", "toInstitutionId", "contributionId", "affiliationId", "careerStage",
           "contributionRoles", "contributionKnowledgeForms", message, "idempotencyKey", "createdAt")
         SELECT ${id("a", "s.g")}, $1, s.sender, c."contributorPersonId", c."contributorInstitutionId", c.id,
           CASE WHEN c."contributorPersonId" IS NOT NULL THEN p."institutionId" ELSE c."contributorInstitutionId" END,
           p."careerStage", c.roles, c."knowledgeForms",
           ($2::text[])[1 + s.r_msg % array_length($2, 1)], 'bench:acknowledgement:' || s.g, s.at
         FROM (
           SELECT g, ${person(`1 + ${h("g", 42)} % ${N_PEOPLE}`)} AS sender, ${h("g", 43)} AS r_msg, ${ackAt} AS at,
             greatest(1, g * ${N_CONTRIBUTIONS / N_ACKNOWLEDGEMENTS} - ${h("g", 44)} % 20000) AS number
           FROM generate_series(1, ${N_ACKNOWLEDGEMENTS}) g WHERE ${h("g", 40)} % 100 < 70
         ) s
         JOIN "Contribution" c ON c."projectId" = $1 AND c.number = s.number
         LEFT JOIN "Person" p ON p.id = c."contributorPersonId"`,
        [PROJECT_ID, MESSAGES],
      );
      // 30%: thanks on their own, to a person or (15% of them) an institution.
      rows += await q(
        `INSERT INTO "Acknowledgement" (id, "projectId", "fromPersonId", "toPersonId", "toInstitutionId", "contributionId", "affiliationId", "careerStage", message, "idempotencyKey", "createdAt")
         SELECT ${id("a", "s.g")}, $1, s.sender,
           CASE WHEN s.to_inst THEN NULL ELSE p.id END,
           CASE WHEN s.to_inst THEN s.inst END,
           NULL,
           CASE WHEN s.to_inst THEN s.inst ELSE p."institutionId" END,
           CASE WHEN s.to_inst THEN NULL ELSE p."careerStage" END,
           ($2::text[])[1 + s.r_msg % array_length($2, 1)], 'bench:acknowledgement:' || s.g, s.at
         FROM (
           SELECT g, ${person(`1 + ${h("g", 42)} % ${N_PEOPLE}`)} AS sender, ${h("g", 43)} AS r_msg, ${ackAt} AS at,
             ${h("g", 45)} % 100 < 15 AS to_inst,
             ${inst(`1 + ${h("g", 46)} % ${N_INSTITUTIONS}`)} AS inst,
             ${person(`1 + ${h("g", 47)} % ${N_PEOPLE}`)} AS person
           FROM generate_series(1, ${N_ACKNOWLEDGEMENTS}) g WHERE ${h("g", 40)} % 100 >= 70
         ) s
         LEFT JOIN "Person" p ON p.id = s.person AND NOT s.to_inst`,
        [PROJECT_ID, MESSAGES],
      );
      return rows;
    });

    await timed(steps, "restore primary keys, indexes, foreign keys (validated)", async () => {
      for (const c of schema.constraints.filter((c) => c.type !== "f")) await q(`ALTER TABLE ${c.tbl} ADD CONSTRAINT "${c.name}" ${c.def}`);
      for (const i of schema.indexes) await q(i.def);
      for (const c of schema.constraints.filter((c) => c.type === "f")) await q(`ALTER TABLE ${c.tbl} ADD CONSTRAINT "${c.name}" ${c.def}`);
      const after = await schemaOf(client);
      if (JSON.stringify(after) !== JSON.stringify(schema)) throw new Error("the restored indexes/constraints differ from the migrated schema");
    });

    await timed(steps, "report extras: prompts and answers, mentorship pairs, check-ins and notices, capacity needs", () => seedReportExtras(q));

    await timed(steps, "VACUUM ANALYZE", async () => {
      await q("VACUUM ANALYZE");
    });
  } finally {
    await client.end();
  }
}

/** What the partnership report reads besides contributions: reflection, mentorship and capacity records. */
async function seedReportExtras(q: (sql: string, params?: unknown[]) => Promise<number>): Promise<number> {
  const person = (n: string) => id("p", n);
  let rows = await q(
    `INSERT INTO "Schedule" (id, "projectId", number, kind, cadence, "localTime", "promptSet", "updatedAt") VALUES
       ('sbench0000000000000000001', $1, 1, 'REFLECTION', '{"type":"weekly","weekdays":[1]}', '09:00', 'mutual-learning', now()),
       ('sbench0000000000000000002', $1, 2, 'CHECKIN', '{"type":"daily"}', '10:00', NULL, now())`,
    [PROJECT_ID],
  );
  // Every tenth member gets the weekly prompt for three years: 500 × 156 deliveries.
  rows += await q(
    `INSERT INTO "PromptDelivery" (id, "dedupeKey", "scheduleId", "projectId", "personId", "promptId", language, occurrence, status, "sentAt", "createdAt")
     SELECT ${id("d", "n * 1000 + w")}, 'bench:delivery:' || n || ':' || w, 'sbench0000000000000000001', $1, ${person("n")},
       'mutual-learning/ml-0' || (1 + w % 8), 'en', at,
       (CASE WHEN ${h("n * 1000 + w", 61)} % 100 < 45 THEN 'ANSWERED' WHEN ${h("n * 1000 + w", 61)} % 100 < 55 THEN 'SKIPPED' ELSE 'SENT' END)::"DeliveryStatus",
       at, at
     FROM generate_series(10, ${N_PEOPLE}, 10) n CROSS JOIN generate_series(0, 155) w
     CROSS JOIN LATERAL (SELECT TIMESTAMP '2024-01-01 09:00' + w * interval '7 days' AS at) t`,
    [PROJECT_ID],
  );
  rows += await q(
    `INSERT INTO "PromptResponse" (id, "deliveryId", "projectId", "personId", text, visibility, "idempotencyKey", "createdAt", "updatedAt")
     SELECT 'r' || substr(d.id, 2), d.id, $1, d."personId", 'A benchmark answer',
       (CASE WHEN ${h("d.number", 62)} % 100 < 20 THEN 'PROJECT' WHEN ${h("d.number", 62)} % 100 < 35 THEN 'ANONYMOUS' ELSE 'PRIVATE' END)::"Visibility",
       'bench:response:' || d.id, d."sentAt", d."sentAt"
     FROM (SELECT *, row_number() OVER (ORDER BY id) AS number FROM "PromptDelivery" WHERE status = 'ANSWERED') d`,
    [PROJECT_ID],
  );
  rows += await q(
    `INSERT INTO "MentorshipPair" (id, "projectId", number, "mentorId", "menteeId", cadence, "localTime", "startsOn", "endedAt")
     SELECT ${id("mp", "n")}, $1, n, ${person("n * 25")}, ${person("n * 25 - 7")},
       '{"type":"every-n-weeks","weeks":2,"weekdays":[1],"anchor":"2024-01-01"}', '10:00',
       DATE '2024-01-01' + (${h("n", 63)} % 365), CASE WHEN ${h("n", 64)} % 4 = 0 THEN TIMESTAMP '2026-06-30 12:00' END
     FROM generate_series(1, 200) n`,
    [PROJECT_ID],
  );
  rows += await q(
    `INSERT INTO "CheckIn" (id, "pairId", "occurredOn", topics, "mentorNote", "menteeConfirmedAt", "idempotencyKey", "createdAt")
     SELECT ${id("ci", "p.number * 100 + k")}, p.id, p."startsOn" + k * 14, ARRAY['WRITING', 'CAREER']::"CheckInTopic"[], 'A private note',
       CASE WHEN ${h("p.number * 100 + k", 66)} % 2 = 0 THEN (p."startsOn" + k * 14)::timestamp + interval '1 day' END,
       'bench:checkin:' || p.number || ':' || k, (p."startsOn" + k * 14)::timestamp
     FROM "MentorshipPair" p CROSS JOIN generate_series(0, 77) k
     WHERE p."projectId" = $1 AND p."startsOn" + k * 14 <= LEAST(DATE '2026-12-31', COALESCE(p."endedAt"::date, DATE '2026-12-31'))
       AND ${h("p.number * 100 + k", 65)} % 100 < 70`,
    [PROJECT_ID],
  );
  // A skipped cycle now and then, and an overdue stretch (to the mentor, and for some to the lead).
  rows += await q(
    `INSERT INTO "Notice" (id, "dedupeKey", kind, "scheduleId", "projectId", "pairId", "personId", occurrence, status, "sentAt", reason)
     SELECT ${id("nt", "p.number * 1000 + k * 10 + x")}, key, kind::"NoticeKind", 'sbench0000000000000000002', $1, p.id, p."mentorId", at,
       (CASE WHEN x = 0 THEN 'SKIPPED' ELSE 'SENT' END)::"DeliveryStatus", at, CASE WHEN x = 0 THEN 'A private reason' END
     FROM "MentorshipPair" p CROSS JOIN generate_series(0, 9) k CROSS JOIN generate_series(0, 2) x
     CROSS JOIN LATERAL (SELECT (p."startsOn" + 70 + k * 91)::timestamp + interval '10 hours' AS at) t
     CROSS JOIN LATERAL (SELECT CASE x WHEN 0 THEN 'checkin:' || p.id || ':' || (p."startsOn" + 70 + k * 91)
                                       WHEN 1 THEN 'overdue:' || p.id || ':' || (p."startsOn" + 49 + k * 91) || ':mentor'
                                       ELSE 'overdue:' || p.id || ':' || (p."startsOn" + 49 + k * 91) || ':lead:' || ${person("1")} END AS key,
                                  CASE x WHEN 0 THEN 'CHECKIN_REMINDER' WHEN 1 THEN 'OVERDUE_MENTOR' ELSE 'OVERDUE_LEAD' END AS kind) c
     WHERE p."projectId" = $1 AND at <= TIMESTAMP '2026-12-31' AND ${h("p.number * 100 + k", 67)} % 100 < (CASE x WHEN 0 THEN 30 WHEN 1 THEN 20 ELSE 8 END)`,
    [PROJECT_ID],
  );
  rows += await q(
    `INSERT INTO "CapacityNeed" (id, "personId", "projectId", category, description, priority)
     SELECT ${id("cn", "n * 10 + k")}, ${person("n")}, $1, (enum_range(NULL::"CapacityCategory"))[1 + (${h("n", 68)} + k) % 4], 'A need in a few words', 1 + ${h("n * 10 + k", 69)} % 3
     FROM generate_series(1, ${N_PEOPLE}) n CROSS JOIN generate_series(0, 1) k
     WHERE ${h("n", 70)} % 100 < 30 AND k <= ${h("n", 71)} % 2`,
    [PROJECT_ID],
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface Timing {
  label: string;
  median: number;
  max: number;
  /** CPU per run: PostgreSQL's processes (undefined when the server is not on this machine) and this process. */
  serverCpu: number | undefined;
  nodeCpu: number;
  groups: number;
  total: number;
}

async function timeSummary(db: Database, label: string, period: Period, by: GroupBy): Promise<Timing> {
  const store = creditStore(db.prisma, db.connection);
  const first = await store.summarize(PROJECT_ID, period, by); // warm-up
  const times: number[] = [];
  const [server0, node0] = [serverCpuMs(), process.cpuUsage()];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await store.summarize(PROJECT_ID, period, by);
    times.push(performance.now() - t0);
  }
  const [server1, node1] = [serverCpuMs(), process.cpuUsage(node0)];
  times.sort((a, b) => a - b);
  const median = (times[(RUNS - 1) >> 1]! + times[RUNS >> 1]!) / 2;
  const serverCpu = server0 !== undefined && server1 !== undefined ? (server1 - server0) / RUNS : undefined;
  const nodeCpu = (node1.user + node1.system) / 1000 / RUNS;
  const timing = { label, median, max: times[RUNS - 1]!, serverCpu, nodeCpu, groups: first.groups.length, total: first.totals.total };
  log(
    `  ${label}: median ${ms(timing.median)}, max ${ms(timing.max)}; CPU per summary ${cpu(timing)} (${timing.groups} groups, ${timing.total.toLocaleString("en")} contributions)`,
  );
  return timing;
}

/** "PostgreSQL 221 ms + Node 95 ms": what one summary cost, on both sides of the wire. */
const cpu = (t: Pick<Timing, "serverCpu" | "nodeCpu">) => `${t.serverCpu === undefined ? "" : `PostgreSQL ${ms(t.serverCpu)} + `}Node ${ms(t.nodeCpu)}`;

interface ReportTiming {
  label: string;
  /** The first report of the process: includes importing vega and vega-lite. */
  coldMs: number;
  median: number;
  max: number;
  gatherMs: number;
  bytes: number;
  figures: number;
}

const REPORT_RUNS = 5;

/** `summary format=report` as the command makes it: figures from the store, charts drawn, one HTML file. */
async function timeReport(db: Database, label: string, period: Period, cold: boolean): Promise<ReportTiming> {
  const store = createStore(db.prisma, db.connection);
  const services = { store, clock: systemClock, charts: vegaCharts() } as unknown as Services;
  const project: ProjectRecord = (await store.projects.find(WORKSPACE_ID, PROJECT.slug))!;
  const t = translator("en");
  const make = async () => {
    const t0 = performance.now();
    const file = await reportFile(services, project, period, t, "UTC");
    let html = "";
    for await (const chunk of file.chunks()) html += chunk;
    return { ms: performance.now() - t0, html };
  };
  const first = await make();
  const times: number[] = [];
  for (let i = 0; i < REPORT_RUNS; i++) times.push((await make()).ms);
  times.sort((a, b) => a - b);
  // The database's share: the same queries the report runs, without drawing.
  const { gatherReport } = await import("../src/core/report/data.ts");
  const g0 = performance.now();
  await gatherReport(services, project, period);
  const gatherMs = performance.now() - g0;
  const timing = {
    label,
    coldMs: cold ? first.ms : Number.NaN,
    median: times[REPORT_RUNS >> 1]!,
    max: times[REPORT_RUNS - 1]!,
    gatherMs,
    bytes: Buffer.byteLength(first.html),
    figures: first.html.match(/<svg\b/g)?.length ?? 0,
  };
  log(`  ${label}: ${cold ? `first (with loading vega) ${ms(timing.coldMs)}, ` : ""}median ${ms(timing.median)}, max ${ms(timing.max)}; of which queries ${ms(gatherMs)}; ${timing.figures} charts, ${(timing.bytes / 1024).toFixed(0)} KB`);
  return timing;
}

interface ExportResult {
  summaryMs: number;
  exportMs: number;
  firstChunkMs: number;
  rows: number;
  bytes: number;
  chunks: number;
  rssBeforeMb: number;
  peakRssSampledMb: number;
  maxRssMb: number;
  peakHeapMb: number;
}

/** Child-process mode: a full-project CSV export, as `summary format=csv` builds it. */
async function exportOnly(): Promise<void> {
  const db = await openDatabase({ url: BENCH_URL });
  try {
    const store = creditStore(db.prisma, db.connection);
    const t0 = performance.now();
    // As src/core/commands/summary.ts assembles it (default grouping: by person; all time).
    const data = await store.summarize(PROJECT_ID, ALL, "person");
    const summary: ProjectSummary = {
      project: PROJECT,
      period: ALL,
      by: "person",
      totals: data.totals,
      groups: data.groups,
      equity: equityRows(data.equity),
      generatedAt: new Date().toISOString(),
    };
    const summaryMs = performance.now() - t0;

    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);

    const file = exportFile("csv", summary, () => store.contributions(PROJECT_ID, ALL));
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    let firstChunkMs = 0;
    const t1 = performance.now();
    for await (const chunk of file.chunks()) {
      if (chunks++ === 0) firstChunkMs = performance.now() - t1;
      bytes += Buffer.byteLength(chunk, "utf8");
      // Rows end in CRLF; no seeded field contains a line break.
      for (let i = chunk.indexOf("\r\n"); i !== -1; i = chunk.indexOf("\r\n", i + 2)) lines++;
    }
    const exportMs = performance.now() - t1;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    const result: ExportResult = {
      summaryMs,
      exportMs,
      firstChunkMs,
      rows: lines - 1,
      bytes,
      chunks,
      rssBeforeMb: rssBefore / 1024 / 1024,
      peakRssSampledMb: peakRss / 1024 / 1024,
      maxRssMb: process.resourceUsage().maxRSS / 1024, // kB on Linux
      peakHeapMb: peakHeap / 1024 / 1024,
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
  }
}

/**
 * This script compiled by the project's tsc (tsconfig.json, no type check) into a temporary copy of
 * the repository layout (node_modules and prisma linked), to run the export under plain node.
 */
function compileForNode(dir: string): Promise<string> {
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
  symlinkSync(path.join(REPO, "prisma"), path.join(dir, "prisma"));
  const tsconfig = {
    extends: path.join(REPO, "tsconfig.json"),
    compilerOptions: { noEmit: false, noCheck: true, outDir: dir, rootDir: REPO, sourceMap: false, incremental: false },
    files: [fileURLToPath(import.meta.url)],
    include: [],
  };
  writeFileSync(path.join(dir, "tsconfig.bench.json"), JSON.stringify(tsconfig));
  return new Promise((resolve, reject) => {
    const tsc = spawn(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", path.join(dir, "tsconfig.bench.json")], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    tsc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    tsc.stderr.on("data", (d: Buffer) => (out += d.toString()));
    tsc.on("error", reject);
    tsc.on("close", (code) => (code === 0 ? resolve(path.join(dir, "scripts", "bench-credit.js")) : reject(new Error(`tsc failed (${code}): ${out}`))));
  });
}

async function runExportChild(): Promise<ExportResult & { runtime: string }> {
  const dir = TSX_EXPORT ? null : mkdtempSync(path.join(tmpdir(), "mutual-bench-"));
  try {
    // Under tsx: the same node and loader flags as this process. Otherwise: plain node on the compiled copy.
    const argv = dir ? [await compileForNode(dir), "--export-only"] : [...process.execArgv, fileURLToPath(import.meta.url), "--export-only"];
    const result = await new Promise<ExportResult>((resolve, reject) => {
      const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"], env: process.env });
      let out = "";
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (d: string) => (out += d));
      child.on("error", reject);
      child.on("close", (code) => {
        const line = out.split("\n").find((l) => l.startsWith("RESULT "));
        if (code !== 0 || !line) return reject(new Error(`export child exited with ${code}: ${out}`));
        resolve(JSON.parse(line.slice("RESULT ".length)) as ExportResult);
      });
    });
    return { ...result, runtime: dir ? `node ${process.version}, tsc-compiled` : `tsx on node ${process.version}` };
  } finally {
    if (dir) {
      // Remove the links themselves first, never what they point to.
      for (const link of ["node_modules", "prisma"]) {
        try {
          unlinkSync(path.join(dir, link));
        } catch {
          // not created
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function databaseFacts(db: Database) {
  const [counts] = await db.connection.query<{ contributions: number; roles: number; acknowledgements: number; people: number; institutions: number; bytes: string }>(
    `SELECT (SELECT count(*) FROM "Contribution")::int AS contributions,
            (SELECT sum(cardinality(roles)) FROM "Contribution")::int AS roles,
            (SELECT count(*) FROM "Acknowledgement")::int AS acknowledgements,
            (SELECT count(*) FROM "Person")::int AS people,
            (SELECT count(*) FROM "Institution")::int AS institutions,
            pg_database_size(current_database())::bigint AS bytes`,
  );
  const [server] = await db.connection.query<{ version: string; shared_buffers: string; work_mem: string }>(
    `SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem`,
  );
  return { ...counts!, bytes: Number(counts!.bytes), server: server! };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (EXPORT_ONLY) return exportOnly();

  const command = `npx tsx scripts/bench-credit.ts${KEEP ? " --keep" : ""}${MEASURE_ONLY ? " --measure-only" : ""}${SUMMARIES_ONLY ? " --summaries-only" : ""}${TSX_EXPORT ? " --tsx-export" : ""}`;
  const steps: Step[] = [];
  let seedMs = 0;
  let db: Database | undefined;
  try {
    if (!MEASURE_ONLY) {
      log(`Creating ${DB_NAME} and seeding it…`);
      const t0 = performance.now();
      await timed(steps, `drop/create database ${DB_NAME}`, recreateDatabase);
      await timed(steps, "migrate (openDatabase)", async () => {
        db = await openDatabase({ url: BENCH_URL });
      });
      await seed(steps);
      seedMs = performance.now() - t0;
      log(`Seeded in ${ms(seedMs)}.`);
    } else {
      db = await openDatabase({ url: BENCH_URL });
    }
    const facts = await databaseFacts(db!);
    if (facts.contributions !== N_CONTRIBUTIONS) throw new Error(`expected ${N_CONTRIBUTIONS} contributions in ${DB_NAME}, found ${facts.contributions} (seed with --keep first)`);

    log("Summaries (warm-up, then 10 runs each)…");
    const timings = [
      await timeSummary(db!, "summary 2026 by institution", YEAR, "institution"),
      await timeSummary(db!, "summary 2026 by person", YEAR, "person"),
      await timeSummary(db!, "summary 2026 by role", YEAR, "role"),
      await timeSummary(db!, "summary 2026 by knowledge", YEAR, "knowledge"),
    ];
    if (SUMMARIES_ONLY) {
      await db!.close();
      db = undefined;
      const rows = timings.map((t) => `| ${t.label} — median / max of ${RUNS} | ${ms(t.median)} / ${ms(t.max)} | ${(t.median / timings[0]!.median).toFixed(2)}× | ${cpu(t)} |`);
      const header = ["| Summary | Result | Ratio to by institution | CPU per summary |", "| --- | ---: | ---: | ---: |"];
      process.stdout.write(["", ...header, ...rows, "", `Reproduce: \`${command}\``, ""].join("\n"));
      return;
    }
    log(`Partnership report (summary format=report), first run then ${REPORT_RUNS} runs each…`);
    const reports = [await timeReport(db!, "report 2026 (12 months)", YEAR, true), await timeReport(db!, "report of all time (12 quarters)", ALL, false)];
    await db!.close();
    db = undefined;

    log(`Full CSV export in a child process (${TSX_EXPORT ? "tsx" : "plain node on a tsc-compiled copy"})…`);
    const x = await runExportChild();
    log(`  ${x.rows.toLocaleString("en")} rows, ${mb(x.bytes)} in ${ms(x.exportMs)}; peak RSS ${x.peakRssSampledMb.toFixed(0)} MB (maxRSS ${x.maxRssMb.toFixed(0)} MB)`);

    const ok = (good: boolean) => (good ? "✅" : "❌ missed");
    const lines = [
      "",
      `### Credit benchmark (${facts.contributions.toLocaleString("en")} contributions, ${facts.roles.toLocaleString("en")} role rows, ${facts.acknowledgements.toLocaleString("en")} acknowledgements, ${facts.people.toLocaleString("en")} people, ${facts.institutions} institutions; database ${mb(facts.bytes)})`,
      "",
      `PostgreSQL ${facts.server.version} (shared_buffers ${facts.server.shared_buffers}, work_mem ${facts.server.work_mem}), Node ${process.version}, ${availableParallelism()} CPUs.`,
      "",
      "| Measurement | Result | Target | |",
      "| --- | ---: | ---: | --- |",
      ...timings.map((t, i) =>
        i === 0
          ? `| ${t.label} — median / max of ${RUNS} | ${ms(t.median)} / ${ms(t.max)} | < ${TARGETS.summaryMs} ms | ${t.median < TARGETS.summaryMs && t.max >= TARGETS.summaryMs ? "✅ median (max over)" : ok(t.median < TARGETS.summaryMs)} |`
          : `| ${t.label} — median / max of ${RUNS} (for information) | ${ms(t.median)} / ${ms(t.max)} | — | |`,
      ),
      `| full CSV export (${x.runtime}) — wall time (${x.chunks.toLocaleString("en")} chunks, first after ${ms(x.firstChunkMs)}) | ${ms(x.exportMs)} | < ${TARGETS.exportMs / 1000} s | ${ok(x.exportMs < TARGETS.exportMs)} |`,
      `| full CSV export — rows / bytes | ${x.rows.toLocaleString("en")} / ${x.bytes.toLocaleString("en")} (${mb(x.bytes)}) | ${N_CONTRIBUTIONS.toLocaleString("en")} | ${ok(x.rows === N_CONTRIBUTIONS)} |`,
      `| full CSV export — peak RSS, sampled every 50 ms (before: ${x.rssBeforeMb.toFixed(0)} MB; peak heap ${x.peakHeapMb.toFixed(0)} MB) | ${x.peakRssSampledMb.toFixed(0)} MB | < ${TARGETS.exportRssMb} MB | ${ok(x.peakRssSampledMb < TARGETS.exportRssMb)} |`,
      `| full CSV export — maxRSS of the export process (incl. its all-time summary by person, ${ms(x.summaryMs)}) | ${x.maxRssMb.toFixed(0)} MB | < ${TARGETS.exportRssMb} MB | ${ok(x.maxRssMb < TARGETS.exportRssMb)} |`,
      ...reports.map(
        (r) =>
          `| ${r.label}: figures, ${r.figures} charts drawn, HTML (${(r.bytes / 1024).toFixed(0)} KB) — median / max of ${REPORT_RUNS}${Number.isNaN(r.coldMs) ? "" : `; first run, loading vega: ${ms(r.coldMs)}`}; queries alone ${ms(r.gatherMs)} | ${ms(r.median)} / ${ms(r.max)} | — | |`,
      ),
      ...(MEASURE_ONLY ? [] : [`| seeding (create, migrate, load, index, VACUUM ANALYZE) | ${ms(seedMs)} | ≤ ~2 min | |`]),
      "",
      `Reproduce: \`${command}\``,
      ...(MEASURE_ONLY ? [] : ["", "Seeding steps:", "", ...steps.map((s) => `- ${s.name}: ${ms(s.ms)}${s.rows !== undefined ? ` (${s.rows.toLocaleString("en")} rows)` : ""}`)]),
      "",
    ];
    process.stdout.write(lines.join("\n"));
  } finally {
    if (db) await db.close().catch(() => undefined);
    if (!KEEP) {
      await dropDatabase();
      log(`Dropped ${DB_NAME}.`);
    } else {
      log(`Kept ${DB_NAME}: ${BENCH_URL}`);
    }
  }
}

await main();
