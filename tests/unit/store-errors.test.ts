// Which driver errors mean "the database is unreachable": the shapes seen from @prisma/adapter-pg
// and pg when PostgreSQL stops, is cut off, or does not answer (tests/integration/postgres-outage.test.ts).
import { describe, expect, it } from "vitest";
import { isUnavailable } from "../../src/core/errors.ts";
import { guardStore, isConnectionError } from "../../src/store/errors.ts";

const prismaError = (code: string, message: string, meta?: object) => Object.assign(new Error(message), { code, meta });

describe("isConnectionError", () => {
  it.each([
    ["Prisma P1001 (nothing listens)", prismaError("P1001", "Can't reach database server at 127.0.0.1:5432", { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } })],
    ["a pooled connection that died", new Error("Connection terminated unexpectedly")],
    ["a connect that timed out", Object.assign(new Error("Connection terminated due to connection timeout"), { cause: new Error("Connection terminated unexpectedly") })],
    ["pg's ECONNREFUSED", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["an administrator shutdown (57P01)", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["the adapter's own kind, nested", { cause: { kind: "ConnectionClosed" } }],
  ])("recognises %s", (_, e) => {
    expect(isConnectionError(e)).toBe(true);
  });

  it.each([
    ["a unique violation", prismaError("P2002", "Unique constraint failed")],
    ["a syntax error", Object.assign(new Error('syntax error at or near "SELEC"'), { code: "42601" })],
    ["a plain bug", new TypeError("x is undefined")],
    ["nothing", undefined],
  ])("leaves %s alone", (_, e) => {
    expect(isConnectionError(e)).toBe(false);
  });
});

describe("guardStore", () => {
  it("turns connection failures into UnavailableError, passes other errors and values through, and reports both", async () => {
    const events: string[] = [];
    const raw = {
      people: {
        ok: async () => 42,
        down: async () => Promise.reject(new Error("Connection terminated unexpectedly")),
        bug: async () => Promise.reject(new TypeError("x is undefined")),
        stream: () => ({ chunks: "not a promise" }),
      },
    };
    const store = guardStore(raw, { down: () => events.push("down"), up: () => events.push("up") });
    await expect(store.people.down()).rejects.toSatisfy(isUnavailable);
    await expect(store.people.bug()).rejects.toBeInstanceOf(TypeError);
    expect(await store.people.ok()).toBe(42);
    expect(store.people.stream()).toEqual({ chunks: "not a promise" });
    expect(events).toEqual(["down", "up"]);
  });
});
