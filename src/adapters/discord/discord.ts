// The Discord adapter on discord.js: the gateway in, the core's replies out as messages, buttons and
// modals. It only translates and keeps Discord's timing: an interaction is answered within 3 s, or
// deferred and its reply edited in afterwards. Every interaction reply is ephemeral (only the person
// who asked sees it: profiles, reflections, summaries are personal), and nothing Mutual posts pings.
import { setTimeout as sleep } from "node:timers/promises";
import {
  ButtonStyle,
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type Message,
  type MessageReaction,
  type ModalSubmitInteraction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from "discord.js";
import type { DiscordConfig } from "../../config.ts";
import type { CommandDefinition } from "../../core/commands/definition.ts";
import type { Form } from "../../core/commands/form.ts";
import { isCommand } from "../../core/commands/parse.ts";
import type { Suggestion } from "../../core/commands/suggest.ts";
import type { ChatEvent } from "../../core/events.ts";
import { translator } from "../../core/i18n/index.ts";
import { failure } from "../../core/message.ts";
import type { Outcome } from "../../core/mutual.ts";
import type { ExportFile } from "../../core/credit/model.ts";
import type { OutgoingMessage } from "../../core/message.ts";
import type { Logger } from "../../core/ports.ts";
import type { AccountDirectory, ChatAdapter, Reach, StartOptions } from "../adapter.ts";
import { WorkQueue } from "../../work-queue.ts";
import { attachments, createOptions, DiscordChat, NO_MENTIONS } from "./chat.ts";
import { BY_NAME_SUFFIX, commandNames } from "./registration.ts";
import { cut, escapeText, FORM_PREFIX, formModal, LIMITS, RUN_PREFIX, toDiscordMessages, type DiscordMessage } from "./render.ts";

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  commands: readonly CommandDefinition[];
  /** The core's front door (late-bound: the app starts after the adapter exists). */
  process(event: ChatEvent): Promise<Outcome>;
  /** Autocomplete: values for an option as it is typed. */
  suggest(event: ChatEvent, option: string, typed: string): Promise<Suggestion[]>;
  /** The form a button opens, worded for the person who clicked. */
  form(event: ChatEvent, command: string, title: string): Promise<Form | undefined>;
  logger: Logger;
}

/** Where a DM belongs: one server, several (the person picks), or none Mutual can tell. */
type Placement = { guild: string } | { choose: string[] } | undefined;

/**
 * Discord wants a first answer within 3 s. A quick read answers at once; anything slower (a write
 * in a burst, an export) is deferred after this long, then edited in, so no one nears the limit.
 */
export const REPLY_WITHIN_MS = 250;
/**
 * A server-pick button: "mutual:in:<guild id>:<command>" runs the command in that server. It answers a
 * DM from someone Mutual knows in several servers, where the DM itself can't say which one is meant.
 */
export const SERVER_PREFIX = "mutual:in:";
/** A server-pick button for a form's button: "mutual:in-form:<guild id>:<command>" opens the form for that server. */
export const SERVER_FORM_PREFIX = "mutual:in-form:";
/** Commands worked on at once: enough to overlap round trips, few enough that deferrals go out on time. */
const COMMANDS_AT_ONCE = 4;
const EPHEMERAL = MessageFlags.Ephemeral;
/** Interactions (replies) and DMs (answers, kudos): the only intents Mutual needs, none privileged. */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages, GatewayIntentBits.GuildMessageReactions];
const MENTION = /<@!?(\d{5,25})>/g;

type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

export class DiscordAdapter implements ChatAdapter {
  readonly platform = "discord";
  readonly label = "Discord";
  readonly startHint = "Check DISCORD_TOKEN.";
  readonly client: Client;
  private readonly send_: DiscordChat;
  /** Where a DM's sender belongs, from the core: set when the adapter starts. */
  private directory: AccountDirectory | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The core's work, a few at a time, so the loop stays free to defer and answer the interactions waiting. */
  private readonly work = new WorkQueue({ concurrency: COMMANDS_AT_ONCE });
  /** The top-level commands the registration declares: /kudos, /contribution… all route to the same core. */
  private readonly names: Set<string>;

  /** Platform timings, from the config (tests shorten them to reach the slow paths without waiting). */
  readonly timings: { deferAfterMs: number };

