// A command's action declares the store ports it uses; its handler is handed those alone, in the
// types and at run time (src/core/mutual.ts declaredStore), so a port reached without being
// declared fails here instead of silently working.
import { describe, expect, it } from "vitest";
import { commandPaths } from "../../src/core/commands/access.ts";
import { action, defineCommand } from "../../src/core/commands/definition.ts";
import { commands } from "../../src/core/commands/index.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { info, renderPlainText, text } from "../../src/core/message.ts";
import { declaredStore } from "../../src/core/mutual.ts";
import { STORE_PORTS, type Store } from "../../src/core/ports.ts";
import { MemoryStore } from "../fakes/memory-store.ts";
import { harness } from "./harness.ts";

describe("every command", () => {
  const paths = commandPaths(commands);

  it("declares store ports that exist, each once", () => {
    for (const [path, a] of paths) {
      expect(a.ports.filter((p) => !STORE_PORTS.includes(p)), path).toEqual([]);
      expect(new Set(a.ports).size, path).toBe(a.ports.length);
    }
  });

  it("leaves receipts to Mutual, which keeps one per event around the handler", () => {
    expect(paths.filter(([, a]) => a.ports.includes("receipts")).map(([path]) => path)).toEqual([]);
  });
});

describe("a handler at run time", () => {
  const seen: object[] = [];
  const probe = defineCommand({
    name: "probe",
    description: "cmd.ping",
    subcommands: {
      declared: action({
        description: "cmd.ping",
        ports: ["profiles"],
        options: [],
        idempotent: true,
        async handler({ actor, services }) {
          seen.push(services.store);
          return info(text((await services.store.profiles.get(actor.personId)).displayName));
        },
      }),
      undeclared: action({
        description: "cmd.ping",
        ports: ["profiles"],
        options: [],
        idempotent: true,
        async handler({ actor, services }) {
          // Past its types, as a helper typed loosely would be: the port is still not there.
          const whole = services.store as unknown as Store;
          return info(text(String((await whole.projects.mine(actor.workspaceId, actor.personId)).length)));
        },
      }),
    },
  });

  it("sees only its declared ports, in a store built once for its action", async () => {
    const { send, services } = harness({ commands: [probe] });
    expect(renderPlainText((await send("probe declared"))[0]!)).toBe("Ana Souza");
    await send("probe declared");
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).not.toBe(services.store);
    expect(Object.keys(seen[0]!)).toEqual(["profiles"]);
    expect(services.logger.at("error")).toEqual([]);
  });

  it("fails when it reaches a port it did not declare, and says which", async () => {
    const { send, services } = harness({ commands: [probe] });
    const [reply] = await send("probe undeclared");
    expect(reply!.tone).toBe("error");
    expect(renderPlainText(reply!)).toMatch(/reference [0-9a-f]{8}/);
    const [logged] = services.logger.at("error");
    expect(String((logged!.obj.err as Error).message)).toBe('"probe undeclared" uses the store port "projects" without declaring it: add it to the action\'s ports');
  });

  it("cannot name an undeclared port in its types (npm run typecheck checks this file)", () => {
    const typed = action({
      description: "cmd.ping",
      ports: ["profiles"],
      options: [],
      async handler({ services }) {
        // @ts-expect-error "projects" is not among the declared ports
        return services.store.projects ? [] : [];
      },
    });
    expect(typed.ports).toEqual(["profiles"]);
  });

  it("reads a declared port as the store's own, and copies none of the others", () => {
    const store = new MemoryStore() as unknown as Store;
    const declared = declaredStore(store, ["profiles", "projects"], "test");
    expect(declared.profiles).toBe(store.profiles);
    expect(declared.projects).toBe(store.projects);
    expect({ ...declared }).toEqual({ profiles: store.profiles, projects: store.projects });
    expect(() => declared.identity).toThrow('"test" uses the store port "identity" without declaring it');
  });
});

describe("the in-memory store", () => {
  const memoryPorts = STORE_PORTS.filter((p) => p in new MemoryStore());
  // Their ports are here, but invitation codes and closing are left to the real store (realOnly).
  const realOnlyMethods = ["project join", "project invite", "project close", "project reopen"];
  const onMemoryPorts = commandPaths(commands).filter(([, a]) => a.ports.every((p) => memoryPorts.includes(p)));
  const runnable = onMemoryPorts.filter(([path]) => !realOnlyMethods.includes(path));
  const en = translator("en");

  it("implements every port of the commands unit tests run", () => {
    expect(memoryPorts).toEqual(["identity", "profiles", "institutions", "projects", "outbox", "receipts"]);
    expect(onMemoryPorts.map(([path]) => path)).toEqual(expect.arrayContaining([...realOnlyMethods, "help", "profile", "project create", "institution add", "pause", "ping"]));
  });

  it.each(runnable)("runs %s's examples without reaching a port it lacks", async (path, a) => {
    const { send, services } = harness();
    await send('project create "Coastal Resilience"');
    for (const line of [...(a.examples ?? []).map((e) => en.text(e)), path]) expect((await send(line)).length, line).toBeGreaterThan(0);
    expect(services.logger.at("error")).toEqual([]);
  });
});
