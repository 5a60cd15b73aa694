// Proves the fake Discord answers the real discord.js v14 Client the way Discord does (login, dispatches,
// interactions, DMs, rate limits, a dropped gateway), so adapter tests built on it exercise production paths.
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Partials,
  Routes,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
} from "discord.js";
import { WebSocket } from "ws";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeDiscord, snowflake, type FakeUser } from "../fakes/discord.ts";

const INTENTS = GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages | GatewayIntentBits.GuildMessageReactions;
const amina: FakeUser = { id: snowflake(), username: "amina", global_name: "Amina Diallo", locale: "fr" };
const tomas: FakeUser = { id: snowflake(), username: "tomas" };

async function waitUntil(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("waitUntil timed out");
    await sleep(10);
  }
}

describe("FakeDiscord with the real discord.js Client", () => {
  let fake: FakeDiscord;
  let client: Client | undefined;

  beforeEach(async () => {
    fake = await FakeDiscord.start({ users: [amina, tomas], heartbeatIntervalMs: 1000 });
  });
  afterEach(async () => {
    await client?.destroy();
    client = undefined;
    await fake.close();
  });

  async function login(intents: number = INTENTS): Promise<Client> {
    client = new Client({ intents, partials: [Partials.Channel, Partials.Message, Partials.Reaction, Partials.User], rest: { api: fake.apiUrl } });
    const ready = once(client, Events.ClientReady);
    await client.login("fake-bot-token");
    await ready;
    return client;
  }

  /** Runs handler for every interaction, reporting its errors to the test instead of losing them. */
  function onInteraction(c: Client, handler: (i: Interaction) => Promise<void>): { errors: unknown[] } {
    const errors: unknown[] = [];
    c.on(Events.InteractionCreate, (i) => void handler(i).catch((e: unknown) => errors.push(e)));
    return { errors };
  }

  it("logs in with one REST call, IDENTIFYs with the intents, and is ready once every guild arrived", async () => {
    const c = await login();
    const guild = fake.guilds[0]!;

    expect(c.user).toMatchObject({ id: fake.botUser.id, username: "Mutual", bot: true });
    expect(c.application?.id).toBe(fake.applicationId);
    expect(c.guilds.cache.get(guild.id)?.name).toBe(guild.name);
    expect(c.guilds.cache.get(guild.id)?.channels.cache.has(fake.textChannelOf(guild.id))).toBe(true);
    expect(fake.lastIdentify).toMatchObject({ token: "fake-bot-token", intents: INTENTS, shard: [0, 1], compress: false });
    expect(fake.identifies).toBe(1);
    expect(fake.calls.map((call) => `${call.method} ${call.path} ${call.auth}`)).toEqual(["GET /gateway/bot Bot fake-bot-token"]);
    await fake.waitForReady();
  });

  it("refuses a wrong token: 401 on REST, and discord.js reports TokenInvalid", async () => {
    client = new Client({ intents: INTENTS, rest: { api: fake.apiUrl } });
    await expect(client.login("wrong-token")).rejects.toMatchObject({ code: "TokenInvalid" });
    expect(fake.calls[0]).toMatchObject({ method: "GET", path: "/gateway/bot", status: 401 });
    expect(fake.identifies).toBe(0);
  });

  it("delivers a slash command and records an ephemeral reply (type 4, flags 64) sent without auth", async () => {
    const c = await login();
    const guildId = fake.guilds[0]!.id;
    const seen: Record<string, unknown> = {};
    const { errors } = onInteraction(c, async (i) => {
      if (!i.isChatInputCommand()) return;
      Object.assign(seen, { group: i.options.getSubcommandGroup(), sub: i.options.getSubcommand(), role: i.options.getString("role"), locale: i.locale, guild: i.guildId, member: i.inCachedGuild() });
      await i.reply({ content: "Recorded.", flags: MessageFlags.Ephemeral });
    });

    const payload = fake.chatInput({
      user: amina,
      guildId,
      name: "mutual",
      options: [{ type: 2, name: "credit", options: [{ type: 1, name: "add", options: [{ type: 3, name: "role", value: "Software" }] }] }],
    });
    const callback = await fake.interact(payload);

    expect(errors).toEqual([]);
    expect(seen).toEqual({ group: "credit", sub: "add", role: "Software", locale: "fr", guild: guildId, member: true });
    expect(callback).toMatchObject({ type: 4, data: { content: "Recorded.", flags: MessageFlags.Ephemeral } });
    expect(callback.ms).toBeLessThan(3000);
    const call = fake.callsTo("POST", `/interactions/${payload.id}/${payload.token}/callback`)[0];
    expect(call).toMatchObject({ auth: undefined, query: { with_response: "false" }, status: 204 });
    expect(fake.interactionResponse(payload.id)?.type).toBe(4);
    expect(fake.original(payload.token)).toMatchObject({ content: "Recorded.", flags: MessageFlags.Ephemeral, type: 20 });
  });

  it("deferReply then editReply: type 5, then PATCH @original replaces the loading message; follow-ups are kept", async () => {
    const c = await login();
    const { errors } = onInteraction(c, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply("Your summary is ready.");
      await i.followUp({ content: "Attached below.", flags: MessageFlags.Ephemeral });
    });

    const payload = fake.chatInput({ user: amina, name: "mutual", options: [{ type: 1, name: "summary" }] }); // in the bot's DM
    const callback = await fake.interact(payload);
    expect(callback).toMatchObject({ type: 5, data: { flags: 0 } });
    await fake.waitForCall("POST", `/webhooks/${fake.applicationId}/${payload.token}`);

    expect(errors).toEqual([]);
    expect(fake.callsTo("PATCH", `/webhooks/${fake.applicationId}/${payload.token}/messages/@original`)[0]?.body).toMatchObject({ content: "Your summary is ready." });
    expect(fake.original(payload.token)).toMatchObject({ content: "Your summary is ready.", flags: 0, channel_id: fake.dmChannelOf(amina.id) });
    expect(fake.followUps(payload.token).map((m) => [m.content, m.flags])).toEqual([["Attached below.", MessageFlags.Ephemeral]]);
  });

  it("answers with_response with the interaction callback object and message", async () => {
    const c = await login();
    const replies: Array<{ id: string | undefined; content: string | undefined }> = [];
    const { errors } = onInteraction(c, async (i) => {
      if (!i.isChatInputCommand()) return;
      const response = await i.reply({ content: "Hello", withResponse: true });
      replies.push({ id: response.interaction.responseMessageId ?? undefined, content: response.resource?.message?.content });
    });
    const payload = fake.chatInput({ user: amina, guildId: fake.guilds[0]!.id, name: "mutual", options: [] });
    await fake.interact(payload);
    await waitUntil(() => replies.length > 0 || errors.length > 0);

    expect(errors).toEqual([]);
    expect(replies).toEqual([{ id: fake.original(payload.token)?.id, content: "Hello" }]);
  });

  it("refuses a second acknowledgement and a callback after the deadline, with Discord's codes", async () => {
    await fake.close();
    fake = await FakeDiscord.start({ users: [amina], heartbeatIntervalMs: 1000, interactionDeadlineMs: 200 });
    const c = await login();
    const outcomes: unknown[] = [];
    onInteraction(c, async (i) => {
      if (!i.isChatInputCommand()) return;
      if (i.options.getSubcommand() === "late") await sleep(300);
      await i.reply("first").catch((e: unknown) => outcomes.push(e));
      if (i.options.getSubcommand() === "twice") {
        await c.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: "again" } }, auth: false }).catch((e: unknown) => outcomes.push(e));
      }
    });

    await fake.interact(fake.chatInput({ user: amina, name: "mutual", options: [{ type: 1, name: "twice" }] }));
    await fake.sendInteraction(fake.chatInput({ user: amina, name: "mutual", options: [{ type: 1, name: "late" }] }));
    await waitUntil(() => outcomes.length === 2);

    expect(outcomes[0]).toBeInstanceOf(DiscordAPIError);
    expect(outcomes.map((e) => (e as DiscordAPIError).code)).toEqual([40060, 10062]);
  });

  it("opens a DM and delivers the message exactly once through a 429, waiting as Discord asked", async () => {
    const c = await login();
    fake.rateLimitNext("POST", /^\/channels\/\d+\/messages$/, { retryAfter: 0.5 });

    const user = await c.users.fetch(amina.id);
    const sent = await user.send("What did you learn this week from another form of knowledge?");

    const dm = fake.dmChannelOf(amina.id);
    expect(fake.callsTo("POST", "/users/@me/channels")[0]?.body).toEqual({ recipient_id: amina.id });
    expect(sent.channelId).toBe(dm);
    expect(fake.messagesIn(dm)).toHaveLength(1);
    expect(fake.messagesIn(dm)[0]).toMatchObject({ content: "What did you learn this week from another form of knowledge?", author: { id: fake.botUser.id } });
    expect(fake.rateLimited).toHaveLength(1);
    const limited = fake.rateLimited[0]!;
    const delivered = fake.callsTo("POST", `/channels/${dm}/messages`)[0]!;
    expect(delivered.at - limited.at).toBeGreaterThanOrEqual(500);
  });

  it("takes multipart messages with files, embeds, components and allowed_mentions", async () => {
    const c = await login();
    const channel = await c.users.createDM(amina.id);
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId("kudos:confirm").setLabel("Confirm").setStyle(ButtonStyle.Primary));
    await channel.send({
      content: "Export for @everyone",
      embeds: [{ title: "Contributions", description: "2 people" }],
      components: [row],
      files: [{ attachment: Buffer.from("name,role\nAmina,Software\n"), name: "credit.csv" }],
      allowedMentions: { parse: [] },
    });

    const [message] = fake.messagesIn(channel.id);
    expect(message).toMatchObject({ content: "Export for @everyone", mention_everyone: false, allowed_mentions: { parse: [] }, embeds: [{ title: "Contributions" }] });
    expect(message?.components[0]).toMatchObject({ type: 1, components: [{ type: 2, custom_id: "kudos:confirm", label: "Confirm" }] });
    expect(message?.files.map((f) => [f.filename, f.content.toString()])).toEqual([["credit.csv", "name,role\nAmina,Software\n"]]);
    expect(message?.attachments[0]).toMatchObject({ filename: "credit.csv", size: 25 });
    const call = fake.callsTo("POST", `/channels/${channel.id}/messages`)[0];
    expect(call?.body.files[0]).toMatchObject({ name: "files[0]", filename: "credit.csv" });

    await expect(channel.send({ content: "x".repeat(2001) })).rejects.toMatchObject({ code: 50035, rawError: { errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } } });
  });

  it("after a dropped connection, resumes and delivers every event dispatched while down, once", async () => {
    const c = await login();
    const seen: string[] = [];
    c.on(Events.MessageCreate, (m) => void seen.push(m.content));
    const dm = fake.dmChannelOf(amina.id);

    await fake.sendMessage({ author: amina, channelId: dm, content: "before" });
    await waitUntil(() => seen.length === 1);
    fake.dropConnection();
    for (const content of ["one", "two", "three"]) await fake.sendMessage({ author: amina, channelId: dm, content });
    await waitUntil(() => seen.length >= 4);
    // Events arrive in order: a duplicate replayed on RESUME would come before this later one.
    await fake.sendMessage({ author: amina, channelId: dm, content: "after" });
    await waitUntil(() => seen.includes("after"));

    expect(seen).toEqual(["before", "one", "two", "three", "after"]);
    expect(fake.resumes).toBe(1);
    expect(fake.identifies).toBe(1);
  });

  it("resumes after op 7 RECONNECT without losing events", async () => {
    const c = await login();
    const seen: string[] = [];
    c.on(Events.MessageCreate, (m) => void seen.push(m.content));
    fake.requestReconnect();
    await fake.sendMessage({ author: amina, channelId: fake.dmChannelOf(amina.id), content: "after reconnect" });
    await waitUntil(() => fake.resumes === 1 && seen.length === 1);
    expect(seen).toEqual(["after reconnect"]);
    expect(fake.identifies).toBe(1);
  });

  it("withholds events the intents do not cover, as Discord does", async () => {
    const c = await login();
    const seen: string[] = [];
    c.on(Events.MessageCreate, (m) => void seen.push(m.content));
    await fake.sendMessage({ author: amina, channelId: fake.textChannelOf(fake.guilds[0]!.id), guildId: fake.guilds[0]!.id, content: "in the guild" });
    await fake.sendMessage({ author: amina, channelId: fake.dmChannelOf(amina.id), content: "in a DM" });
    await waitUntil(() => seen.length === 1);
    expect(seen).toEqual(["in a DM"]);
    expect(fake.withheld.map((w) => [w.t, w.missingIntent])).toEqual([["MESSAGE_CREATE", GatewayIntentBits.GuildMessages]]);
  });

  it("parses a button, shows a Label modal, and parses its submission mirroring that modal", async () => {
    const c = await login();
    const guildId = fake.guilds[0]!.id;
    const channelId = fake.textChannelOf(guildId);
    const channel = c.channels.cache.get(channelId);
    if (!channel?.isSendable()) throw new Error("guild text channel not cached");
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId("reflect:answer:1").setLabel("Answer").setStyle(ButtonStyle.Primary));
    const prompt = await channel.send({ content: "Weekly reflection", components: [row] });

    const seen: Record<string, unknown> = {};
    const { errors } = onInteraction(c, async (i) => {
      if (i.isButton()) {
        Object.assign(seen, { button: i.customId, on: i.message.id });
        const modal = new ModalBuilder()
          .setCustomId("reflect:modal:1")
          .setTitle("Reflection")
          .addLabelComponents(new LabelBuilder().setLabel("Your answer").setTextInputComponent(new TextInputBuilder().setCustomId("answer").setStyle(TextInputStyle.Paragraph)));
        await i.showModal(modal);
      } else if (i.isModalSubmit()) {
        Object.assign(seen, { modal: i.customId, answer: i.fields.getTextInputValue("answer"), fromMessage: i.message?.id });
        await i.reply({ content: "Saved privately.", flags: MessageFlags.Ephemeral });
      }
    });

    const button = await fake.interact(fake.button({ user: amina, guildId, channelId, customId: "reflect:answer:1", message: { id: prompt.id } }));
    expect(button).toMatchObject({ type: 9, data: { custom_id: "reflect:modal:1", title: "Reflection" } });
    const submit = fake.modalSubmit({ user: amina, guildId, channelId, customId: "reflect:modal:1", fields: { answer: "Listening to farmers changed our sampling." }, message: { id: prompt.id } });
    expect(submit.data.components[0]).toMatchObject({ type: 18, component: { type: 4, custom_id: "answer", value: "Listening to farmers changed our sampling." } });
    const reply = await fake.interact(submit);

    expect(errors).toEqual([]);
    expect(seen).toEqual({ button: "reflect:answer:1", on: prompt.id, modal: "reflect:modal:1", answer: "Listening to farmers changed our sampling.", fromMessage: prompt.id });
    expect(reply).toMatchObject({ type: 4, data: { content: "Saved privately.", flags: MessageFlags.Ephemeral } });
    expect(() => fake.modalSubmit({ user: amina, customId: "reflect:modal:1", fields: { nope: "x" } })).toThrow(/no field nope/);
  });

  it("parses an action-row modal submission and answers autocomplete (type 8)", async () => {
    const c = await login();
    const seen: Record<string, unknown> = {};
    const { errors } = onInteraction(c, async (i) => {
      if (i.isAutocomplete()) {
        seen.focused = i.options.getFocused(true);
        await i.respond([{ name: "Data curation", value: "data-curation" }]);
      } else if (i.isModalSubmit()) {
        seen.note = i.fields.getTextInputValue("note");
        await i.deferUpdate().catch(() => i.reply({ content: "ok", flags: MessageFlags.Ephemeral }));
      }
    });

    const auto = await fake.interact(
      fake.autocomplete({ user: tomas, name: "mutual", options: [{ type: 1, name: "credit", options: [{ type: 3, name: "role", value: "data", focused: true }] }] }),
    );
    expect(auto).toEqual({ type: 8, data: { choices: [{ name: "Data curation", value: "data-curation" }] }, ms: expect.any(Number) });
    expect(seen.focused).toMatchObject({ name: "role", value: "data" });

    const modal = await fake.interact(fake.modalSubmit({ user: tomas, customId: "checkin", fields: { note: "We met on Tuesday." } }));
    expect(errors).toEqual([]);
    expect(seen.note).toBe("We met on Tuesday.");
    // Not from a message: Discord refuses deferUpdate (type 6), and the reply that follows is accepted.
    expect(modal.type).toBe(4);
    expect(fake.calls.filter((c) => c.path.endsWith("/callback")).map((c) => [c.body.type, c.status])).toEqual([
      [8, 204],
      [6, 400],
      [4, 204],
    ]);
  });

  it("receives a reaction on someone's message in the guild", async () => {
    const c = await login();
    const guildId = fake.guilds[0]!.id;
    const channelId = fake.textChannelOf(guildId);
    const messageId = snowflake();
    fake.seedMessage(channelId, { id: messageId, author: tomas, content: "Thanks to Amina for the field logistics", guild_id: guildId });
    const seen: string[] = [];
    c.on(Events.MessageReactionAdd, (reaction, user) => void seen.push(`${reaction.emoji.name} ${user.id} ${reaction.message.id}`));

    await fake.sendReaction({ userId: amina.id, channelId, messageId, guildId, emoji: { id: null, name: "👍" } });
    await waitUntil(() => seen.length === 1);
    expect(seen).toEqual([`👍 ${amina.id} ${messageId}`]);
    const channel = c.channels.cache.get(channelId);
    if (!channel?.isTextBased()) throw new Error("guild text channel not cached");
    expect(await channel.messages.fetch(messageId)).toMatchObject({ content: "Thanks to Amina for the field logistics", author: { id: tomas.id } });
  });

  it("DM reactions reach discord.js only once the DM channel is cached (Discord sends no channel type with them)", async () => {
    const c = await login(INTENTS | GatewayIntentBits.DirectMessageReactions);
    const seen: string[] = [];
    c.on(Events.MessageReactionAdd, (reaction) => void seen.push(reaction.message.id));
    const dm = fake.dmChannelOf(amina.id);
    const before = snowflake();
    fake.seedMessage(dm, { id: before, author: fake.botUser, content: "An earlier prompt" });

    // discord.js handles a packet in the turn it announces it ("raw"): once that turn is over, it was dropped or emitted.
    const handled = new Promise<void>((resolve) => {
      const raw = (packet: { t?: string }) => {
        if (packet.t !== "MESSAGE_REACTION_ADD") return;
        c.off(Events.Raw, raw);
        setImmediate(resolve);
      };
      c.on(Events.Raw, raw);
    });
    await fake.sendReaction({ userId: amina.id, channelId: dm, messageId: before, emoji: { id: null, name: "✅" } });
    await handled;
    expect(seen).toEqual([]); // dropped: the partial DM channel cannot be built from a reaction
    await c.users.createDM(amina.id); // as after sending the prompt, or fetching the DM at start-up
    await fake.sendReaction({ userId: amina.id, channelId: dm, messageId: before, emoji: { id: null, name: "✅" } });
    await waitUntil(() => seen.length === 1);
    expect(seen).toEqual([before]);
  });

  it("registers commands by bulk overwrite and refuses what Discord refuses (e.g. a locale it does not know)", async () => {
    const c = await login();
    const command = { name: "mutual", description: "Research partnership helper", description_localizations: { fr: "Aide aux partenariats de recherche" }, options: [{ type: 1, name: "summary", description: "Contribution summary" }] };
    const [stored] = [...(await c.application!.commands.set([command])).values()];
    expect(stored).toMatchObject({ name: "mutual", applicationId: fake.applicationId });
    expect(fake.registeredCommands()[0]).toMatchObject({ name: "mutual", id: stored?.id, description_localizations: { fr: "Aide aux partenariats de recherche" } });
    expect(fake.chatInput({ user: amina, name: "mutual", options: [] }).data.id).toBe(stored?.id);

    // discord.js's types refuse "es" too, but localizations read from data files reach Discord unchecked.
    const fromDataFile: Record<string, string> = { es: "Ayuda" };
    await expect(c.application!.commands.set([{ ...command, description_localizations: fromDataFile }])).rejects.toMatchObject({
      code: 50035,
      rawError: { errors: { "0": { description_localizations: { es: { _errors: [{ code: "LOCALE_INVALID" }] } } } } },
    });
  });

  it("keeps discord.js under the global limit: 120 quick GETs, no 429, at most 50 in any second", async () => {
    const c = await login();
    await Promise.all(Array.from({ length: 120 }, () => c.rest.get(Routes.user(amina.id))));

    expect(fake.rateLimited).toHaveLength(0);
    expect(fake.callsTo("GET", `/users/${amina.id}`)).toHaveLength(120);
    expect(fake.maxRequestsInAnySecond()).toBeLessThanOrEqual(50);
    // Over those 2 s the 1 s heartbeats were acknowledged: no zombie-connection resume.
    expect(fake.heartbeats).toBeGreaterThanOrEqual(1);
    expect(fake.resumes).toBe(0);
  });
});