  constructor(private readonly options: DiscordAdapterOptions) {
    const { config } = options;
    this.timings = { deferAfterMs: config.deferAfterMs ?? REPLY_WITHIN_MS };
    this.names = commandNames(options.commands);
    this.client = new Client({
      intents: INTENTS,
      // DM channels and messages or reactions from before the bot started are not cached: partials let their events through.
      partials: [Partials.Channel, Partials.Message, Partials.Reaction, Partials.User],
      // DISCORD_API_URL: a local fake in tests. discord.js asks it for /gateway/bot too, so the gateway follows.
      rest: { ...(config.apiUrl && { api: config.apiUrl }) },
      allowedMentions: NO_MENTIONS,
    });
    this.send_ = new DiscordChat(this.client, options.logger);
    this.listen();
  }

  /**
   * Logs in and resolves once the gateway session is ready (every guild received). A worker (no
   * `receive`) sends prompts and reminders over REST only: a second gateway session would receive
   * every event a second time.
   */
  async start({ receive, directory }: StartOptions): Promise<void> {
    this.directory = directory;
    if (!receive) return void this.client.rest.setToken(this.options.config.token);
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.options.config.token);
    await ready;
    this.options.logger.info({ user: this.client.user?.tag, guilds: this.client.guilds.cache.size }, "Discord connected");
  }

  send(to: Reach, message: OutgoingMessage): Promise<void> {
    return this.send_.send(to, message);
  }

  post(channelId: string, message: OutgoingMessage): Promise<void> {
    return this.send_.post(channelId, message);
  }

  upload(userId: string, files: readonly ExportFile[]): Promise<void> {
    return this.send_.upload(userId, files);
  }

  render(message: OutgoingMessage): unknown[] {
    return toDiscordMessages(message);
  }

  /** Closes the gateway, then waits for work in hand to send its replies. */
  async stop(): Promise<void> {
    await this.drain();
    await this.client.destroy();
  }

  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: () => Promise<void>): void {
    const running = work().catch((e: unknown) => this.options.logger.error({ err: e }, "Discord listener failed"));
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
  }

  private listen() {
    this.client.on(Events.InteractionCreate, (interaction) => this.track(() => this.interaction(interaction)));
    this.client.on(Events.MessageCreate, (message) => this.track(() => this.directMessage(message)));
    this.client.on(Events.MessageReactionAdd, (reaction, user) => this.track(() => this.reaction(reaction, user)));
    this.client.on(Events.Error, (e) => this.options.logger.error({ err: e }, "Discord client error"));
    this.client.rest.on("rateLimited", (info) => this.options.logger.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, "Discord rate limit"));
  }

  private async interaction(interaction: Interaction) {
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    if (interaction.isChatInputCommand() && this.names.has(interaction.commandName)) {
      const { text, options, mentioned } = commandOf(interaction);
      const event = await this.chatEvent(interaction, `interaction:${interaction.id}`, text, options);
      if (event && "choose" in event) return this.askServer(interaction, event.choose, commandLine(text, options));
      const mentions = await Promise.all(mentioned.filter((id) => id !== interaction.user.id).map((id) => this.person(id)));
      return this.answer(interaction, event && { ...event, mentions });
    }
    if (interaction.isButton()) {
      const id = interaction.customId;
      if (id.startsWith(SERVER_PREFIX) || id.startsWith(SERVER_FORM_PREFIX)) return this.serverPicked(interaction);
      if (id.startsWith(FORM_PREFIX)) {
        const command = id.slice(FORM_PREFIX.length);
        const clicked = await this.chatEvent(interaction, `form:${interaction.id}`, command);
        if (clicked && "choose" in clicked) return this.askServer(interaction, clicked.choose, command, true);
        const form = clicked && (await this.options.form(clicked, command, (interaction.component as { label?: string } | null)?.label ?? "Mutual"));
        if (form) return interaction.showModal(formModal(form));
      }
      const command = id.startsWith(RUN_PREFIX) ? id.slice(RUN_PREFIX.length) : id.startsWith(FORM_PREFIX) ? id.slice(FORM_PREFIX.length) : undefined;
      if (command === undefined) return;
      // A double click is one press: the key is the button on that message, for that person.
      const event = await this.chatEvent(interaction, `button:${interaction.message.id}:${id}:${interaction.user.id}`, command);
      if (event && "choose" in event) return this.askServer(interaction, event.choose, command);
      return this.answer(interaction, event);
    }
    const modal = interaction.isModalSubmit() ? interaction.customId : "";
    if (interaction.isModalSubmit() && (modal.startsWith(FORM_PREFIX) || modal.startsWith(SERVER_PREFIX))) {
      const values: Record<string, string> = {};
      for (const [name, field] of interaction.fields.fields) {
        const value = "value" in field ? field.value : "values" in field ? (field.values as readonly string[])[0] : undefined;
        if (typeof value === "string" && value.trim() !== "") values[name] = value;
      }
      // A form opened for a server picked in the DM carries that server.
      const picked = modal.startsWith(SERVER_PREFIX) ? await this.pickedServer(interaction.user.id, modal.slice(SERVER_PREFIX.length)) : undefined;
      if (modal.startsWith(SERVER_PREFIX) && !picked) return this.answer(interaction, undefined);
      const command = picked ? picked.command : modal.slice(FORM_PREFIX.length);
      const event = await this.chatEvent(interaction, `modal:${interaction.id}`, command, values, picked?.guild);
      if (event && "choose" in event) return this.askServer(interaction, event.choose, commandLine(command, values));
      return this.answer(interaction, event);
    }
  }

  /** Runs the event and answers the interaction: at once when the core is quick, else deferred, then edited. */
  private async answer(interaction: Repliable, event: ChatEvent | undefined) {
    // Clicks and forms go first: someone is looking at them.
    const running = event ? this.work.run(() => this.options.process(event), !interaction.isChatInputCommand()) : Promise.resolve({ replies: [notLinked(interaction.locale)], repeated: false });
    const early = await Promise.race([running, sleep(this.timings.deferAfterMs, undefined, { ref: false })]);
    if (!early) await interaction.deferReply({ flags: EPHEMERAL });
    const { replies } = early ?? (await running);
    // A repeated delivery (a double click) still needs its own answer: it gets the first one again.
    const pieces = replies.flatMap((r) => toDiscordMessages(r));
    const files = await attachments(replies.flatMap((r) => r.files ?? []));
    for (const [i, piece] of pieces.entries()) {
      const options = createOptions(piece, i === pieces.length - 1 ? files : []);
      if (i > 0) await interaction.followUp({ ...options, flags: EPHEMERAL });
      else if (interaction.deferred) await interaction.editReply(options);
      else await interaction.reply({ ...options, flags: EPHEMERAL });
    }
  }

  /**
   * Someone Mutual knows in several servers wrote in a DM: which server? One button per server runs
   * the command there, when the command fits in a button; otherwise they run it in the server. Nothing runs yet.
   */
  private async askServer(interaction: Repliable, guilds: readonly string[], command: string, form = false) {
    await interaction.reply({ ...this.serverQuestion(interaction.locale, guilds, command, form), flags: EPHEMERAL });
  }

  /** `form`: the buttons open the command's form for the server picked, rather than run it. */
  private serverQuestion(locale: string | undefined, guilds: readonly string[], command: string, form = false): DiscordMessage {
    const t = translator(locale);
    const named = guilds.map((id) => ({ id, name: this.client.guilds.cache.get(id)?.name ?? id }));
    const buttons = named.map((g) => ({ label: g.name, customId: `${form ? SERVER_FORM_PREFIX : SERVER_PREFIX}${g.id}:${command}` }));
    const fits = buttons.every((b) => b.customId.length <= LIMITS.customId);
    const servers = t.list(named.map((g) => g.name), "or");
    if (!fits) return { content: escapeText(t("discord.whichServer.typeThere", { servers })), components: [] };
    return { content: escapeText(t("discord.whichServer", { servers })), components: serverButtons(buttons) };
  }

  /** "<guild id>:<command>" of a server-pick id, if Mutual knows the person in that server (an id can be forged). */
  private async pickedServer(userId: string, rest: string): Promise<{ guild: string; command: string } | undefined> {
    const at = rest.indexOf(":");
    const guild = rest.slice(0, at);
    return at > 0 && (await this.knownGuilds(userId)).includes(guild) ? { guild, command: rest.slice(at + 1) } : undefined;
  }

  /** A server picked for a DM's command: run there, or open its form for there (the modal's id carries the server). */
  private async serverPicked(interaction: ButtonInteraction) {
    const form = interaction.customId.startsWith(SERVER_FORM_PREFIX);
    const picked = await this.pickedServer(interaction.user.id, interaction.customId.slice((form ? SERVER_FORM_PREFIX : SERVER_PREFIX).length));
    if (!picked) return this.answer(interaction, undefined);
    if (form) {
      const clicked = placed(await this.chatEvent(interaction, `form:${interaction.id}`, picked.command, undefined, picked.guild));
      const opened = clicked && (await this.options.form(clicked, picked.command, (interaction.component as { label?: string } | null)?.label ?? "Mutual"));
      const customId = `${SERVER_PREFIX}${picked.guild}:${picked.command}`;
      if (opened && customId.length <= LIMITS.customId) return interaction.showModal({ ...formModal(opened), custom_id: customId });
    }
    const id = `button:${interaction.message.id}:${interaction.customId}:${interaction.user.id}`;
    return this.answer(interaction, placed(await this.chatEvent(interaction, id, picked.command, undefined, picked.guild)));
  }

  private async autocomplete(interaction: AutocompleteInteraction) {
    const focused = interaction.options.getFocused(true);
    const { text, options } = commandOf(interaction);
    // The options given so far go along: a project named narrows whom "who" suggests.
    const event = placed(await this.chatEvent(interaction, `autocomplete:${interaction.id}`, text, options));
    // "who-name" completes what the text grammar's "who" accepts.
    const option = focused.name.endsWith(BY_NAME_SUFFIX) ? focused.name.slice(0, -BY_NAME_SUFFIX.length) : focused.name;
    const suggestions = event ? await this.options.suggest(event, option, String(focused.value)) : [];
    const fit = (s: string) => (s.length > LIMITS.choiceText ? `${s.slice(0, LIMITS.choiceText - 1)}…` : s);
    await interaction.respond(
      suggestions
        .filter((s) => s.value.length <= LIMITS.choiceText)
        .slice(0, LIMITS.autocompleteChoices)
        .map((s) => ({ name: fit(s.label), value: s.value })),
    );
  }

  /** A plain DM to the bot: a whole command runs it, anything else answers the latest prompt. */
  private async directMessage(message: Message) {
    if (message.guildId || message.author.bot || message.system || !message.content.trim()) return;
    const text = message.content.trim();
    const [command, options] = isCommand(this.options.commands, text) ? [text, undefined] : ["answer", { text }];
    const event = await this.eventFrom(undefined, this.userOf(message.author), `message:${message.id}`, message.channelId, command, options);
    if (!event) return void (await this.send_.dm(message.author.id, notLinked()));
    if ("choose" in event) {
      const question = this.serverQuestion(undefined, event.choose, commandLine(command, options));
      if (message.channel.isSendable()) await message.channel.send(createOptions(question));
      return;
    }
    const { replies, repeated } = await this.work.run(() => this.options.process(event));
    if (repeated) return;
    for (const reply of replies) await this.send_.dm(message.author.id, reply);
  }

  /** The kudos emoji on someone's message thanks its author, once per person, message and emoji. */
  private async reaction(reaction: MessageReaction | PartialMessageReaction, reactor: User | PartialUser) {
    const { kudosEmoji } = this.options.config;
    if (!reaction.message.guildId || reactor.bot) return;
    if (reaction.emoji.name !== kudosEmoji && reaction.emoji.id !== kudosEmoji) return;
    const message = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
    const author = message.author;
    if (author.bot || author.id === reactor.id) return;
    const user = await this.person(reactor.id);
    const id = `reaction:${reactor.id}:${message.channelId}:${message.id}:${reaction.emoji.id ?? reaction.emoji.name}`;
    const event = placed(await this.eventFrom(message.guildId!, user, id, message.channelId, `kudos <@${author.id}>`, {
      message: `${reaction.emoji.name ?? "a reaction"} for a message in #${"name" in message.channel ? message.channel.name : "a channel"}`,
    }));
    if (!event) return;
    const { replies, repeated } = await this.work.run(() => this.options.process({ ...event, mentions: [this.userOf(author)] }));
    // Reactions have no private reply: the confirmation goes to the reactor's DM.
    if (!repeated) for (const reply of replies) await this.send_.dm(reactor.id, reply);
  }

  /** `inGuild`: a DM's command run in a server the person picked (the interaction itself has no guild). */
  private async chatEvent(interaction: Interaction, id: string, text: string, options?: Record<string, string>, inGuild?: string) {
    const member = interaction.member && "nick" in interaction.member ? interaction.member : undefined;
    const user = { ...this.userOf(interaction.user, member?.nick ?? undefined), locale: interaction.locale };
    const channel = interaction.channelId ? { id: interaction.channelId, direct: !interaction.guildId } : undefined;
    return this.eventFrom(interaction.guildId ?? inGuild, user, id, channel, text, options);
  }

  /**
   * People are (guild, user id). A DM has no guild: it is the person's server as the store knows it,
   * else the bot's only server. Known in several of the bot's servers, the person is asked which
   * (`choose`); undefined when nothing says.
   */
  private async eventFrom(
    guildId: string | undefined,
    user: ChatEvent["user"],
    id: string,
    channel: string | { id: string; direct: boolean } | undefined,
    text: string,
    options?: Record<string, string>,
  ): Promise<ChatEvent | { choose: string[] } | undefined> {
    const placement: Placement = guildId ? { guild: guildId } : await this.guildOf(user.externalId);
    if (!placement || "choose" in placement) return placement;
    const { guild } = placement;
    const name = this.client.guilds.cache.get(guild)?.name;
    const where = typeof channel === "string" ? { id: channel, direct: !guildId } : channel;
    return {
      id: `discord:${guild}:${id}`,
      platform: "discord",
      workspace: { externalId: guild, ...(name && { name }) },
      user,
      ...(where && { channel: where }),
      text,
      ...(options && { options }),
    };
  }

  /** The servers where Mutual knows this user and the bot still is, oldest first. */
  private async knownGuilds(userId: string): Promise<string[]> {
    const known = this.directory ? await this.directory.workspacesOf("discord", userId) : [];
    const here = this.client.guilds.cache;
    return here.size ? known.filter((g) => here.has(g)) : known;
  }

  private async guildOf(userId: string): Promise<Placement> {
    const known = await this.knownGuilds(userId);
    if (known.length === 1) return { guild: known[0]! };
    if (known.length > 1) return { choose: known };
    const guilds = [...this.client.guilds.cache.keys()];
    return guilds.length === 1 ? { guild: guilds[0]! } : undefined;
  }

  private userOf(user: User | PartialUser, nick?: string): ChatEvent["user"] {
    const name = nick ?? user.globalName ?? user.username ?? user.id;
    return { externalId: user.id, displayName: name, ...(user.username && { handle: user.username }) };
  }

  /** A mentioned person, as discord.js knows them (cached, else GET /users/:id). */
  private async person(userId: string): Promise<ChatEvent["user"]> {
    try {
      return this.userOf(await this.client.users.fetch(userId));
    } catch (e) {
      this.options.logger.warn({ err: e, userId }, "Discord user lookup failed");
      return { externalId: userId, displayName: userId };
    }
  }
}

