import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ShellAdapter } from "../../src/adapters/shell/shell.ts";
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
});
