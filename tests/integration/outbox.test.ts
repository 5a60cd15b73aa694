// Notices to other people go through the outbox: the reply never waits for them, a retried event
// notifies once, a failed send is retried by the sweep, and two senders never send one notice twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../src/core/message.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { deliverNotices } from "../../src/core/outbox.ts";
import type { ChatPort, Clock, PersonRef } from "../../src/core/ports.ts";
import { shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";

/** A chat port the test steers: each send waits for `gate` (when set), or fails while `failing`. */
class SteeredChat implements ChatPort {
  sent: Array<{ to: PersonRef; message: OutgoingMessage }> = [];
  gate: Promise<void> | undefined;
  failing = false;
  async send(to: PersonRef, message: OutgoingMessage) {
    if (this.gate) await this.gate;
    if (this.failing) throw new Error("the platform refused the message");
    this.sent.push({ to, message });
  }
  async post() {}
}

class MovableClock implements Clock {
  offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
}

describe.each(["postgres", "pglite"] as const)("the outbox on %s", (kind) => {
  let app: TestApp;
  const chat = new SteeredChat();
  const clock = new MovableClock();
  const notices = () => app.database.prisma.notice.findMany({ where: { kind: "MESSAGE" }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    app = await startTestApp(kind, {}, { chat: () => chat, clock });
    for (const [who, line] of [
      ["amina", 'project create "Coastal Resilience" slug=coastal'],
      ["joao", "project join coastal"],
      ["joao", "profile lang=pt"],
    ] as const) {
      expect(await app.say(who, line)).not.toMatch(/^⚠/);
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("answers at once while the notice to the person thanked is still on its way", async () => {
    let open!: () => void;
    chat.gate = new Promise((resolve) => (open = resolve));
    const replies = await app.mutual.handle(shellEvent("amina", "kudos @joao for the tide tables", `outbox-${kind}-1`));
    expect(renderPlainText(replies[0]!)).toContain("Thanks recorded for joao");
    const [pending] = await notices();
    expect(pending).toMatchObject({ status: "PENDING", template: "kudos" });
    expect(chat.sent).toHaveLength(0);
    open();
    chat.gate = undefined;
    await app.scheduler.settle();
    expect(chat.sent.map((s) => renderPlainText(s.message))).toEqual(["amina agradeceu a você em Coastal Resilience: “for the tide tables”"]);
    expect((await notices())[0]).toMatchObject({ status: "SENT", attempts: 1 });
  });

  it("notifies once for an event delivered three times", async () => {
    chat.sent.length = 0;
    const event = shellEvent("amina", "kudos @joao for the glossary", `outbox-${kind}-2`);
    await Promise.all([app.mutual.handle(event), app.mutual.handle(event)]);
    await app.mutual.handle(event);
    await app.scheduler.settle();
    expect(chat.sent).toHaveLength(1);
    expect((await notices()).filter((n) => n.dedupeKey.startsWith(`outbox-${kind}-2:`))).toHaveLength(1);
  });

  it("keeps a notice whose send failed, and the sweep sends it once its claim has lapsed", async () => {
    chat.sent.length = 0;
    chat.failing = true;
    await app.say("amina", "kudos @joao for the map", `outbox-${kind}-3`);
    const failed = (await notices()).find((n) => n.dedupeKey.startsWith(`outbox-${kind}-3:`))!;
    expect(failed).toMatchObject({ status: "PENDING", attempts: 1 });
    chat.failing = false;
    // Too soon: the claim of the failed attempt still holds.
    expect(await deliverNotices(app.mutual.services, [])).toEqual({ sent: 0, failed: 0 });
    clock.offsetMs = 10 * 60_000;
    try {
      expect(await deliverNotices(app.mutual.services, [])).toEqual({ sent: 1, failed: 0 });
      expect(await deliverNotices(app.mutual.services, [])).toEqual({ sent: 0, failed: 0 });
    } finally {
      clock.offsetMs = 0;
    }
    expect(chat.sent).toHaveLength(1);
    expect(await app.database.prisma.notice.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("sends a notice once when three senders are handed it at the same time", async () => {
    chat.sent.length = 0;
    let open!: () => void;
    chat.gate = new Promise((resolve) => (open = resolve));
    await app.mutual.handle(shellEvent("amina", "kudos @joao for the boat", `outbox-${kind}-4`));
    const ids = (await notices()).filter((n) => n.dedupeKey.startsWith(`outbox-${kind}-4:`)).map((n) => n.id);
    const both = Promise.all([deliverNotices(app.mutual.services, ids), deliverNotices(app.mutual.services, ids)]);
    open();
    chat.gate = undefined;
    await both;
    await app.scheduler.settle(); // the notice's own job is a third sender
    expect(chat.sent).toHaveLength(1);
  });
});
