// Drives the core the way an adapter does: a ChatEvent in, OutgoingMessages out, on in-memory fakes.
import type { ChatEvent } from "../../src/core/events.ts";
import { renderPlainText, type OutgoingMessage } from "../../src/core/message.ts";
import { Mutual } from "../../src/core/mutual.ts";
import { UserError } from "../../src/core/errors.ts";
import { expect } from "vitest";
import { createTestServices, type TestServices } from "../fakes/memory-store.ts";

export type TestUser = ChatEvent["user"];

export const users = {
  ana: { externalId: "U01ANA", displayName: "Ana Souza", handle: "ana", timezone: "America/Sao_Paulo", locale: "en-US" },
  ben: { externalId: "U02BEN", displayName: "Ben Otieno", handle: "ben", timezone: "Africa/Nairobi", locale: "en-KE" },
  chidi: { externalId: "U03CHIDI", displayName: "Chidi Okafor", handle: "chidi" },
} satisfies Record<string, TestUser>;

export function harness(overrides: Partial<TestServices> = {}) {
  const services = createTestServices(overrides);
  const bot = new Mutual(services);
  let seq = 0;
  const event = (text: string, opts: { as?: TestUser; id?: string } = {}): ChatEvent => ({
    id: opts.id ?? `Ev${++seq}`,
    platform: "slack",
    workspace: { externalId: "T01", name: "Partnership" },
    user: opts.as ?? users.ana,
    channel: { id: "C01", direct: false },
    text,
  });
  /** All replies to one event. */
  const send = (text: string, opts: { as?: TestUser; id?: string } = {}): Promise<OutgoingMessage[]> => bot.handle(event(text, opts));
  /** The single reply to one event, as the shell would print it. */
  const say = async (text: string, opts: { as?: TestUser; id?: string } = {}) => {
    const replies = await send(text, opts);
    if (replies.length !== 1) throw new Error(`expected one reply to "${text}", got ${replies.length}`);
    return { tone: replies[0]!.tone, text: renderPlainText(replies[0]!) };
  };
  return { services, store: services.store, bot, event, send, say };
}

/** The UserError a call throws (fails the test if it throws nothing or something else). */
export function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error("expected a UserError, but nothing was thrown");
}
