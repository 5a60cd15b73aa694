// The real Discord adapter (discord.js over the gateway) on the real app, against a fake Discord.
// Commands written in the text grammar are turned into interactions with the top-level commands the way
// Discord's client would send them: /contribution, its subcommand, then each option typed as the
// registration declares it (a person picked with the user picker; an institution by name).
import { Events } from "discord.js";
import { pino } from "pino";
import { DiscordAdapter } from "../../src/adapters/discord/discord.ts";
import { connect } from "../../src/adapters/router.ts";
import { discordCommands } from "../../src/adapters/discord/registration.ts";
import type { DiscordConfig } from "../../src/config.ts";
import { commands } from "../../src/core/commands/index.ts";
import { assignTokens, locateAction, tokenize } from "../../src/core/commands/parse.ts";
import type { ChatEvent } from "../../src/core/events.ts";
import type { Outcome } from "../../src/core/mutual.ts";
import type { Clock } from "../../src/core/ports.ts";
import { FakeDiscord, type FakeUser, type Json } from "../fakes/discord.ts";
import { startTestApp, type TestApp } from "./app.ts";

export interface DiscordHarness {
  fake: FakeDiscord;
  app: TestApp;
  adapter: DiscordAdapter;
  guildId: string;
  setProcess(wrap: (inner: (event: ChatEvent) => Promise<Outcome>) => (event: ChatEvent) => Promise<Outcome>): void;
  /** `/mutual …` from a text command; resolves when it is answered, with every reply's text. */
  slash(user: FakeUser, text: string, o?: { dm?: boolean; guildId?: string }): Promise<Answered>;
  /** The interaction payload `slash` sends, as Discord sends it (picked users resolved), for sending later. */
  chatInput(user: FakeUser, text: string, o?: { dm?: boolean; guildId?: string }): Json;
  /**
   * Resolves once the client has received `count` more gateway dispatches of type `t` (counted from
   * this call). discord.js handles a packet in the same turn as it announces it ("raw"), so the
   * adapter has its work in hand by then: `drain()` after this waits for all of it.
   */
  received(t: string, count: number): Promise<void>;
  /** Sends an interaction payload and waits for the adapter to finish with it. */
  interact(payload: Json): Promise<Answered>;
  stop(): Promise<void>;
}

export interface Answered {
  /** The callback type: 4 replied, 5 deferred, 9 modal. */
  type: number;
  /** Milliseconds from dispatch to the callback. */
  ms: number;
  /** The reply (or the deferred reply as edited) and the follow-ups, in order. */
  replies: string[];
  flags: number[];
  payload: Json;
}

export const discordConfig = (fake: FakeDiscord, overrides: Partial<DiscordConfig> = {}): DiscordConfig => ({
  token: fake.token,
  applicationId: fake.applicationId,
  guildId: undefined,
  apiUrl: fake.apiUrl,
  kudosEmoji: "🙌",
  ...overrides,
});

const REGISTRATION = discordCommands(commands) as unknown as Json[];

/** The registered option of a command path, for its Discord type. */
function registeredOption(path: string[], name: string): Json {
  let level: Json = { options: REGISTRATION };
  for (const part of path) level = level.options.find((o: Json) => o.name === part);
  return level.options.find((o: Json) => o.name === name);
}

/** Text grammar → an interaction with a top-level command: its name and options ([{type 1, name, options: [values]}] for a subcommand). */
export function interactionOptions(text: string): { name: string; options: Json[]; resolvedUserIds: string[] } {
  const { command, subcommand, action, path, rest } = locateAction(commands, tokenize(text));
  const names = subcommand ? [command.name, subcommand] : [command.name];
  const raw = assignTokens(path, action, rest);
  const resolvedUserIds: string[] = [];
  const values = [...raw.entries()].map(([option, value]) => {
    const registered = registeredOption(names, option.name);
    if (registered.type === 6) {
      const id = /^<@!?(\d+)>$/.exec(value)?.[1];
      // "Person or institution": anything but a picked person goes in the by-name option.
      if (!id && registeredOption(names, `${option.name}-name`)) return { type: 3, name: `${option.name}-name`, value };
      if (!id) throw new Error(`${option.name} must be a <@id> mention in a Discord test (got ${value})`);
      resolvedUserIds.push(id);
      return { type: 6, name: option.name, value: id };
    }
    if (registered.type === 4) return { type: 4, name: option.name, value: Number(value) };
    if (registered.type === 5) return { type: 5, name: option.name, value: /^(yes|y|true|on|1)$/i.test(value) };
    return { type: 3, name: option.name, value };
  });
  return { name: command.name, options: subcommand ? [{ type: 1, name: subcommand, options: values }] : values, resolvedUserIds };
}

