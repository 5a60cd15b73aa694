// Hostile input through the core on the real store (embedded PGlite, as `npm start` runs it): at
// least 10,000 generated lines per run, from a lead, a member, an outsider and a person of another
// workspace. Properties: no line reaches the internal-error path, no promise is left rejected, and a
// refused line changes nothing in the database. `FUZZ_SEED=<n>` replays a run; `FUZZ_RUNS` sizes it;
// `FUZZ_DB=postgres` runs it on PostgreSQL; `npx tsx scripts/fuzz.ts` runs a larger corpus.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../src/core/commands/index.ts";
import { parseCommand } from "../../src/core/commands/parse.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";
import { changeMarks } from "../helpers/snapshot.ts";
import { commandLine } from "../fuzz/lines.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const PEOPLE = { lead: "lena", member: "bea", outsider: "otto", stranger: "sam" } as const;
type Who = keyof typeof PEOPLE;

describe("fuzzing the core with hostile command lines", () => {
  let app: TestApp;
  const errors: unknown[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  let counter = 0;

  const run = async (who: Who, text: string) => {
    const event = shellEvent(PEOPLE[who], text, `fuzz:${++counter}`);
    if (who === "stranger") event.workspace = { externalId: "elsewhere", name: "Elsewhere" };
    const replies = await app.mutual.handle(event);
    await app.scheduler.settle(); // notices it caused are sent before the next line is judged
    return replies;
  };

  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    app = await startTestApp((process.env.FUZZ_DB as "postgres" | "pglite" | undefined) ?? "pglite");
    // The core logs an internal error once, with its reference id: the property watches for it.
    const logger = app.mutual.services.logger;
    const error = logger.error.bind(logger);
    logger.error = (obj: object, msg?: string) => {
      errors.push({ obj, msg });
      error(obj, msg);
    };
    const setup: Array<[Who, string]> = [
      ["lead", 'project create "School Health" slug=schp'],
      ["member", "project join schp"],
      ["outsider", 'project create "Other" slug=other'],
      ["lead", 'institution add "Enda Santé" country=SN kind=ngo'],
      ["lead", 'contribution add @bea "Ran the survey" roles=investigation project=schp'],
      ["lead", 'contribution add "Enda Santé" "Hosted the workshops" roles=resources project=schp'],
      ["lead", "schedule create every=weekly days=mon project=schp"],
      ["lead", "mentor pair @lena @bea project=schp"],
      ["stranger", "profile"],
    ];
    for (const [who, text] of setup) expect(renderPlainText((await run(who, text))[0]!), text).not.toMatch(/^⚠/);
  });
  afterAll(async () => {
    process.off("unhandledRejection", onRejection);
    await app?.stop();
  });

  it(`answers ${RUNS.toLocaleString("en")} hostile lines without an internal error, and a refused line changes nothing`, async () => {
    const mark = await changeMarks(app.database.connection);
    const stats = { lines: 0, parsed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(commandLine(commands), fc.constantFrom<Who>("lead", "member", "outsider", "stranger"), async (line, who) => {
        stats.lines++;
        errors.length = 0; // each line answers for its own errors (shrinking replays lines)
        try {
          parseCommand(commands, line);
          stats.parsed++;
        } catch {
          // still sent: the core must answer it kindly
        }
        // A drawn `my data delete confirm` erases its speaker; their next line is a first contact,
        // which creates them whatever it says: that happens here, before the line is judged.
        if (!(await app.database.prisma.platformAccount.findFirst({ where: { externalId: PEOPLE[who] }, select: { id: true } }))) await run(who, "help");
        const before = await mark();
        const replies = await run(who, line);
        expect(replies.length, line).toBeGreaterThan(0);
        const text = replies.map(renderPlainText).join("\n");
        expect(text, JSON.stringify(line)).not.toMatch(/something went wrong/);
        expect(errors, JSON.stringify(line)).toEqual([]);
        if (replies[0]!.tone === "error") {
          stats.refused++;
          expect(await mark(), `refused but changed something: ${JSON.stringify(line)}`).toBe(before);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(rejections).toEqual([]);
    console.log(`fuzz: ${stats.lines} lines (seed ${SEED}); ${stats.parsed} parsed, ${stats.refused} refused, each refusal checked against the database`);
    expect(stats.lines).toBeGreaterThanOrEqual(RUNS);
  }, Math.max(240_000, RUNS * 30));
});