/** A DM carries no server: from someone Mutual knows in none of several servers, it can't be placed. */
const notLinked = (locale?: string) => failure(translator(locale)("discord.notLinked"));

/** An event that needs no server picked (autocomplete, a form to open, a reaction): a choice is as good as none. */
const placed = (event: ChatEvent | { choose: string[] } | undefined): ChatEvent | undefined => (event && "choose" in event ? undefined : event);

/** A command and its options as one line of the text grammar (what a server-pick button carries). */
export function commandLine(text: string, options: Readonly<Record<string, string>> = {}): string {
  const quoted = (v: string) => `"${v.replace(/[\\"]/g, "\\$&")}"`;
  return [text, ...Object.entries(options).map(([name, value]) => `${name}=${quoted(value)}`)].join(" ");
}

function serverButtons(buttons: ReadonlyArray<{ label: string; customId: string }>): DiscordMessage["components"] {
  const rows: DiscordMessage["components"] = [];
  for (let i = 0; i < Math.min(buttons.length, LIMITS.buttonsPerRow * LIMITS.rowsPerMessage); i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + LIMITS.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: cut(b.label, LIMITS.buttonLabel),
        custom_id: b.customId,
      })),
    });
  }
  return rows;
}

/**
 * The core's text and option values from an interaction with one of the top-level commands:
 * /contribution add → "contribution add" and {who: "<@123>", roles: "Software"}. User options become
 * mentions the grammar reads; "who-name" (an institution or someone not on the chat) is the grammar's
 * "who" again. Both given is one value too many: it reaches the core as a repeated option, refused there.
 */
