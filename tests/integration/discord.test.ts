// The Discord adapter end to end: the real discord.js client (gateway + REST) on the real app
// (PostgreSQL, Redis), driven by a fake Discord that speaks Discord's gateway and REST API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPLY_WITHIN_MS } from "../../src/adapters/discord/discord.ts";
import { commands } from "../../src/core/commands/index.ts";
import { locateAction, tokenize } from "../../src/core/commands/parse.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { VISIBILITIES } from "../../src/core/vocabulary.ts";
import type { FakeUser, Json } from "../fakes/discord.ts";
import { interactionOptions, startDiscord, type DiscordHarness } from "../helpers/discord.ts";
import { AMINA, JOAO, KOFI, script } from "./slack-script.ts";

const EPHEMERAL = 1 << 6;

/** The Slack script's team as Discord users: no time zone (Discord has none), João's client in Portuguese. */
const USERS: Record<string, FakeUser> = {
  [KOFI]: { id: "300000000000000001", username: "kofi", global_name: null, locale: "en-GB" },
  [AMINA]: { id: "300000000000000002", username: "amina", global_name: null, locale: "en-US" },
  [JOAO]: { id: "300000000000000003", username: "joao", global_name: "João", locale: "pt-BR" },
};
const kofi = USERS[KOFI]!;
const amina = USERS[AMINA]!;
const joao = USERS[JOAO]!;
/** Thanks people by reaction: in one project only, so a reaction needs no project named. */
const nia: FakeUser = { id: "300000000000000004", username: "nia", global_name: "Nia", locale: "sw" };
/** Slack mentions in the script become Discord ones. */
const toDiscord = (text: string) => text.replace(/<@(U\w+)(?:\|[^>]*)?>/g, (_, id: string) => `<@${USERS[id]!.id}>`);

let h: DiscordHarness;

