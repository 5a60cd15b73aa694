import { describe, expect, it, vi } from "vitest";
import { renderPlainText } from "../../src/core/message.ts";
import { UnavailableError, unavailableMessage } from "../../src/core/errors.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { STALE_RECEIPT_MS } from "../../src/core/mutual.ts";
import { harness, users } from "./harness.ts";

const REFERENCE = /please share reference ([0-9a-f]{8}) with your admin\.$/;

describe("bad input", () => {
  const cases = [
    ["an invalid time zone", "profile tz=Mars/Olympus"],
    ["a 10,000-character argument", `profile name=${"x".repeat(10_000)}`],
    ["unbalanced quotes", `profile name="Ana tz=UTC`],
    ["an unknown command", "profil tz=UTC"],
    ["an unknown option", "profile zone=UTC"],
    ["an invalid choice", "profile stage=professor"],
    ["an unknown project", "project join nowhere"],
    ["an invalid country", `institution add "University of Nairobi" country=Atlantis`],
    ["a bad work week", "profile workdays=someday"],
    ["line breaks inside a quoted value", 'project join "no\nsuch\nproject"'],
    ["line breaks inside a time zone", 'profile tz="Mars\nOlympus"'],
  ] as const;

  it.each(cases)("(%s) gets one short error and changes nothing", async (_, input) => {
    const { send, store, services } = harness();
    await send("profile"); // Ana is known; what follows must not change anything
    const before = store.snapshot();
    const replies = await send(input);
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply!.tone).toBe("error");
    const lines = renderPlainText(reply!).split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(lines[0]).toMatch(/^⚠ \S/);
    expect(lines.join("\n")).not.toMatch(/reference [0-9a-f]{8}/);
    expect(store.snapshot()).toEqual(before);
    expect(services.logger.at("error")).toEqual([]);
  });

  it("is rejected before the speaker is even recorded", async () => {
    const { send, store } = harness();
    const before = store.snapshot();
    const [reply] = await send(`profile name="Ana`, { as: users.chidi });
    expect(renderPlainText(reply!)).toBe("⚠ There is an unclosed quote (\") in your command.\nClose it, or leave the quotes out.");
    expect(store.snapshot()).toEqual(before);
    expect(store.state.people).toEqual([]);
  });

  it("answers a 10,000-character argument with the length, not the text", async () => {
    const { send } = harness();
    const [reply] = await send(`institution add ${"x".repeat(10_000)}`);
    expect(renderPlainText(reply!)).toBe("⚠ That command is too long (10,016 characters; the limit is 4,000).");
  });
});

describe("receipts", () => {
  it("runs a retried delivery once and repeats the first reply", async () => {
    const { send, store } = harness();
    const create = vi.spyOn(store.projects, "create");
    const first = await send(`project create "Coastal Resilience"`, { id: "Ev-retry" });
    const second = await send(`project create "Coastal Resilience"`, { id: "Ev-retry" });
    expect(second).toEqual(first);
    expect(renderPlainText(second[0]!)).toMatch(/^✓ Created Coastal Resilience/);
    expect(create).toHaveBeenCalledTimes(1);
    expect(store.state.projects).toHaveLength(1);
    expect(store.state.audit.filter((a) => a.action === "project.create")).toHaveLength(1);
    expect(store.state.receipts).toMatchObject([{ key: "Ev-retry", status: "DONE" }]);
  });

  it("runs a new event with the same text again", async () => {
    const { send, store } = harness();
    await send(`project create "Coastal Resilience"`);
    const [again] = await send(`project create "Coastal Resilience"`);
    expect(renderPlainText(again!)).toMatch(/^⚠ A project with the short name "coastal-resilience" already exists\./);
    expect(store.state.projects).toHaveLength(1);
  });

  it("keeps no receipt for idempotent commands", async () => {
    const { send, store } = harness();
    await send("profile tz=Africa/Nairobi", { id: "Ev-tz" });
    await send("project list", { id: "Ev-list" });
    expect(store.state.receipts).toEqual([]);
    expect(store.state.people[0]!.timezone).toBe("Africa/Nairobi");
  });

  it("keeps no receipt for a user error, so a retry checks again", async () => {
    const { send, store } = harness();
    const [first] = await send("project join coastal", { id: "Ev-join" });
    expect(first!.tone).toBe("error");
    expect(store.state.receipts).toEqual([]);
    await send(`project create "Coastal"`, { as: users.ben });
    const [retry] = await send("project join coastal", { id: "Ev-join" });
    expect(renderPlainText(retry!)).toBe("✓ Welcome to Coastal!");
  });

  it("answers 'still working' while another process holds a fresh claim", async () => {
    const { send, store, services } = harness();
    await store.receipts.claim("Ev-busy", services.clock.now(), STALE_RECEIPT_MS);
    services.clock.advance(STALE_RECEIPT_MS - 1);
    const replies = await send(`project create "Coastal Resilience"`, { id: "Ev-busy" });
    expect(replies.map(renderPlainText)).toEqual(["I'm still working on that request; the answer will follow."]);
    expect(store.state.projects).toEqual([]);
  });

  it("takes over a stale claim whose process died", async () => {
    const { send, store, services } = harness();
    await store.receipts.claim("Ev-stale", services.clock.now(), STALE_RECEIPT_MS);
    services.clock.advance(STALE_RECEIPT_MS + 1);
    const [reply] = await send(`project create "Coastal Resilience"`, { id: "Ev-stale" });
    expect(reply!.tone).toBe("success");
    expect(store.state.projects).toHaveLength(1);
    expect(store.state.receipts).toMatchObject([{ key: "Ev-stale", status: "DONE", completedAt: services.clock.now() }]);
  });
});

