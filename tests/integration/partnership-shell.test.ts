// The partnership across workspaces, typed into the real shell adapter: `/as joao@ngo-workspace` acts as a
// person of another workspace, who joins with the code the lead was shown, thanks across, gets the prompt
// and is counted in the summary.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, expect, it } from "vitest";
import { ShellAdapter } from "../../src/adapters/shell/shell.ts";
import { FakeClock } from "../fakes/memory-store.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";

const clock = new FakeClock(new Date("2026-11-23T07:00:00Z"));
let app: TestApp | undefined;
let dir: string | undefined;
afterAll(async () => {
  await app?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("a person of another workspace joins with the code, thanks across, gets the prompt and is counted", async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mutual-partnership-"));
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpExecArray) => void }> = [];
  output.on("data", (d) => {
    printed += d;
    for (const w of [...waiters]) {
      const m = w.pattern.exec(printed);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  /** Resolves when the shell has printed `pattern` (waits on output, not on time). */
  const printedMatch = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve) => {
      const m = pattern.exec(printed);
      if (m) resolve(m);
      else waiters.push({ pattern, resolve });
    });
  const shell = new ShellAdapter({
    handle: (event) => app!.mutual.handle(event),
    settled: () => app!.scheduler.settle(),
    input,
    output,
    user: "lea",
    interactive: false,
    exportDir: dir,
    now: () => clock.now(),
  });
  app = await startTestApp("pglite", { redisUrl: undefined }, { clock, chat: () => shell });
  const running = shell.run();
  input.write('project create "Coastal Resilience" slug=coastal\nproject invite coastal\n');
  const [, code] = await printedMatch(/Invitation to Coastal Resilience: ([2-9A-Z-]{14})/);
  input.write(
    [
      "/as joao@ngo-workspace",
      `project join ${code}`,
      'kudos @lea "for the field guide"',
      "/as lea",
      'contribution add @joao "Interviews in Portuguese" roles=investigation',
      "schedule create every=weekly days=mon",
      "schedule fire #1",
      "summary by=person",
      "/as joao@ngo-workspace",
      "project list",
      "",
    ].join("\n"),
  );
  input.end();
  await running;
  await app.scheduler.settle();
  expect(printed).toContain("Welcome to Coastal Resilience!");
  expect(printed).toMatch(/📬 \(to lea\).*joao/s); // the kudos notice reached Léa, in the other workspace
  expect(printed).toMatch(/Sent to 2 of 2 members/);
  expect(printed).toMatch(/📬 \(to joao\) Reflection · Coastal Resilience/);
  expect(printed).toMatch(/📬 Reflection · Coastal Resilience/);
  const summary = printed.slice(printed.lastIndexOf("Coastal Resilience — "));
  expect(summary).toContain("joao");
  // Two workspaces, one project.
  const workspaces = await app.database.prisma.workspace.findMany({ where: { platform: "SHELL" }, select: { externalId: true }, orderBy: { externalId: "asc" } });
  expect(workspaces.map((w) => w.externalId)).toEqual(["local", "ngo-workspace"]);
  expect(await app.database.prisma.membership.count()).toBe(2);
}, 120_000);
