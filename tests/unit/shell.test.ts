import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { exportName, ShellAdapter } from "../../src/adapters/shell/shell.ts";
import type { ChatEvent } from "../../src/core/events.ts";
import { info, success, text } from "../../src/core/message.ts";

function shell(lines: string, interactive = false) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (d) => (printed += d));
  const events: ChatEvent[] = [];
  const adapter = new ShellAdapter({
    input,
    output,
    user: "amina",
    interactive,
    exportDir: "/nonexistent",
    handle: async (event) => {
      events.push(event);
      return [success(`ran: ${event.text}`)];
    },
  });
  input.end(lines);
  return { adapter, events, printed: () => printed };
}

describe("shell adapter", () => {
  it("runs one command per line, in order, skipping blanks and # comments, and prints only replies", async () => {
    const s = shell("help\n\n# a comment\n  profile tz=UTC  \n");
    await s.adapter.run();
    expect(s.events.map((e) => e.text)).toEqual(["help", "profile tz=UTC"]);
    expect(s.printed()).toBe("✓ ran: help\n✓ ran: profile tz=UTC\n");
  });

  it("gives every line its own idempotency key and speaks as MUTUAL_SHELL_USER", async () => {
    const s = shell("a\nb\n");
    await s.adapter.run();
    const [a, b] = s.events;
    expect(a!.id).toMatch(/^shell:[0-9a-f]{8}:1$/);
    expect(b!.id).toBe(a!.id.replace(/:1$/, ":2"));
    expect(a!.user).toMatchObject({ externalId: "amina", handle: "amina" });
    expect(a!.platform).toBe("shell");
  });

  it("stops at `exit`, ignoring what follows", async () => {
    const s = shell("help\nexit\nprofile\n");
    await s.adapter.run();
    expect(s.events.map((e) => e.text)).toEqual(["help"]);
  });

  it("prints messages sent outside a reply, marking those meant for someone else", async () => {
    const s = shell("");
    await s.adapter.send({ personId: "p1", displayName: "amina", handle: "amina" }, info(text("Time to reflect")));
    await s.adapter.send({ personId: "p2", displayName: "João", handle: "joao" }, info(text("You were thanked")));
    expect(s.printed()).toBe("📬 Time to reflect\n📬 (to João) You were thanked\n");
  });

  it("names every export file for who asked and when, so one person's export never overwrites another's", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mutual-shell-exports-"));
    try {
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = "";
      output.on("data", (d) => (printed += d));
      const at = new Date("2026-10-19T10:15:02.345Z");
      const adapter = new ShellAdapter({
        input,
        output,
        user: "amina",
        interactive: false,
        exportDir: dir,
        now: () => at,
        // Every line exports a file of the same name, with the typing person in it.
        handle: async (event) => [
          { ...success("exported"), files: [{ filename: "mutual-reflections-2026-10-19.md", mediaType: "text/markdown", chunks: async function* () { yield `by ${event.user.handle}`; } }] },
        ],
      });
      input.end("my reflections format=md\n/as joao\nmy reflections format=md\nmy reflections format=md\n");
      await adapter.run();
      const saved = [...printed.matchAll(/^📎 Saved (.+)$/gm)].map((m) => path.basename(m[1]!));
      expect(saved).toEqual([
        "mutual-reflections-2026-10-19-amina-20261019T101502Z.md",
        "mutual-reflections-2026-10-19-joao-20261019T101502Z.md",
        "mutual-reflections-2026-10-19-joao-20261019T101502Z-2.md", // the same second again: a new file
      ]);
      expect((await readdir(dir)).sort()).toEqual([...saved].sort());
      expect(await readFile(path.join(dir, saved[0]!), "utf8")).toBe("by amina");
      expect(await readFile(path.join(dir, saved[1]!), "utf8")).toBe("by joao");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps a shell user name out of the path", () => {
    const at = new Date("2026-01-02T03:04:05Z");
    expect(exportName("../../x.csv", "../../etc", at)).toBe("x-etc-20260102T030405Z.csv");
    expect(exportName("report.html", "Ana Lúcia/ö", at)).toBe("report-Ana-Lúcia-ö-20260102T030405Z.html");
    expect(exportName("plan.md", "...", at)).toBe("plan-someone-20260102T030405Z.md");
  });
});