describe("unexpected errors", () => {
  it("apologise with a reference id, log it, and release the receipt for a retry", async () => {
    const { send, store, services } = harness();
    const boom = new Error("connection reset by peer");
    vi.spyOn(store.projects, "create").mockRejectedValueOnce(boom);

    const replies = await send(`project create "Coastal Resilience"`, { id: "Ev-boom" });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.tone).toBe("error");
    const text = renderPlainText(replies[0]!);
    expect(text).toMatch(/^⚠ Sorry, something went wrong on our side and nothing was saved\./);
    expect(text).not.toContain("connection reset");
    const referenceId = REFERENCE.exec(text)?.[1];
    expect(referenceId).toBeDefined();

    expect(services.logger.at("error")).toEqual([
      { level: "error", obj: { err: boom, referenceId, event: "Ev-boom", platform: "slack" }, msg: "command failed" },
    ]);
    expect(store.state.receipts).toEqual([]);
    expect(store.state.projects).toEqual([]);

    const [retry] = await send(`project create "Coastal Resilience"`, { id: "Ev-boom" });
    expect(renderPlainText(retry!)).toMatch(/^✓ Created Coastal Resilience \(coastal-resilience\)/);
    expect(store.state.receipts).toMatchObject([{ key: "Ev-boom", status: "DONE" }]);
  });

  it("give each failure its own reference id, also for idempotent commands", async () => {
    const { send, store, services } = harness();
    vi.spyOn(store.profiles, "get").mockRejectedValue(new Error("pool exhausted"));
    const a = renderPlainText((await send("profile"))[0]!);
    const b = renderPlainText((await send("profile"))[0]!);
    const ids = [REFERENCE.exec(a)?.[1], REFERENCE.exec(b)?.[1]];
    expect(ids[0]).not.toBe(ids[1]);
    expect(services.logger.at("error").map((e) => e.obj.referenceId)).toEqual(ids);
    expect(store.state.receipts).toEqual([]);
  });

  it("never reach the chat port: replies go back to the caller", async () => {
    const { send, services } = harness();
    await send(`project create "Coastal Resilience"`);
    await send("help");
    expect(services.chat.sent).toEqual([]);
  });
});

describe("an unavailable dependency", () => {
  it("gets the kind database message instead of an apology, and a retry later works", async () => {
    const { send, store, services } = harness();
    await send("profile");
    const down = new UnavailableError("database", { cause: new Error("Can't reach database server at db:5432") });
    vi.spyOn(store.projects, "create").mockRejectedValueOnce(down);
    const replies = await send(`project create "Coastal Resilience"`, { id: "Ev-down" });
    expect(replies.map(renderPlainText)).toEqual([`⚠ ${translator("en").msg(unavailableMessage("database"))}`]);
    expect(translator("en").msg(unavailableMessage("database"))).toContain("nothing was saved");
    expect(services.logger.at("error")).toEqual([]);
    expect(services.logger.at("warn")).toEqual([
      {
        level: "warn",
        obj: { event: "Ev-down", platform: "slack", dependency: "database", reason: "Can't reach database server at db:5432" },
        msg: "command failed: the database is unavailable",
      },
    ]);
    expect(store.state.receipts).toEqual([]); // released: the retry runs
    const [retry] = await send(`project create "Coastal Resilience"`, { id: "Ev-down" });
    expect(retry!.tone).toBe("success");
  });
});

describe("operator logs and metrics", () => {
  it("log one info line per command with its path, outcome and duration, never the text, and count it", async () => {
    const counted: Array<[string, string]> = [];
    const { send, services } = harness({ metrics: { command: (command, outcome) => void counted.push([command, outcome]), delivery: () => undefined } });
    await send("profile name=Confidential", { id: "Ev-a" });
    await send("profile tz=Mars/Olympus", { id: "Ev-b" });
    await send("frobnicate secretly", { id: "Ev-c" });
    const lines = services.logger.at("info").filter((e) => e.msg === "command");
    expect(lines.map((l) => ({ ...l.obj, ms: typeof l.obj.ms }))).toEqual([
      { event: "Ev-a", platform: "slack", command: "profile", outcome: "ok", ms: "number" },
      { event: "Ev-b", platform: "slack", command: "profile", outcome: "user_error", ms: "number" },
      { event: "Ev-c", platform: "slack", command: "unknown", outcome: "user_error", ms: "number" },
    ]);
    expect(JSON.stringify(services.logger.entries)).not.toMatch(/Confidential|Mars|secretly/);
    expect(counted).toEqual([
      ["profile", "ok"],
      ["profile", "user_error"],
      ["unknown", "user_error"],
    ]);
  });
});