describe("FakeDiscord REST and gateway, raw", () => {
  let fake: FakeDiscord;
  beforeEach(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  });
  afterEach(() => fake.close());

  const get = (path: string, auth?: string) => fetch(`${fake.apiUrl}/v10${path}`, { headers: auth ? { Authorization: auth } : {} });

  it("answers 401 without the bot token, 404 for unknown routes, and bucket headers on every routed answer", async () => {
    const anonymous = await get("/users/@me");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: "401: Unauthorized", code: 0 });
    const unknown = await get("/nope", "Bot fake-bot-token");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: "404: Not Found", code: 0 });
    expect(fake.calls.map((c) => c.status)).toEqual([401, 404]);

    const me = await get("/users/@me", "Bot fake-bot-token");
    expect(me.status).toBe(200);
    expect(me.headers.get("x-ratelimit-limit")).toBe("50");
    expect(me.headers.get("x-ratelimit-remaining")).toBe("49");
    expect(Number(me.headers.get("x-ratelimit-reset-after"))).toBeGreaterThan(0);
    expect(me.headers.get("x-ratelimit-bucket")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("holds an answer back with delayNext", async () => {
    fake.delayNext("GET", "/users/@me", 150);
    const started = Date.now();
    expect((await get("/users/@me", "Bot fake-bot-token")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("enforces the global limit on a client that ignores it: 429 global with Retry-After", async () => {
    // A limit of 5 a second rather than Discord's 50: fifteen requests land in one 1 s window even on a
    // loaded machine, where sixty could straddle two and see fewer refused.
    await fake.close();
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000, globalPerSecond: 5 });
    const answers = await Promise.all(Array.from({ length: 15 }, () => get("/users/@me", "Bot fake-bot-token")));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(10);
    expect(limited[0]?.headers.get("x-ratelimit-global")).toBe("true");
    expect(limited[0]?.headers.get("x-ratelimit-scope")).toBe("global");
    expect(Number(limited[0]?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited[0]?.json()).toMatchObject({ message: "You are being rate limited.", global: true });
    expect(fake.rateLimited).toHaveLength(10);
  });

  it("speaks zlib-stream when asked, and answers an unknown RESUME with op 9", async () => {
    const { createInflate, constants } = await import("node:zlib");
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = createInflate();
    const frames: Array<{ op: number; t?: string }> = [];
    let text = "";
    inflate.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      try {
        frames.push(JSON.parse(text) as { op: number });
        text = "";
      } catch {
        // a frame split across chunks: wait for the rest
      }
    });
    ws.on("message", (data: Buffer) => inflate.write(data, () => inflate.flush(constants.Z_SYNC_FLUSH)));
    await once(ws, "open");
    await waitUntil(() => frames.length === 1);
    expect(frames[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 1000 } });

    ws.send(JSON.stringify({ op: 6, d: { token: "fake-bot-token", session_id: "nope", seq: 3 } }));
    await waitUntil(() => frames.length === 2);
    expect(frames[1]).toMatchObject({ op: 9, d: false });
    ws.send(JSON.stringify({ op: 1, d: null }));
    await waitUntil(() => frames.length === 3);
    expect(frames[2]).toMatchObject({ op: 11 });
    ws.terminate();
  });
});