/** An interaction as Discord sends it for a text command: typed options, the people picked resolved; no guild: a DM. */
export function chatInputPayload(fake: FakeDiscord, user: FakeUser, text: string, { guildId }: { guildId?: string }): Json {
  const { name, options, resolvedUserIds } = interactionOptions(text);
  const resolved = resolvedUserIds.length ? { users: Object.fromEntries(resolvedUserIds.map((id) => [id, fake.userJson(fake.users.get(id)!)])) } : undefined;
  return fake.chatInput({ user, ...(guildId && { guildId }), name, options, ...(resolved && { resolved }) });
}

export interface DiscordHarnessOptions {
  clock?: Clock;
  users?: FakeUser[];
  /** The bot's servers (the fake's default: one). */
  guilds?: Array<{ id: string; name: string }>;
  /** Adapter settings over the defaults (timings). */
  config?: Partial<DiscordConfig>;
}

export async function startDiscord(kind: "postgres" | "pglite", options: DiscordHarnessOptions = {}): Promise<DiscordHarness> {
  const { clock, users = [], guilds, config = {} } = options;
  const fake = await FakeDiscord.start({ users, heartbeatIntervalMs: 1_000, ...(guilds && { guilds }) });
  const guildId = fake.guilds[0]!.id;
  let wrapped = (event: ChatEvent) => app.mutual.process(event);
  const adapter = new DiscordAdapter({
    config: discordConfig(fake, config),
    commands,
    process: (event) => wrapped(event),
    suggest: (event, option, typed) => app.mutual.suggest(event, option, typed),
    form: (event, command, title) => app.mutual.form(event, command, title),
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
  });
  const wiring = connect([adapter]);
  const app: TestApp = await startTestApp(kind, {}, { ...(clock && { clock }), chat: wiring.chat });
  await adapter.start(wiring.options());

  const interact = async (payload: Json): Promise<Answered> => {
    const callback = await fake.interact(payload);
    await adapter.drain();
    await app.scheduler.settle(); // notices to others leave through the outbox, after the reply
    const token = payload.token as string;
    const first = callback.type === 5 ? fake.original(token)?.content : callback.type === 4 ? callback.data?.content : undefined;
    const followUps = fake.followUps(token);
    const replies = [...(first !== undefined ? [String(first)] : []), ...followUps.map((m) => m.content)];
    const flags = [callback.type === 5 ? (fake.original(token)?.flags ?? 0) : (callback.data?.flags ?? 0), ...followUps.map((m) => m.flags)];
    return { type: callback.type, ms: callback.ms, replies, flags, payload };
  };

  const chatInput: DiscordHarness["chatInput"] = (user, text, o = {}) => chatInputPayload(fake, user, text, o.dm ? {} : { guildId: o.guildId ?? guildId });

  return {
    fake,
    app,
    adapter,
    guildId,
    setProcess(wrap) {
      wrapped = wrap((event: ChatEvent) => app.mutual.process(event));
    },
    chatInput,
    async slash(user, text, o = {}) {
      return interact(chatInput(user, text, o));
    },
    interact,
    received(t, count) {
      return new Promise((resolve) => {
        let seen = 0;
        const listener = (packet: { t?: string | null }) => {
          if (packet.t !== t || ++seen < count) return;
          adapter.client.off(Events.Raw, listener);
          // The packet's handler runs right after the "raw" listeners, in the same turn.
          setImmediate(resolve);
        };
        adapter.client.on(Events.Raw, listener);
      });
    },
    async stop() {
      await adapter.stop();
      await app.stop();
      await fake.close();
    },
  };
}