export function commandOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): { text: string; options: Record<string, string>; mentioned: string[] } {
  const path: string[] = [interaction.commandName];
  const options: Record<string, string> = {};
  const byName: Array<[string, string]> = [];
  const mentioned = new Set<string>();
  const walk = (list: readonly CommandInteractionOption[]) => {
    for (const o of list) {
      if (o.options && (o.type === 1 || o.type === 2)) {
        path.push(o.name);
        walk(o.options);
      } else if (o.type === 1 || o.type === 2) path.push(o.name);
      else if (o.focused) continue; // being typed: not a value yet
      else if (o.user || o.type === 6) {
        options[o.name] = `<@${String(o.value)}>`;
        mentioned.add(String(o.value));
      } else if (o.value !== undefined) {
        if (o.name.endsWith(BY_NAME_SUFFIX)) byName.push([o.name.slice(0, -BY_NAME_SUFFIX.length), String(o.value)]);
        else options[o.name] = String(o.value);
        for (const m of String(o.value).matchAll(MENTION)) mentioned.add(m[1]!);
      }
    }
  };
  walk(interaction.options.data);
  for (const [name, value] of byName) {
    if (options[name] === undefined) options[name] = value;
    else path.push(`${name}=${JSON.stringify(value)}`);
  }
  return { text: path.join(" "), options, mentioned: [...mentioned] };
}