const allPaths = () => commands.flatMap((c) => (c.action ? [c.name] : Object.keys(c.subcommands ?? {}).map((s) => `${c.name} ${s}`)));
const count = async () => {
  const db = h.app.database.prisma;
  return { contributions: await db.contribution.count(), acknowledgements: await db.acknowledgement.count(), responses: await db.promptResponse.count() };
};
/** What a person reads: Discord markdown (bold, subtext, escapes) removed, spaces collapsed. */
const plain = (s: string) => s.replace(/\\([*_`~|>#\-.[\]()])/g, "$1").replace(/\*\*/g, "").replace(/^-# /gm, "").replace(/\s+/g, " ");

/** Today in UTC: Discord gives no time zone, so these people's dates are UTC dates. */
const utcDay = (plusDays = 0): string => new Date(Date.now() + plusDays * 86_400_000).toISOString().slice(0, 10);

describe("Discord adapter (discord.js gateway and REST, fake Discord, PostgreSQL, Redis)", () => {
  beforeAll(async () => {
    h = await startDiscord("postgres", { users: [...Object.values(USERS), nia] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("connects with the minimal intents and no privileged one", () => {
    // Guilds (1), GuildMessageReactions (1 << 10), DirectMessages (1 << 12).
    expect(h.fake.lastIdentify.intents).toBe(1 | (1 << 10) | (1 << 12));
  });

  it("answers every command as INTERACTION_CREATE → callback, privately, within 3 s", async () => {
    for (const [user, text, expected] of script((_user, days) => utcDay(days))) {
      const answered = await h.slash(USERS[user]!, toDiscord(text));
      const said = plain(answered.replies.join("\n"));
      expect([4, 5], `${text}: callback type`).toContain(answered.type);
      expect(answered.ms, `${text}: answered in time`).toBeLessThan(3_000);
      expect(said, `${text} → ${said}`).toContain(plain(expected));
      expect(said, `${text} → ${said}`).not.toMatch(/^⚠️/m);
      for (const flags of answered.flags) expect(flags & EPHEMERAL, `${text}: ephemeral`).toBe(EPHEMERAL);
      for (const reply of answered.replies) expect(reply.length).toBeLessThanOrEqual(2_000);
    }
    // João's profile came from his client's locale; the CSV export came as an attachment to the private reply.
    const joaoPerson = await h.app.database.prisma.person.findFirstOrThrow({ where: { displayName: "João" } });
    expect(joaoPerson.language).toBe("pt");
  }, 120_000); // each answer is held to 3 s above; the walk grows with the commands (7 s idle, over 30 s on a loaded 2-core machine)

  it("covers every command path in that script", () => {
    const covered = new Set(script((_user, days) => utcDay(days)).map(([, text]) => locateAction(commands, tokenize(text)).path));
    expect(allPaths().filter((p) => !covered.has(p))).toEqual([]);
  });

  it("sends an export as an attachment of the private reply", async () => {
    await h.slash(kofi, 'project create "Export Check" slug=exports');
    const answered = await h.slash(kofi, "summary exports format=csv");
    const token = answered.payload.token as string;
    const messages = [h.fake.original(token), ...h.fake.followUps(token)].filter(Boolean);
    const withFile = messages.find((m) => m!.files.length > 0);
    const callbackFiles = (h.fake.interactionResponse(answered.payload.id)?.data?.attachments ?? []) as Json[];
    const files = withFile ? withFile.files : [];
    expect(files.length + callbackFiles.length).toBeGreaterThan(0);
    if (files[0]) {
      expect(files[0].filename).toMatch(/\.csv$/);
      expect(files[0].content.toString("utf8")).toContain("contributor");
    }
  });

  it("defers a slow command and then edits the original response", async () => {
    // The handler finishes only once Discord has the callback: slower than the adapter's reply window, however loaded the machine.
    h.setProcess((inner) => async (event) => {
      const interaction = /interaction:(\d+)$/.exec(event.id)![1];
      await h.fake.waitForCall("POST", new RegExp(`^/interactions/${interaction}/[^/]+/callback`), undefined, 10_000);
      return inner(event);
    });
    h.adapter.timings.deferAfterMs = 0; // the window (250 ms by default) need not pass in real time
    try {
      const answered = await h.slash(kofi, "ping");
      expect(answered.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
      expect(answered.ms).toBeLessThan(3_000);
      expect(h.fake.interactionResponse(answered.payload.id)?.data?.flags).toBe(EPHEMERAL);
      const original = h.fake.original(answered.payload.token);
      expect(original?.content).toContain("pong");
      expect(h.fake.callsTo("PATCH", `/webhooks/${h.fake.applicationId}/${answered.payload.token}/messages/@original`)).toHaveLength(1);
    } finally {
      h.setProcess((inner) => inner);
      h.adapter.timings.deferAfterMs = REPLY_WITHIN_MS;
    }
  });

  it("answers a quick command at once, without deferring, when it is done within the window", async () => {
    h.adapter.timings.deferAfterMs = 2_500; // wide, so a loaded machine still answers within it
    try {
      const answered = await h.slash(kofi, "ping");
      expect(answered.type).toBe(4); // CHANNEL_MESSAGE_WITH_SOURCE
      expect(answered.replies.join("\n")).toContain("pong");
      expect(h.fake.callsTo("PATCH", `/webhooks/${h.fake.applicationId}/${answered.payload.token}/messages/@original`)).toHaveLength(0);
    } finally {
      h.adapter.timings.deferAfterMs = REPLY_WITHIN_MS;
    }
  });

  it("sends a prompt by DM with buttons; Answer opens a modal; the answer is stored with its visibility", async () => {
    await h.slash(kofi, 'project create "Winds" slug=winds');
    await h.slash(amina, "project join winds");
    await h.slash(kofi, "schedule create set=mutual-learning every=daily at=09:00 project=winds");
    const dm = h.fake.dmChannelOf(amina.id);
    const before = h.fake.messagesIn(dm).length;
    const fired = await h.slash(kofi, "schedule fire #1 project=winds");
    expect(fired.replies.join("\n")).toContain("Sent to");
    const prompt = h.fake.messagesIn(dm).slice(before).find((m) => m.components.length > 0)!;
    expect(prompt).toBeDefined();
    expect(prompt.allowed_mentions).toMatchObject({ parse: [] });
    const buttons = prompt.components.flatMap((row: Json) => row.components) as Json[];
    expect(buttons.map((b) => b.label)).toEqual(["Answer", "Skip"]);

    const opened = await h.interact(h.fake.button({ user: amina, channelId: dm, customId: buttons[0].custom_id, message: { id: prompt.id } }));
    expect(opened.type).toBe(9); // MODAL
    const modal = h.fake.interactionResponse(opened.payload.id)!.data;
    const fields = (modal.components as Json[]).map((c) => c.component);
    expect(fields.map((f) => [f.type, f.custom_id])).toEqual([[4, "text"], [3, "visibility"]]);
    expect((fields[1].options as Json[]).map((o) => o.value)).toEqual(["private", "project", "anonymous"]);

    const reflection = 'Elders name the winds; "tide=high" is how they say it @everyone';
    const submitted = await h.interact(h.fake.modalSubmit({ user: amina, channelId: dm, customId: modal.custom_id, fields: { text: reflection, visibility: "anonymous" }, message: { id: prompt.id } }));
    expect(submitted.replies.join("\n")).toMatch(/answer saved/i);
    const stored = await h.app.database.prisma.promptResponse.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(stored.text).toBe(reflection);
    expect(stored.visibility).toBe("ANONYMOUS");

    // A plain DM reply answers the latest prompt too; the bot's own messages are not answers.
    const fired2 = await h.slash(amina, "reflect project=winds");
    expect(fired2.replies.join("\n")).toContain("Reflection");
    const responses = await h.app.database.prisma.promptResponse.count();
    const dmBefore = h.fake.messagesIn(dm).length;
    await h.fake.sendMessage({ author: amina, channelId: dm, content: "My main learning: the tide tables are oral history." });
    await h.fake.waitForCall("POST", `/channels/${dm}/messages`, (c) => c.status === 200 && h.fake.messagesIn(dm).length > dmBefore);
    await h.adapter.drain();
    expect(await h.app.database.prisma.promptResponse.count()).toBe(responses + 1);
  });

  it("words the prompt, its buttons and its answer form in the language of João's client (pt-BR)", async () => {
    const pt = translator("pt");
    await h.slash(joao, "project join winds");
    const dm = h.fake.dmChannelOf(joao.id);
    const before = h.fake.messagesIn(dm).length;
    await h.slash(kofi, "schedule fire #1 project=winds");
    const prompt = h.fake.messagesIn(dm).slice(before).find((m) => m.components.length > 0)!;
    const said = plain(h.fake.messagesIn(dm).slice(before).map((m) => m.content).join("\n"));
    expect(said).toContain(pt("reflection.prompt.heading", { project: "Winds" }));
    expect(said).toContain(plain(pt("reflection.prompt.howToAnswer")));
    const buttons = prompt.components.flatMap((row: Json) => row.components) as Json[];
    expect(buttons.map((b) => b.label)).toEqual([pt("reflection.prompt.answer"), pt("reflection.prompt.skip")]);

    const opened = await h.interact(h.fake.button({ user: joao, channelId: dm, customId: buttons[0].custom_id, message: { id: prompt.id } }));
    const modal = h.fake.interactionResponse(opened.payload.id)!.data;
    expect(modal.title).toBe(pt("reflection.prompt.answer"));
    expect((modal.components as Json[]).map((c) => c.label)).toEqual([pt("opt.answer.text"), pt("opt.answer.visibility")].map((l) => l.replace(/\.$/, "")));
    expect(((modal.components as Json[])[1].component.options as Json[]).map((o) => o.label)).toEqual(VISIBILITIES.ids.map((v) => pt(VISIBILITIES.messages[v])));
    const submitted = await h.interact(h.fake.modalSubmit({ user: joao, channelId: dm, customId: modal.custom_id, fields: { text: "Os ventos têm nomes", visibility: "private" }, message: { id: prompt.id } }));
    expect(plain(submitted.replies.join("\n"))).toContain(plain(pt("answer.saved", { replaced: "no", visibility: pt("reflection.visibility.private"), where: "private", project: "Winds" })));
  });

  it("records kudos by reaction once: redelivered, another emoji or one's own message add nothing", async () => {
    const channel = h.fake.textChannelOf(h.guildId);
    await h.slash(nia, 'project create "Reactions" slug=reactions');
    await h.slash(amina, "project join reactions");
    await h.slash(kofi, "project join reactions"); // the kudos of the tests below are members' own
    const before = await count();
    const message = { id: "400000000000000001", author: amina, content: "Here are the tide tables", guild_id: h.guildId };
    h.fake.seedMessage(channel, message);
    const reaction = { userId: nia.id, channelId: channel, messageId: message.id, guildId: h.guildId, emoji: { id: null, name: "🙌" } };
    const received = h.received("MESSAGE_REACTION_ADD", 4);
    await h.fake.sendReaction(reaction);
    await h.fake.sendReaction(reaction); // removed and added again
    await h.fake.sendReaction({ ...reaction, emoji: { id: null, name: "👍" } });
    await h.fake.sendReaction({ ...reaction, userId: amina.id }); // one's own message
    await received; // all four are in the adapter's hands: what they add is done after drain()
    await h.adapter.drain();
    await h.app.scheduler.settle(); // and the notices to amina have left through the outbox
    expect(await count()).toEqual({ ...before, acknowledgements: before.acknowledgements + 1 });
    const ack = await h.app.database.prisma.acknowledgement.findFirstOrThrow({ orderBy: { createdAt: "desc" }, include: { toPerson: true } });
    expect(ack.toPerson?.displayName).toBe("amina");
    expect(ack.message).toContain("🙌");
  });

  it("resumes a dropped gateway session: events sent while it was down arrive once each", async () => {
    const channel = h.fake.textChannelOf(h.guildId);
    const identifies = h.fake.identifies;
    const before = await count();
    const messages = ["400000000000000011", "400000000000000012", "400000000000000013"].map((id) => ({ id, author: amina, content: `finding ${id}`, guild_id: h.guildId }));
    for (const m of messages) h.fake.seedMessage(channel, m);
    const received = h.received("MESSAGE_REACTION_ADD", 3);
    h.fake.dropConnection();
    for (const m of messages) await h.fake.sendReaction({ userId: nia.id, channelId: channel, messageId: m.id, guildId: h.guildId, emoji: { id: null, name: "🙌" } });
    await received; // replayed on RESUME
    await h.adapter.drain();
    await h.app.scheduler.settle();
    expect(h.fake.resumes).toBeGreaterThanOrEqual(1);
    expect(h.fake.identifies).toBe(identifies); // resumed, not a new session
    expect(await count()).toEqual({ ...before, acknowledgements: before.acknowledgements + 3 });
  });

  it("waits out a 429 with retry_after on the DM route and delivers exactly once", async () => {
    const dm = h.fake.dmChannelOf(amina.id);
    const before = h.fake.messagesIn(dm).length;
    const limited = h.fake.rateLimited.length;
    h.fake.rateLimitNext("POST", new RegExp(`^/channels/${dm}/messages$`), { retryAfter: 1 });
    const started = Date.now();
    await h.slash(kofi, `kudos <@${amina.id}> for the tide tables project=reactions`);
    await h.fake.waitForCall("POST", `/channels/${dm}/messages`, (c) => c.status === 200 && c.at >= started, 10_000);
    await h.adapter.drain();
    const delivered = h.fake.messagesIn(dm).slice(before);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.content).toContain("kofi");
    expect(h.fake.rateLimited.length - limited).toBe(1);
    const sent = h.fake.callsTo("POST", `/channels/${dm}/messages`).filter((c) => c.at >= started);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.at - started).toBeGreaterThanOrEqual(1_000);
  });

  it("neutralises @everyone, @here, role and user mentions in user text (allowed_mentions: none)", async () => {
    const dm = h.fake.dmChannelOf(amina.id);
    const before = h.fake.messagesIn(dm).length;
    const hostile = `@everyone @here <@&500000000000000001> <@${joao.id}> **shout**`;
    await h.slash(kofi, `kudos <@${amina.id}> "${hostile}" project=reactions`);
    await h.adapter.drain();
    const received = h.fake.messagesIn(dm).slice(before);
    expect(received.length).toBeGreaterThan(0);
    for (const m of received) {
      expect(m.allowed_mentions).toEqual({ parse: [], users: [], roles: [], replied_user: false });
      expect(m.mention_everyone).toBe(false);
      expect(m.mentions).toEqual([]);
      expect(m.content).not.toMatch(/@(everyone|here)/);
      expect(m.content).not.toContain("**shout**");
    }
    for (const call of h.fake.calls.filter((c) => c.method === "POST" && /\/(messages|callback)$/.test(c.path) && c.body?.content)) {
      expect(call.body.allowed_mentions ?? call.body.data?.allowed_mentions, call.path).toMatchObject({ parse: [] });
    }
  });

  it("offers CRediT roles, choices and the person's projects as they type (autocomplete)", async () => {
    const { name, options } = interactionOptions('contribution add @x "y" roles=z');
    expect(name).toBe("contribution");
    const sub = options[0];
    sub.options = [{ type: 3, name: "roles", value: "Software, data c", focused: true }];
    const answered = await h.interact(h.fake.autocomplete({ user: kofi, guildId: h.guildId, name, options }));
    expect(answered.type).toBe(8);
    const choices = h.fake.interactionResponse(answered.payload.id)!.data.choices as Json[];
    expect(choices.map((c) => c.value)).toContain("Software, Data curation");

    sub.options = [{ type: 3, name: "project", value: "", focused: true }];
    const projects = await h.interact(h.fake.autocomplete({ user: amina, guildId: h.guildId, name, options }));
    const offered = (h.fake.interactionResponse(projects.payload.id)!.data.choices as Json[]).map((c) => c.value);
    expect(offered).toEqual(expect.arrayContaining(["winds", "reactions"]));
    expect(offered.length).toBeLessThanOrEqual(25);

    // "who-name" (an institution or someone not on the chat) offers the workspace's institutions.
    sub.options = [{ type: 3, name: "who-name", value: "univ", focused: true }];
    const institutions = await h.interact(h.fake.autocomplete({ user: kofi, guildId: h.guildId, name, options }));
    expect((h.fake.interactionResponse(institutions.payload.id)!.data.choices as Json[]).map((c) => c.value)).toContain("University of Ghana");
  });

  it("registers a command per area through Discord's API: whole descriptions, within the limits, people typed, localised", async () => {
    const { Routes } = await import("discord.js");
    const { COMMAND_LIMITS, discordCommands, overlongDescriptions } = await import("../../src/adapters/discord/registration.ts");
    const route = Routes.applicationGuildCommands(h.fake.applicationId, h.guildId);
    // An earlier version's single /mutual, then the bulk overwrite `npm run discord:deploy` sends.
    await h.adapter.client.rest.put(route, { body: [{ name: "mutual", description: "Mutual", options: [{ type: 1, name: "ping", description: "Ping" }] }] });
    await h.adapter.client.rest.put(route, { body: discordCommands(commands) });
    const stored = h.fake.registeredCommands(h.guildId) as Json[];
    expect(stored.map((c) => c.name)).toEqual(commands.map((c) => c.name)); // /mutual is gone
    expect(stored.length).toBeLessThanOrEqual(COMMAND_LIMITS.commands);
    expect(overlongDescriptions(stored as never)).toEqual([]);
    const walk = function* (o: Json): Generator<Json> {
      for (const child of (o.options ?? []) as Json[]) yield* [child, ...walk(child)];
    };
    for (const c of stored) {
      const size = (o: Json): number => o.name.length + Math.max(o.description.length, ...Object.values((o.description_localizations ?? {}) as Record<string, string>).map((d) => d.length)) + ((o.options ?? []) as Json[]).reduce((n, x) => n + size(x), 0);
      expect(size(c), `/${c.name}`).toBeLessThanOrEqual(COMMAND_LIMITS.totalCharacters);
      for (const o of [c, ...walk(c)]) {
        expect(o.description, `${c.name} ${o.name}`).not.toMatch(/…$/);
        expect(Object.keys(o.description_localizations ?? {}).sort(), `${c.name} ${o.name}`).toEqual(["es-ES", "fr", "pt-BR"]);
        expect((o.options ?? []).length).toBeLessThanOrEqual(COMMAND_LIMITS.optionsPerLevel);
      }
    }
    const option = (command: string, ...path: string[]) => path.reduce((o: Json, name) => (o.options as Json[]).find((x) => x.name === name), stored.find((c) => c.name === command)!);
    for (const [command, ...path] of [["kudos", "who"], ["contribution", "add", "who"], ["contribution", "list", "who"], ["mentor", "pair", "mentor"], ["mentor", "pair", "mentee"], ["project", "role", "person"]] as const) {
      expect(option(command, ...path).type, `${command} ${path.join(" ")}`).toBe(6);
    }
    expect(option("kudos", "who-name")).toMatchObject({ type: 3, autocomplete: true });
  });

  it("thanks a person picked with the user picker, and an institution by name, from /kudos; both at once is refused", async () => {
    const db = h.app.database.prisma;
    const before = await count();
    const picked = h.fake.chatInput({
      user: kofi,
      guildId: h.guildId,
      name: "kudos",
      options: [
        { type: 6, name: "who", value: amina.id },
        { type: 3, name: "message", value: "for the tide tables" },
        { type: 3, name: "project", value: "coastal" },
      ],
      resolved: { users: { [amina.id]: h.fake.userJson(h.fake.users.get(amina.id)!) } },
    });
    const thanked = await h.interact(picked);
    expect(plain(thanked.replies.join(" "))).toContain("Thanks recorded for amina");
    const row = await db.acknowledgement.findFirst({ where: { message: "for the tide tables" }, include: { toPerson: { include: { accounts: true } } } });
    expect(row?.toPerson?.accounts.map((a) => a.externalId)).toContain(amina.id);

    const named = h.fake.chatInput({ user: kofi, guildId: h.guildId, name: "kudos", options: [{ type: 3, name: "who-name", value: "University of Ghana" }, { type: 3, name: "message", value: "for hosting the workshop" }, { type: 3, name: "project", value: "coastal" }] });
    expect(plain((await h.interact(named)).replies.join(" "))).toContain("University of Ghana");
    const institution = await db.acknowledgement.findFirst({ where: { message: "for hosting the workshop" }, include: { toInstitution: true } });
    expect(institution?.toInstitution?.name).toBe("University of Ghana");
    expect((await count()).acknowledgements).toBe(before.acknowledgements + 2);

    const both = h.fake.chatInput({
      user: kofi,
      guildId: h.guildId,
      name: "kudos",
      options: [{ type: 6, name: "who", value: amina.id }, { type: 3, name: "who-name", value: "University of Ghana" }, { type: 3, name: "message", value: "twice over" }, { type: 3, name: "project", value: "coastal" }],
      resolved: { users: { [amina.id]: h.fake.userJson(h.fake.users.get(amina.id)!) } },
    });
    const refused = await h.interact(both);
    expect(plain(refused.replies.join(" "))).toContain("You gave who twice");
    expect((await count()).acknowledgements).toBe(before.acknowledgements + 2);
  });

  it("links a Slack account and a Discord account with a one-time code: one person, one history", async () => {
    const slack = { id: "slack:T1:ev1", platform: "slack", workspace: { externalId: "T0LINK" }, user: { externalId: "U0LINK", displayName: "Lena", handle: "lena" } };
    const say = async (id: string, text: string) => (await h.app.mutual.process({ ...slack, id: `slack:T0LINK:${id}`, text })).replies;
    await say("1", 'project create "Slack Side" slug=slackside');
    await say("2", "reflect");
    await say("3", "answer Listening before measuring visibility=private");
    const code = /\b([2-9A-Z]{4}-[2-9A-Z]{4})\b/.exec(JSON.stringify(await say("4", "link")))?.[1];
    expect(code).toBeDefined();

    const lena: FakeUser = { id: "300000000000000009", username: "lena" };
    h.fake.addUser(lena);
    const people = await h.app.database.prisma.person.count();
    const linked = await h.slash(lena, `link ${code!.toLowerCase()}`);
    expect(plain(linked.replies.join("\n"))).toMatch(/one history/);
    const mine = await h.slash(lena, "my reflections");
    expect(plain(mine.replies.join("\n"))).toContain("Listening before measuring");
    // Discord's first command made a person, whom the link merged away: one person is left for both accounts.
    expect(await h.app.database.prisma.person.count()).toBe(people);
    const accounts = await h.app.database.prisma.platformAccount.findMany({ where: { externalId: { in: ["U0LINK", lena.id] } }, select: { personId: true } });
    expect(new Set(accounts.map((a) => a.personId)).size).toBe(1);
    // The code is spent: using it again from another account changes nothing.
    const again = await h.slash(nia, `link ${code}`);
    expect(plain(again.replies.join("\n"))).toMatch(/doesn't work|haufanyi kazi/i); // nia reads Swahili
  });
});
