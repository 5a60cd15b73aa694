// A fake Discord for tests: one local HTTP server answers REST API v10 the way discord.com does for the real
// @discordjs/rest (Bot auth, per-route X-RateLimit-* buckets, 429 + Retry-After, a global 50 req/s limit,
// Discord's error bodies and form-body limits), and its /gateway WebSocket speaks the Gateway protocol to the
// real @discordjs/ws (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, intents, RESUME replaying missed
// dispatches). Builders make interaction and message payloads in the shapes discord-api-types documents.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { constants as zlibConstants, createDeflate, type Deflate } from "node:zlib";
import { WebSocket, WebSocketServer } from "ws";

/** Discord's JSON as tests read it: loosely typed on purpose, the shapes are Discord's, not ours. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface DiscordCall {
  method: string;
  /** e.g. "/channels/123/messages": without /api/v10 and without the query. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON; for multipart, payload_json parsed plus `files`. */
  body: Json;
  status: number;
  /** The Authorization header as sent ("Bot <token>"), if any. */
  auth: string | undefined;
  at: number;
}
export interface FakeUser {
  id: string;
  username: string;
  global_name?: string | null;
  bot?: boolean;
  /** The client locale Discord puts on this user's interactions. */
  locale?: string;
  /** The member's permissions in guilds (bitfield as a decimal string); defaults to @everyone's. */
  permissions?: string;
  /** The user does not accept DMs from the bot: sending to their DM channel answers 403 (50007). */
  dmsDisabled?: boolean;
}
export interface FakeFile { name: string; filename: string; contentType?: string; content: Buffer }
/** A message as the fake holds it (API fields plus what was sent: allowed_mentions and raw files). */
export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: FakeUser;
  content: string;
  embeds: Json[];
  components: Json[];
  allowed_mentions?: Json;
  flags: number;
  attachments: Json[];
  files: Array<{ filename: string; content: Buffer; contentType?: string }>;
  /** Users Discord would notify, after allowed_mentions. */
  mentions: FakeUser[];
  mention_everyone: boolean;
  type: number;
  timestamp: string;
  edited_timestamp: string | null;
  webhook_id?: string;
  interaction_metadata?: Json;
  /** Not created through the fake's REST API (seedMessage, messageCreate, a button's stub message). */
  seeded?: boolean;
}
export interface RouteLimit { limit: number; windowMs: number }
export interface FakeDiscordOptions {
  applicationId?: string;
  /** The bot token REST and the gateway accept; anything else is 401 / close 4004. */
  token?: string;
  guilds?: Array<{ id: string; name: string }>;
  users?: FakeUser[];
  heartbeatIntervalMs?: number;
  /** Global limit: bot-token requests per 1 s window (Discord: 50). */
  globalPerSecond?: number;
  /** Bucket for every route without its own entry in routeLimits (default 50 per 1 s: generous, so tests stay fast). */
  defaultRouteLimit?: RouteLimit;
  /** Per route, keyed "METHOD /pattern" as in routeKeys, e.g. "POST /channels/:channel/messages" (Discord: 5 per 5 s per channel). */
  routeLimits?: Record<string, RouteLimit>;
  /** How long after dispatch an interaction accepts its callback (Discord: 3 s), else 404 Unknown interaction. */
  interactionDeadlineMs?: number;
  /** Dispatch MESSAGE_CREATE / MESSAGE_UPDATE for the bot's own non-ephemeral messages, as Discord does (default true). */
  echoBotMessages?: boolean;
}
interface InteractionOptionsBase { user: FakeUser; guildId?: string; channelId?: string }
export interface ChatInputOptions extends InteractionOptionsBase { name: string; options?: Json[]; resolved?: Json }

type Params = Record<string, string>;
interface RestRequest { method: string; path: string; params: Params; query: Record<string, string>; body: Json; files: FakeFile[] }
interface Reply { status: number; body?: unknown; after?: () => void }
interface Route { method: string; pattern: string; regex: RegExp; keys: string[]; auth: boolean; hash: string; handler: (r: RestRequest) => Reply | Promise<Reply> }
interface Bucket { hash: string; limit: number; windowMs: number; count: number; resetAt: number }
interface Channel { id: string; type: 0 | 1; guildId?: string; name?: string; recipientId?: string; lastMessageId: string | null }
interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId?: string;
  userId: string;
  builtAt: number;
  dispatchedAt?: number;
  /** The message a component (or a modal opened from one) sits on. */
  messageId?: string;
  callback?: { type: number; data?: Json; at: number };
  originalId?: string;
  followUpIds: string[];
}
interface Frame { op: 0; t: string; s: number; d: unknown }
interface Session { id: string; seq: number; log: Frame[]; conn?: Connection; intents: number }
interface Rule<T> { method: string; path: string | RegExp; value: T }

const DEFAULT_HEARTBEAT_MS = 41_250;
const GLOBAL_WINDOW_MS = 1000;
/**
 * discord.js opens its next global window when it sends (at most 50 per window, windows 1 s apart); ours
 * opens when a request arrives, a few ms later. Closing ours this much early keeps a compliant client
 * from a spurious 429, while a client with no limiter (60 at once) is still refused.
 */
const GLOBAL_SLACK_MS = 50;
const MESSAGE_FLAG_EPHEMERAL = 1 << 6;
const MESSAGE_FLAG_LOADING = 1 << 7;
const MESSAGE_FLAG_COMPONENTS_V2 = 1 << 15;
const INTENT = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
} as const;
/** @everyone's default permissions in a new guild (view, send, embed, attach, history, reactions, external emoji, voice, nickname, app commands, threads). */
const MEMBER_PERMISSIONS = String(
  [0, 6, 10, 11, 14, 15, 16, 18, 20, 21, 26, 31, 35, 38].reduce((bits, bit) => bits | (1n << BigInt(bit)), 0n),
);
const DISCORD_LOCALES = new Set(["id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW", "ko"]);
/** Which interaction callback types Discord accepts per interaction type (PING, command, component, autocomplete, modal submit). */
const ALLOWED_CALLBACKS: Record<number, number[]> = { 1: [1], 2: [4, 5, 9, 12], 3: [4, 5, 6, 7, 9, 12], 4: [8], 5: [4, 5, 6, 7] };
const DISCORD_EPOCH = 1420070400000n;
let lastSnowflake = 0n;

/** A Discord snowflake for now, strictly increasing within the process. */
export const snowflake = (): string => {
  let id = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  if (id <= lastSnowflake) id = lastSnowflake + 1n;
  lastSnowflake = id;
  return id.toString();
};

export class FakeDiscord {
  readonly url: string;
  /** What goes in discord.js `rest: { api }`. */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly applicationId: string;
  readonly token: string;
  readonly botUser: FakeUser;
  readonly guilds: Array<{ id: string; name: string }>;
  readonly users = new Map<string, FakeUser>();
  readonly calls: DiscordCall[] = [];
  /** Every 429 served. */
  readonly rateLimited: DiscordCall[] = [];
  /** Dispatches Discord would not have sent for the session's intents. */
  readonly withheld: Array<{ t: string; d: unknown; missingIntent: number }> = [];
  /** The last IDENTIFY's d (token, intents, properties, shard…). */
  lastIdentify: Json | undefined;

  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly options: FakeDiscordOptions;
  private readonly heartbeatIntervalMs: number;
  private readonly ownerId = snowflake();
  private readonly routes: Route[];
  private readonly buckets = new Map<string, Bucket>();
  private readonly routeLimits = new Map<string, RouteLimit>();
  private readonly limitRules: Array<Rule<{ retryAfter: number; global?: boolean; scope?: "user" | "global" | "shared"; code?: number }>> = [];
  private readonly delayRules: Array<Rule<number>> = [];
  private globalWindow = { start: -Infinity, served: 0, arrivals: 0 };
  private busiestGlobalWindow = 0;
  private globalBlockedUntil = 0;
  private readonly channels = new Map<string, Channel>();
  private readonly dmChannels = new Map<string, string>();
  private readonly textChannels = new Map<string, string>();
  private readonly messages = new Map<string, FakeMessage>();
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly interactionsByToken = new Map<string, InteractionRecord>();
  private readonly callbackWaiters = new Map<string, Array<() => void>>();
  private readonly modals: Json[] = [];
  private readonly commands = new Map<string, Json[]>();
  private readonly closing = new AbortController();
  private session: Session | undefined;
  private sessionReady = false;
  private readyWaiters: Array<() => void> = [];
  private identifyCount = 0;
  private resumeCount = 0;
  private heartbeatCount = 0;

  private constructor(server: Server, options: FakeDiscordOptions) {
    this.server = server;
    this.options = options;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.url}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    this.applicationId = options.applicationId ?? snowflake();
    this.token = options.token ?? "fake-bot-token";
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_MS;
    this.botUser = { id: snowflake(), username: "Mutual", global_name: null, bot: true };
    this.users.set(this.botUser.id, this.botUser);
    for (const user of options.users ?? []) this.addUser(user);
    this.guilds = (options.guilds ?? [{ id: snowflake(), name: "Mutual Research" }]).map((g) => ({ ...g }));
    for (const guild of this.guilds) {
      const id = snowflake();
      this.textChannels.set(guild.id, id);
      this.channels.set(id, { id, type: 0, guildId: guild.id, name: "general", lastMessageId: null });
    }
    for (const [key, limit] of Object.entries(options.routeLimits ?? {})) this.routeLimits.set(key, limit);
    this.routes = this.buildRoutes();
    server.on("request", (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ message: `500: ${String(error)}`, code: 0 }));
      });
    });
    server.on("upgrade", (req, socket, head) => this.upgrade(req, socket, head));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    return new FakeDiscord(server, options);
  }

  get identifies(): number {
    return this.identifyCount;
  }

  get resumes(): number {
    return this.resumeCount;
  }

  /** Heartbeats (op 1) received and acknowledged, over all connections. */
  get heartbeats(): number {
    return this.heartbeatCount;
  }

  /** Route keys ("METHOD /pattern") for routeLimits / setRouteLimit. */
  get routeKeys(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** The guild's text channel ("general"), where guild interactions happen unless a channelId is given. */
  textChannelOf(guildId: string): string {
    const id = this.textChannels.get(guildId);
    if (!id) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    return id;
  }

  /** The bot's DM channel with this user; stable, and what POST /users/@me/channels returns. */
  dmChannelOf(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = snowflake();
      this.dmChannels.set(userId, id);
      this.channels.set(id, { id, type: 1, recipientId: userId, lastMessageId: null });
    }
    return id;
  }

  /** Messages the bot created in this channel (REST posts, interaction responses, follow-ups), as now held. */
  messagesIn(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && m.author.id === this.botUser.id && !m.seeded);
  }

  message(messageId: string): FakeMessage | undefined {
    return this.messages.get(messageId);
  }

  /** A message someone else wrote, so GET /channels/:c/messages/:m finds it. */
  seedMessage(channelId: string, message: { id: string; author: FakeUser; content?: string; guild_id?: string }): void {
    this.ensureChannel(channelId, message.guild_id, message.author.id === this.botUser.id ? undefined : message.author.id);
    const stored = this.newMessage(channelId, message.author, { content: message.content ?? "" }, [], { id: message.id });
    stored.seeded = true;
    this.messages.set(stored.id, stored);
  }

  /** Commands as PUT /applications/:app/commands (or …/guilds/:guild/commands) stored them. */
  registeredCommands(guildId?: string): Json[] {
    return this.commands.get(guildId ?? "global") ?? [];
  }

  callsTo(method: string, path: string | RegExp): DiscordCall[] {
    // 429s are left out (see rateLimited): a test asking "was it delivered once?" counts answered requests.
    return this.calls.filter((c) => c.status !== 429 && matches(c.method, c.path, method, path));
  }

  /** Resolves with the first answered call that matches (including ones made before the wait). */
  async waitForCall(method: string, path: string | RegExp, predicate: (c: DiscordCall) => boolean = () => true, timeoutMs = 5000): Promise<DiscordCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.callsTo(method, path).find(predicate);
      if (found) return found;
      if (Date.now() >= deadline) {
        const seen = this.calls.map((c) => `  ${c.method} ${c.path} ${c.status} ${JSON.stringify(c.body ?? null).slice(0, 200)}`).join("\n") || "  (none)";
        throw new Error(`FakeDiscord.waitForCall(${method} ${String(path)}) timed out after ${timeoutMs} ms. REST calls so far:\n${seen}`);
      }
      await sleep(10);
    }
  }

  // ---- Rate limits -----------------------------------------------------------------------------

  /** The next matching request gets Discord's 429 (body and headers); user scope also exhausts the route's bucket for retryAfter, global blocks every bot request. */
  rateLimitNext(method: string, path: string | RegExp, o: { retryAfter: number; global?: boolean; scope?: "user" | "global" | "shared"; code?: number }): void {
    this.limitRules.push({ method, path, value: o });
  }

  delayNext(method: string, path: string | RegExp, ms: number): void {
    this.delayRules.push({ method, path, value: ms });
  }

  setRouteLimit(routeKey: string, limit: RouteLimit): void {
    if (!this.routeKeys.includes(routeKey)) throw new Error(`FakeDiscord: unknown route ${routeKey}; one of:\n${this.routeKeys.join("\n")}`);
    this.routeLimits.set(routeKey, limit);
  }

  /**
   * The most bot-token requests (429s included: it is what the client sent) that arrived in one of the
   * global limiter's 1 s windows. A window opens with the first request after the previous one closed,
   * as discord.js counts; a strict rolling second can see a few more at a window's edge.
   */
  maxRequestsInAnySecond(): number {
    return this.busiestGlobalWindow;
  }

  // ---- Gateway ---------------------------------------------------------------------------------

  /** Resolves once a session has identified and READY plus every GUILD_CREATE were written. */
  async waitForReady(timeoutMs = 5000): Promise<void> {
    if (this.sessionReady) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`FakeDiscord.waitForReady: no session became ready within ${timeoutMs} ms (identifies: ${this.identifyCount})`)), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Sends a dispatch (op 0) with the session's next sequence number. While the socket is down it is kept
   * and replayed on RESUME, as Discord does. Events the session's intents do not cover are withheld (see
   * `withheld`), and guild message content is blanked without the MessageContent intent, as Discord does.
   */
  async dispatch(t: string, d: unknown): Promise<void> {
    const session = this.session;
    if (!session) throw new Error("FakeDiscord.dispatch: no gateway session yet (log the client in and await waitForReady())");
    const needed = requiredIntent(t, d);
    if (needed !== undefined && (session.intents & needed) === 0) {
      this.withheld.push({ t, d, missingIntent: needed });
      return;
    }
    if (t === "INTERACTION_CREATE" && isRecord(d)) {
      const record = this.interactions.get(String(d.id)) ?? this.adoptInteraction(d);
      record.dispatchedAt = Date.now();
    }
    await this.sessionDispatch(session, t, this.withoutPrivilegedContent(session, t, d));
  }

  /** Kills the socket without a close frame (the client sees 1006); the session stays resumable. */
  dropConnection(): void {
    const conn = this.session?.conn;
    if (!conn) return;
    this.session!.conn = undefined;
    conn.ws.terminate();
  }

  /** Sends op 7 RECONNECT: the client closes and resumes, as when Discord rotates a gateway node. */
  requestReconnect(): void {
    void this.session?.conn?.send({ op: 7, d: null, s: null, t: null });
  }

  /** Forgets the session and drops the socket: the client's RESUME gets op 9 (d: false) and it identifies again. */
  invalidateSession(): void {
    const conn = this.session?.conn;
    this.session = undefined;
    this.sessionReady = false;
    conn?.ws.terminate();
  }

  // ---- Interactions ----------------------------------------------------------------------------

  /** What /interactions/:id/:token/callback received ({type, data}). */
  interactionResponse(interactionId: string): { type: number; data?: Json } | undefined {
    const callback = this.interactions.get(interactionId)?.callback;
    return callback && { type: callback.type, data: callback.data };
  }

  /** The original response message as now held (after edits of @original). */
  original(token: string): FakeMessage | undefined {
    const id = this.interactionsByToken.get(token)?.originalId;
    return id ? this.messages.get(id) : undefined;
  }

  followUps(token: string): FakeMessage[] {
    const record = this.interactionsByToken.get(token);
    return (record?.followUpIds ?? []).map((id) => this.messages.get(id)).filter((m): m is FakeMessage => Boolean(m));
  }

  chatInput(o: ChatInputOptions): Json {
    return this.commandInteraction(2, o);
  }

  /** Like chatInput, with exactly one option (possibly nested in a subcommand) marked focused: true. */
  autocomplete(o: ChatInputOptions): Json {
    if (countFocused(o.options ?? []) !== 1) throw new Error("FakeDiscord.autocomplete: exactly one option must have focused: true");
    return this.commandInteraction(4, o);
  }

  button(o: InteractionOptionsBase & { channelId: string; customId: string; message: { id: string } }): Json {
    const message = this.componentMessage(o.channelId, o.guildId, o.message.id);
    const { payload, record } = this.interactionBase(3, o);
    record.messageId = message.id;
    return { ...payload, message: this.messageJson(message), data: { custom_id: o.customId, component_type: 2 } };
  }

  /**
   * A modal submission. If the bot showed a modal with this custom_id, the components mirror its layout
   * (action rows or Label components, with their ids), as Discord does; otherwise action rows of text inputs.
   */
  modalSubmit(o: InteractionOptionsBase & { customId: string; fields: Record<string, string>; message?: { id: string } }): Json {
    const channelId = o.channelId ?? (o.guildId ? this.textChannelOf(o.guildId) : this.dmChannelOf(o.user.id));
    const message = o.message ? this.componentMessage(channelId, o.guildId, o.message.id) : undefined;
    const { payload, record } = this.interactionBase(5, { ...o, channelId });
    record.messageId = message?.id;
    const modal = [...this.modals].reverse().find((m) => m.custom_id === o.customId);
    const data = { custom_id: o.customId, components: modalSubmitComponents(modal, o.fields) };
    return { ...payload, data, ...(message ? { message: this.messageJson(message) } : {}) };
  }

  /** A MESSAGE_CREATE payload from a user (stored, so GET and reactions find it). */
  messageCreate(o: { author: FakeUser; channelId: string; guildId?: string; content: string; id?: string }): Json {
    this.ensureChannel(o.channelId, o.guildId, o.author.id);
    const message = this.newMessage(o.channelId, o.author, { content: o.content }, [], { id: o.id });
    message.seeded = true;
    this.messages.set(message.id, message);
    return this.messageEvent(message);
  }

  reactionAdd(o: { userId: string; channelId: string; messageId: string; guildId?: string; emoji: { id: string | null; name: string }; messageAuthorId?: string }): Json {
    this.ensureChannel(o.channelId, o.guildId, o.userId);
    const user = this.users.get(o.userId) ?? { id: o.userId, username: `user${o.userId.slice(-4)}` };
    const authorId = o.messageAuthorId ?? this.messages.get(o.messageId)?.author.id;
    return {
      user_id: o.userId,
      channel_id: o.channelId,
      message_id: o.messageId,
      emoji: o.emoji,
      burst: false,
      burst_colors: [],
      type: 0,
      ...(o.guildId ? { guild_id: o.guildId, member: this.memberJson(user) } : {}),
      ...(authorId ? { message_author_id: authorId } : {}),
    };
  }

  async sendInteraction(payload: Json): Promise<void> {
    await this.dispatch("INTERACTION_CREATE", payload);
  }

  async sendMessage(o: Parameters<FakeDiscord["messageCreate"]>[0]): Promise<Json> {
    const payload = this.messageCreate(o);
    await this.dispatch("MESSAGE_CREATE", payload);
    return payload;
  }

  async sendReaction(o: Parameters<FakeDiscord["reactionAdd"]>[0]): Promise<Json> {
    const payload = this.reactionAdd(o);
    await this.dispatch("MESSAGE_REACTION_ADD", payload);
    return payload;
  }

  /** Dispatches an INTERACTION_CREATE and resolves when its callback arrived (ms: from dispatch to callback). */
  async interact(payload: Json, timeoutMs = 5000): Promise<{ type: number; data?: Json; ms: number }> {
    const id = String(payload.id);
    const record = this.interactions.get(id) ?? this.adoptInteraction(payload);
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`FakeDiscord.interact: no callback for interaction ${id} within ${timeoutMs} ms`)), timeoutMs);
      this.callbackWaiters.set(id, [
        ...(this.callbackWaiters.get(id) ?? []),
        () => {
          clearTimeout(timer);
          resolve();
        },
      ]);
    });
    arrived.catch(() => undefined); // if dispatch throws, the timeout must not surface as an unhandled rejection
    await this.dispatch("INTERACTION_CREATE", payload);
    await arrived;
    const callback = record.callback!;
    return { type: callback.type, data: callback.data, ms: callback.at - (record.dispatchedAt ?? record.builtAt) };
  }

  async close(): Promise<void> {
    this.closing.abort();
    for (const conn of this.connections) conn.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- REST ------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? "/", this.url);
    const raw = await readBody(req);
    const method = (req.method ?? "GET").toUpperCase();
    const versioned = /^\/api\/v(?:9|10)(\/.*)$/.exec(url.pathname);
    // Recorded decoded ("/messages/@original", "/reactions/👍/@me"), as tests write paths.
    const path = safeDecode(versioned ? (versioned[1] as string).replace(/(.)\/$/, "$1") : url.pathname);
    const query = Object.fromEntries(url.searchParams);
    const auth = req.headers.authorization;
    const call: DiscordCall = { method, path, query, body: undefined, status: 0, auth, at };

    let parsed: { body: Json; files: FakeFile[] } | undefined;
    try {
      parsed = await parseBody(req.headers["content-type"], raw);
      call.body = parsed.files.length ? { ...(isRecord(parsed.body) ? parsed.body : {}), files: parsed.files } : parsed.body;
    } catch {
      call.body = raw.toString("utf8");
    }

    const { reply, headers } = versioned
      ? parsed
        ? await this.answer(call, parsed)
        : { reply: { status: 400, body: { message: "The request body contains invalid JSON.", code: 50109 } }, headers: {} }
      : { reply: { status: 404, body: { message: "404: Not Found", code: 0 } }, headers: {} };

    // Recorded before the response goes out, so a test that sees the call answered also sees its effects.
    call.status = reply.status;
    this.calls.push(call);
    if (reply.status === 429) this.rateLimited.push(call);
    if (reply.body === undefined) res.writeHead(reply.status, headers).end();
    else res.writeHead(reply.status, { ...headers, "Content-Type": "application/json" }).end(JSON.stringify(reply.body));
    reply.after?.();
  }

  private async answer(call: DiscordCall, parsed: { body: Json; files: FakeFile[] }): Promise<{ reply: Reply; headers: Record<string, string> }> {
    const found = this.findRoute(call.method, call.path);
    if (!found) return { reply: { status: 404, body: { message: "404: Not Found", code: 0 } }, headers: {} };
    if (found === "method") return { reply: { status: 405, body: { message: "405: Method Not Allowed", code: 0 } }, headers: {} };
    const { route, params } = found;
    const isBot = call.auth === `Bot ${this.token}`;
    if (route.auth && !isBot) return { reply: { status: 401, body: { message: "401: Unauthorized", code: 0 } }, headers: {} };

    const now = Date.now();
    const bucket = this.bucketFor(route, params, now);
    // Interaction endpoints are not bound by the global limit (Discord's docs); webhooks carry no bot token.
    const window = isBot && !route.pattern.startsWith("/interactions/") ? this.globalWindowAt(call.at) : undefined;

    const forced = takeRule(this.limitRules, call.method, call.path);
    if (forced) return this.forced429(forced, bucket, now);
    if (window) {
      if (now < this.globalBlockedUntil) return this.global429((this.globalBlockedUntil - now) / 1000);
      if (window.served >= (this.options.globalPerSecond ?? 50)) return this.global429((window.start + GLOBAL_WINDOW_MS - now) / 1000);
    }
    if (bucket.count >= bucket.limit) return this.bucket429(bucket, now, "user", undefined);
    if (window) window.served += 1;
    bucket.count += 1;

    const delay = takeRule(this.delayRules, call.method, call.path);
    if (delay !== undefined) await sleep(delay, undefined, { signal: this.closing.signal }).catch(() => undefined);

    const reply = await route.handler({ method: call.method, path: call.path, params, query: call.query, body: parsed.body, files: parsed.files });
    return { reply, headers: bucketHeaders(bucket, Date.now()) };
  }

  private findRoute(method: string, path: string): { route: Route; params: Params } | "method" | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      const params: Params = {};
      route.keys.forEach((key, i) => (params[key] = m[i + 1] as string));
      return { route, params };
    }
    return pathMatched ? "method" : undefined;
  }

  private globalWindowAt(at: number): { start: number; served: number; arrivals: number } {
    if (at >= this.globalWindow.start + GLOBAL_WINDOW_MS - GLOBAL_SLACK_MS) this.globalWindow = { start: at, served: 0, arrivals: 0 };
    this.globalWindow.arrivals += 1;
    this.busiestGlobalWindow = Math.max(this.busiestGlobalWindow, this.globalWindow.arrivals);
    return this.globalWindow;
  }

  private bucketFor(route: Route, params: Params, now: number): Bucket {
    // Discord buckets per route and per major parameter (channel, guild, webhook/interaction token).
    const major = params.channel ?? params.guild ?? params.token ?? "global";
    const key = `${route.hash}:${major}`;
    const limit = this.routeLimits.get(`${route.method} ${route.pattern}`) ?? this.options.defaultRouteLimit ?? { limit: 50, windowMs: 1000 };
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { hash: route.hash, limit: limit.limit, windowMs: limit.windowMs, count: 0, resetAt: 0 };
      this.buckets.set(key, bucket);
    }
    if (now >= bucket.resetAt) {
      bucket.limit = limit.limit;
      bucket.windowMs = limit.windowMs;
      bucket.count = 0;
      bucket.resetAt = now + limit.windowMs;
    }
    return bucket;
  }

  private forced429(rule: { retryAfter: number; global?: boolean; scope?: "user" | "global" | "shared"; code?: number }, bucket: Bucket, now: number): { reply: Reply; headers: Record<string, string> } {
    const retryMs = rule.retryAfter * 1000;
    if (rule.global || rule.scope === "global") {
      this.globalBlockedUntil = now + retryMs;
      return this.global429(rule.retryAfter, rule.code);
    }
    if (rule.scope === "shared") {
      // A shared resource's limit: the bot's own bucket is untouched.
      const shadow = { ...bucket, count: bucket.limit, resetAt: now + retryMs };
      return this.bucket429(shadow, now, "shared", rule.code);
    }
    bucket.count = bucket.limit;
    bucket.resetAt = now + retryMs;
    return this.bucket429(bucket, now, "user", rule.code);
  }

  private bucket429(bucket: Bucket, now: number, scope: "user" | "shared", code: number | undefined): { reply: Reply; headers: Record<string, string> } {
    const retryAfter = Math.max(0.001, (bucket.resetAt - now) / 1000);
    return {
      reply: { status: 429, body: { message: "You are being rate limited.", retry_after: round3(retryAfter), global: false, ...(code !== undefined ? { code } : {}) } },
      // Retry-After is whole seconds (rounded up); the body and X-RateLimit-Reset-After carry the precise value.
      headers: { ...bucketHeaders({ ...bucket, count: bucket.limit }, now), "Retry-After": String(Math.ceil(retryAfter)), "X-RateLimit-Scope": scope },
    };
  }

  private global429(retryAfter: number, code?: number): { reply: Reply; headers: Record<string, string> } {
    const seconds = Math.max(0.001, retryAfter);
    return {
      reply: { status: 429, body: { message: "You are being rate limited.", retry_after: round3(seconds), global: true, ...(code !== undefined ? { code } : {}) } },
      headers: { "Retry-After": String(Math.ceil(seconds)), "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global" },
    };
  }

  private buildRoutes(): Route[] {
    const route = (method: string, pattern: string, auth: boolean, handler: Route["handler"]): Route => {
      const keys: string[] = [];
      const source = pattern
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        .replace(/:(\w+)/g, (_m, key: string) => {
          keys.push(key);
          return "([^/]+)";
        });
      const hash = createHash("md5").update(`${method} ${pattern}`).digest("hex");
      return { method, pattern, regex: new RegExp(`^${source}$`), keys, auth, hash, handler };
    };
    return [
      route("GET", "/gateway", false, () => ok({ url: this.gatewayUrl })),
      route("GET", "/gateway/bot", true, () =>
        ok({ url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000 - this.identifyCount, reset_after: 14_400_000, max_concurrency: 1 } }),
      ),
      route("GET", "/users/@me", true, () => ok({ ...this.userJson(this.botUser), verified: true, mfa_enabled: false, email: null, locale: "en-US" })),
      route("POST", "/users/@me/channels", true, (r) => this.openDm(r)),
      route("GET", "/users/:user", true, (r) => {
        const user = this.users.get(r.params.user as string);
        return user ? ok(this.userJson(user)) : fail(404, 10013, "Unknown User");
      }),
      route("GET", "/applications/@me", true, () => ok(this.applicationJson())),
      route("GET", "/applications/:app/commands", true, (r) => this.listCommands(r, "global")),
      route("PUT", "/applications/:app/commands", true, (r) => this.overwriteCommands(r, "global")),
      route("GET", "/applications/:app/guilds/:guild/commands", true, (r) => this.listCommands(r, r.params.guild as string)),
      route("PUT", "/applications/:app/guilds/:guild/commands", true, (r) => this.overwriteCommands(r, r.params.guild as string)),
      route("GET", "/channels/:channel", true, (r) => {
        const channel = this.channels.get(r.params.channel as string);
        return channel ? ok(this.channelJson(channel)) : fail(404, 10003, "Unknown Channel");
      }),
      route("POST", "/channels/:channel/messages", true, (r) => this.postChannelMessage(r)),
      route("GET", "/channels/:channel/messages/:message", true, (r) => {
        const message = this.channelMessage(r.params.channel as string, r.params.message as string);
        return message ? ok(this.messageJson(message)) : fail(404, 10008, "Unknown Message");
      }),
      route("PATCH", "/channels/:channel/messages/:message", true, (r) => this.editChannelMessage(r)),
      route("DELETE", "/channels/:channel/messages/:message", true, (r) => {
        const message = this.channelMessage(r.params.channel as string, r.params.message as string);
        if (!message) return fail(404, 10008, "Unknown Message");
        if (message.author.id !== this.botUser.id && !message.guild_id) return fail(403, 50003, "Cannot execute action on a DM channel");
        this.messages.delete(message.id);
        return { status: 204 };
      }),
      route("PUT", "/channels/:channel/messages/:message/reactions/:emoji/@me", true, (r) => this.reactionAck(r)),
      route("DELETE", "/channels/:channel/messages/:message/reactions/:emoji/@me", true, (r) => this.reactionAck(r)),
      route("POST", "/channels/:channel/typing", true, (r) => (this.channels.has(r.params.channel as string) ? { status: 204 } : fail(404, 10003, "Unknown Channel"))),
      route("GET", "/guilds/:guild", true, (r) => {
        const guild = this.guilds.find((g) => g.id === r.params.guild);
        return guild ? ok(this.guildJson(guild)) : fail(404, 10004, "Unknown Guild");
      }),
      route("GET", "/guilds/:guild/members/:user", true, (r) => {
        if (!this.guilds.some((g) => g.id === r.params.guild)) return fail(404, 10004, "Unknown Guild");
        const user = this.users.get(r.params.user as string);
        return user ? ok(this.memberJson(user)) : fail(404, 10007, "Unknown Member");
      }),
      route("POST", "/interactions/:interaction/:token/callback", false, (r) => this.interactionCallback(r)),
      route("POST", "/webhooks/:app/:token", false, (r) => this.webhookSend(r)),
      route("GET", "/webhooks/:app/:token/messages/:message", false, (r) => {
        const found = this.webhookMessage(r);
        return "status" in found ? found : ok(this.messageJson(found));
      }),
      route("PATCH", "/webhooks/:app/:token/messages/:message", false, (r) => this.webhookEdit(r)),
      route("DELETE", "/webhooks/:app/:token/messages/:message", false, (r) => {
        const found = this.webhookMessage(r);
        if ("status" in found) return found;
        this.messages.delete(found.id);
        return { status: 204 };
      }),
    ];
  }

  private openDm(r: RestRequest): Reply {
    const recipientId = isRecord(r.body) ? String(r.body.recipient_id ?? "") : "";
    if (!this.users.has(recipientId)) return fail(400, 50033, "Invalid Recipient(s)");
    return ok(this.channelJson(this.channels.get(this.dmChannelOf(recipientId)) as Channel));
  }

  private postChannelMessage(r: RestRequest): Reply {
    const channel = this.channels.get(r.params.channel as string);
    if (!channel) return fail(404, 10003, "Unknown Channel");
    if (channel.type === 1 && this.users.get(channel.recipientId ?? "")?.dmsDisabled) return fail(403, 50007, "Cannot send messages to this user");
    const payload = isRecord(r.body) ? r.body : {};
    const problem = messageProblem(payload, r.files, { creating: true });
    if (problem) return problem;
    const message = this.storeBotMessage(channel.id, payload, r.files, {});
    return { ...ok(this.messageJson(message)), after: () => this.echo("MESSAGE_CREATE", message) };
  }

  private editChannelMessage(r: RestRequest): Reply {
    const message = this.channelMessage(r.params.channel as string, r.params.message as string);
    if (!message) return fail(404, 10008, "Unknown Message");
    if (message.author.id !== this.botUser.id) return fail(403, 50005, "Cannot edit a message authored by another user");
    return this.applyEdit(message, r);
  }

  private reactionAck(r: RestRequest): Reply {
    if (!this.channels.has(r.params.channel as string)) return fail(404, 10003, "Unknown Channel");
    if (!this.channelMessage(r.params.channel as string, r.params.message as string)) return fail(404, 10008, "Unknown Message");
    return { status: 204 };
  }

  private channelMessage(channelId: string, messageId: string): FakeMessage | undefined {
    const message = this.messages.get(messageId);
    // Ephemeral messages exist only for their user; the channel API cannot see them.
    return message && message.channel_id === channelId && !(message.flags & MESSAGE_FLAG_EPHEMERAL) ? message : undefined;
  }

  private applyEdit(message: FakeMessage, r: RestRequest): Reply {
    const payload = isRecord(r.body) ? r.body : {};
    const problem = messageProblem(payload, r.files, { creating: false });
    if (problem) return problem;
    const next: FakeMessage = { ...message };
    if ("content" in payload) next.content = typeof payload.content === "string" ? payload.content : "";
    if ("embeds" in payload) next.embeds = Array.isArray(payload.embeds) ? payload.embeds : [];
    if ("components" in payload) next.components = Array.isArray(payload.components) ? payload.components : [];
    if ("allowed_mentions" in payload) next.allowed_mentions = payload.allowed_mentions;
    if ("attachments" in payload || r.files.length) {
      const kept = Array.isArray(payload.attachments)
        ? message.attachments.filter((a) => (payload.attachments as Json[]).some((p) => isRecord(p) && String(p.id) === String(a.id)))
        : message.attachments;
      const added = this.attachmentsFor(message.channel_id, payload, r.files);
      next.attachments = [...kept, ...added.attachments];
      next.files = [...message.files.filter((f) => kept.some((a) => a.filename === f.filename)), ...added.files];
    }
    // The first edit of a deferred response replaces its "thinking…" state.
    next.flags = message.flags & ~MESSAGE_FLAG_LOADING;
    if (!next.content && !next.embeds.length && !next.components.length && !next.attachments.length) return fail(400, 50006, "Cannot send an empty message");
    next.edited_timestamp = new Date().toISOString();
    Object.assign(next, this.mentionsOf(next.content, next.allowed_mentions));
    this.messages.set(next.id, next);
    return { ...ok(this.messageJson(next)), after: () => this.echo("MESSAGE_UPDATE", next) };
  }

  private interactionCallback(r: RestRequest): Reply {
    const record = this.interactions.get(r.params.interaction as string);
    if (!record || record.token !== r.params.token) return fail(404, 10062, "Unknown interaction");
    const now = Date.now();
    if (now - (record.dispatchedAt ?? record.builtAt) > (this.options.interactionDeadlineMs ?? 3000)) return fail(404, 10062, "Unknown interaction");
    if (record.callback) return fail(400, 40060, "Interaction has already been acknowledged.");
    const body = isRecord(r.body) ? r.body : {};
    const type = Number(body.type);
    const data = isRecord(body.data) ? body.data : undefined;
    const allowed = ALLOWED_CALLBACKS[record.type] ?? [];
    const fromMessage = Boolean(record.messageId);
    if (!allowed.includes(type) || (record.type === 5 && (type === 6 || type === 7) && !fromMessage)) {
      return formError([["type"], "BASE_TYPE_CHOICES", `Value must be one of {${allowed.join(", ")}}.`]);
    }
    const problem =
      type === 4 ? messageProblem(data ?? {}, r.files, { creating: true })
      : type === 5 || type === 6 ? undefined
      : type === 7 ? messageProblem(data ?? {}, r.files, { creating: false })
      : type === 8 ? autocompleteProblem(data)
      : type === 9 ? modalProblem(data)
      : undefined;
    if (problem) return problem;

    let message: FakeMessage | undefined;
    let after: (() => void) | undefined;
    if (type === 4 || type === 5) {
      const flags = Number(data?.flags ?? 0) & MESSAGE_FLAG_EPHEMERAL;
      const payload = type === 4 ? (data ?? {}) : { flags: flags | MESSAGE_FLAG_LOADING };
      message = this.storeBotMessage(record.channelId, payload, r.files, { interaction: record });
      record.originalId = message.id;
      const created = message;
      after = () => this.echo("MESSAGE_CREATE", created);
    } else if (type === 6 || type === 7) {
      record.originalId = record.messageId;
      message = this.messages.get(record.messageId as string);
      if (type === 7 && message) {
        const edited = this.applyEdit(message, { ...r, body: data ?? {} });
        if (edited.status !== 200) return edited;
        message = this.messages.get(message.id);
        after = edited.after;
      }
    } else if (type === 9) {
      this.modals.push(data);
    }
    record.callback = { type, data: r.files.length ? { ...data, files: r.files } : data, at: now };
    const effects = after;
    // interact() resolves once the call is recorded, so the test sees it in calls too.
    after = () => {
      for (const wake of this.callbackWaiters.get(record.id) ?? []) wake();
      this.callbackWaiters.delete(record.id);
      effects?.();
    };

    if (r.query.with_response !== "true") return { status: 204, after };
    const response = {
      interaction: {
        id: record.id,
        type: record.type,
        ...(message
          ? { response_message_id: message.id, response_message_loading: type === 5, response_message_ephemeral: Boolean(message.flags & MESSAGE_FLAG_EPHEMERAL) }
          : {}),
      },
      resource: { type, ...(message ? { message: this.messageJson(message) } : {}) },
    };
    return { status: 200, body: response, after };
  }

  /** The interaction behind a webhook route, or Discord's error: its token is valid only once the interaction is acknowledged. */
  private webhookInteraction(r: RestRequest): InteractionRecord | Reply {
    const record = this.interactionsByToken.get(r.params.token as string);
    if (r.params.app !== this.applicationId || !record?.callback) return fail(404, 10015, "Unknown Webhook");
    return record;
  }

  private webhookMessage(r: RestRequest): FakeMessage | Reply {
    const record = this.webhookInteraction(r);
    if ("status" in record) return record;
    const id = r.params.message === "@original" ? record.originalId : record.followUpIds.find((f) => f === r.params.message);
    const message = id ? this.messages.get(id) : undefined;
    return message ?? fail(404, 10008, "Unknown Message");
  }

  private webhookSend(r: RestRequest): Reply {
    const record = this.webhookInteraction(r);
    if ("status" in record) return record;
    const payload = isRecord(r.body) ? r.body : {};
    const problem = messageProblem(payload, r.files, { creating: true });
    if (problem) return problem;
    const message = this.storeBotMessage(record.channelId, payload, r.files, { interaction: record });
    record.followUpIds.push(message.id);
    const after = () => this.echo("MESSAGE_CREATE", message);
    return r.query.wait === "true" ? { ...ok(this.messageJson(message)), after } : { status: 204, after };
  }

  private webhookEdit(r: RestRequest): Reply {
    const found = this.webhookMessage(r);
    return "status" in found ? found : this.applyEdit(found, r);
  }

  private listCommands(r: RestRequest, scope: string): Reply {
    if (r.params.app !== this.applicationId) return fail(403, 50001, "Missing Access");
    if (scope !== "global" && !this.guilds.some((g) => g.id === scope)) return fail(404, 10004, "Unknown Guild");
    return ok(this.commands.get(scope) ?? []);
  }

  private overwriteCommands(r: RestRequest, scope: string): Reply {
    if (r.params.app !== this.applicationId) return fail(403, 50001, "Missing Access");
    if (scope !== "global" && !this.guilds.some((g) => g.id === scope)) return fail(404, 10004, "Unknown Guild");
    const problem = commandsProblem(r.body);
    if (problem) return problem;
    const previous = this.commands.get(scope) ?? [];
    const stored = (r.body as Json[]).map((c) => {
      const type = c.type ?? 1;
      const existing = previous.find((p) => p.name === c.name && p.type === type);
      return {
        id: existing?.id ?? snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
        default_member_permissions: c.default_member_permissions ?? null,
        type,
        name: c.name,
        name_localizations: c.name_localizations ?? null,
        description: c.description ?? "",
        description_localizations: c.description_localizations ?? null,
        ...(c.options ? { options: c.options } : {}),
        ...(c.dm_permission !== undefined ? { dm_permission: c.dm_permission } : {}),
        contexts: c.contexts ?? null,
        integration_types: c.integration_types ?? [0],
        nsfw: c.nsfw ?? false,
        ...(scope !== "global" ? { guild_id: scope } : {}),
      };
    });
    this.commands.set(scope, stored);
    return ok(stored);
  }

  // ---- Messages --------------------------------------------------------------------------------

  private storeBotMessage(channelId: string, payload: Json, files: FakeFile[], o: { interaction?: InteractionRecord }): FakeMessage {
    const message = this.newMessage(channelId, this.botUser, payload, files, {});
    if (o.interaction) {
      const record = o.interaction;
      message.webhook_id = this.applicationId;
      // Replies to slash commands are CHAT_INPUT_COMMAND messages; replies to components are DEFAULT.
      message.type = record.type === 2 ? 20 : 0;
      message.interaction_metadata = {
        id: record.id,
        type: record.type,
        user: this.userJson(this.users.get(record.userId) ?? { id: record.userId, username: "unknown" }),
        authorizing_integration_owners: { "0": record.guildId ?? "0" },
        ...(record.messageId ? { interacted_message_id: record.messageId } : {}),
      };
    }
    this.messages.set(message.id, message);
    const channel = this.channels.get(channelId);
    if (channel && !(message.flags & MESSAGE_FLAG_EPHEMERAL)) channel.lastMessageId = message.id;
    return message;
  }

  private newMessage(channelId: string, author: FakeUser, payload: Json, files: FakeFile[], o: { id?: string }): FakeMessage {
    const channel = this.channels.get(channelId);
    const { attachments, files: stored } = this.attachmentsFor(channelId, payload, files);
    const content = typeof payload.content === "string" ? payload.content : "";
    return {
      id: o.id ?? snowflake(),
      channel_id: channelId,
      ...(channel?.guildId ? { guild_id: channel.guildId } : {}),
      author,
      content,
      embeds: Array.isArray(payload.embeds) ? payload.embeds : [],
      components: Array.isArray(payload.components) ? payload.components : [],
      ...(payload.allowed_mentions !== undefined ? { allowed_mentions: payload.allowed_mentions } : {}),
      flags: Number(payload.flags ?? 0),
      attachments,
      files: stored,
      ...this.mentionsOf(content, payload.allowed_mentions),
      type: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
  }

  /** Attachment objects for uploaded files: payload.attachments[i].id names the files[i] part, as discord.js sends it. */
  private attachmentsFor(channelId: string, payload: Json, files: FakeFile[]): { attachments: Json[]; files: FakeMessage["files"] } {
    const declared: Json[] = Array.isArray(payload.attachments) ? payload.attachments : [];
    const attachments = files.map((file, index) => {
      const id = snowflake();
      const key = /\[(\d+)\]$/.exec(file.name)?.[1] ?? String(index);
      const meta = declared.find((a) => isRecord(a) && String(a.id) === key) ?? {};
      const filename = meta.filename ?? file.filename;
      return {
        id,
        filename,
        ...(meta.description ? { description: meta.description } : {}),
        ...(file.contentType ? { content_type: file.contentType } : {}),
        size: file.content.length,
        url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`,
        proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`,
      };
    });
    return { attachments, files: files.map((f) => ({ filename: f.filename, content: f.content, ...(f.contentType ? { contentType: f.contentType } : {}) })) };
  }

  /** Who Discord would notify: <@id> mentions and @everyone/@here, as allowed_mentions permits (bots may mention everything by default). */
  private mentionsOf(content: string, allowed: Json): { mentions: FakeUser[]; mention_everyone: boolean } {
    const parse: string[] | undefined = isRecord(allowed) && Array.isArray(allowed.parse) ? allowed.parse : undefined;
    const listed: string[] = isRecord(allowed) && Array.isArray(allowed.users) ? allowed.users.map(String) : [];
    const everyAllowed = !isRecord(allowed) || (parse?.includes("everyone") ?? false);
    const usersAllowed = (id: string) => !isRecord(allowed) || (parse?.includes("users") ?? false) || listed.includes(id);
    const ids = [...new Set([...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1] as string))];
    return {
      mentions: ids.filter(usersAllowed).map((id) => this.users.get(id) ?? { id, username: `user${id.slice(-4)}` }),
      mention_everyone: everyAllowed && /@(everyone|here)\b/.test(content),
    };
  }

  private componentMessage(channelId: string, guildId: string | undefined, messageId: string): FakeMessage {
    const existing = this.messages.get(messageId);
    if (existing) return existing;
    // A message from before this fake existed (e.g. a prompt sent by an earlier run): a bot message stub.
    this.ensureChannel(channelId, guildId, undefined);
    const stub = this.newMessage(channelId, this.botUser, { content: "" }, [], { id: messageId });
    stub.seeded = true;
    this.messages.set(stub.id, stub);
    return stub;
  }

  private echo(t: "MESSAGE_CREATE" | "MESSAGE_UPDATE", message: FakeMessage): void {
    if (this.options.echoBotMessages === false || !this.session || message.flags & MESSAGE_FLAG_EPHEMERAL) return;
    void this.dispatch(t, this.messageEvent(message));
  }

  private messageEvent(message: FakeMessage): Json {
    const channel = this.channels.get(message.channel_id);
    return {
      ...this.messageJson(message),
      channel_type: channel?.type ?? 0,
      mentions: message.mentions.map((u) => ({ ...this.userJson(u), ...(message.guild_id ? { member: withoutUser(this.memberJson(u)) } : {}) })),
      ...(message.guild_id ? { guild_id: message.guild_id, member: withoutUser(this.memberJson(message.author)) } : {}),
    };
  }

  messageJson(m: FakeMessage): Json {
    return {
      id: m.id,
      channel_id: m.channel_id,
      ...(m.guild_id ? { guild_id: m.guild_id } : {}),
      author: this.userJson(m.author),
      content: m.content,
      timestamp: m.timestamp,
      edited_timestamp: m.edited_timestamp,
      tts: false,
      mention_everyone: m.mention_everyone,
      mentions: m.mentions.map((u) => this.userJson(u)),
      mention_roles: [],
      attachments: m.attachments,
      embeds: m.embeds,
      pinned: false,
      type: m.type,
      flags: m.flags,
      components: m.components,
      ...(m.webhook_id ? { webhook_id: m.webhook_id, application_id: this.applicationId } : {}),
      ...(m.interaction_metadata ? { interaction_metadata: m.interaction_metadata } : {}),
    };
  }

  // ---- Payload pieces ----------------------------------------------------------------------------

  userJson(u: FakeUser): Json {
    return {
      id: u.id,
      username: u.username,
      // Bots keep a discriminator; people migrated to unique usernames ("0").
      discriminator: u.bot ? "6543" : "0",
      global_name: u.global_name ?? null,
      avatar: null,
      ...(u.bot ? { bot: true } : {}),
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      collectibles: null,
      primary_guild: null,
    };
  }

  memberJson(u: FakeUser): Json {
    return {
      user: this.userJson(u),
      nick: null,
      avatar: null,
      banner: null,
      roles: [],
      joined_at: "2024-01-15T10:00:00.000000+00:00",
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  private channelJson(c: Channel, extra: Record<string, unknown> = {}): Json {
    if (c.type === 1) {
      const recipient = this.users.get(c.recipientId ?? "") ?? { id: c.recipientId ?? "0", username: "unknown" };
      return { id: c.id, type: 1, last_message_id: c.lastMessageId, flags: 0, recipients: [this.userJson(recipient)], ...extra };
    }
    return {
      id: c.id,
      type: 0,
      guild_id: c.guildId,
      name: c.name ?? "general",
      position: 0,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      topic: null,
      last_message_id: c.lastMessageId,
      rate_limit_per_user: 0,
      flags: 0,
      ...extra,
    };
  }

  private applicationJson(): Json {
    return {
      id: this.applicationId,
      name: "Mutual",
      icon: null,
      description: "",
      summary: "",
      type: null,
      bot: this.userJson(this.botUser),
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: createHash("sha256").update(this.applicationId).digest("hex"),
      flags: 0,
      team: null,
      owner: this.userJson({ id: this.ownerId, username: "owner" }),
      approximate_guild_count: this.guilds.length,
      redirect_uris: [],
      interactions_endpoint_url: null,
      integration_types_config: { "0": {} },
    };
  }

  private guildJson(guild: { id: string; name: string }): Json {
    const channelId = this.textChannelOf(guild.id);
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: this.ownerId,
      application_id: null,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      nsfw: false,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: "en-US",
      system_channel_id: channelId,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      max_members: 500000,
      max_presences: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      features: [],
      roles: [
        { id: guild.id, name: "@everyone", color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: MEMBER_PERMISSIONS, managed: false, mentionable: false, flags: 0 },
      ],
      emojis: [],
      stickers: [],
      incidents_data: null,
    };
  }

  /** GUILD_CREATE: the guild plus the gateway-only fields discord.js reads (channels, members, counts…). */
  private guildCreateJson(guild: { id: string; name: string }): Json {
    const { guild_id: _g, ...channel } = this.channelJson(this.channels.get(this.textChannelOf(guild.id)) as Channel);
    return {
      ...this.guildJson(guild),
      joined_at: "2024-01-15T10:00:00.000000+00:00",
      large: false,
      unavailable: false,
      member_count: 1 + [...this.users.values()].filter((u) => !u.bot).length,
      voice_states: [],
      members: [this.memberJson(this.botUser)],
      channels: [channel],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      lazy: true,
    };
  }

  private ensureChannel(channelId: string, guildId: string | undefined, dmUserId: string | undefined): void {
    if (this.channels.has(channelId)) return;
    if (guildId) {
      this.channels.set(channelId, { id: channelId, type: 0, guildId, name: "general", lastMessageId: null });
      return;
    }
    this.channels.set(channelId, { id: channelId, type: 1, recipientId: dmUserId, lastMessageId: null });
    if (dmUserId && !this.dmChannels.has(dmUserId)) this.dmChannels.set(dmUserId, channelId);
  }

  private interactionBase(type: number, o: InteractionOptionsBase): { payload: Json; record: InteractionRecord } {
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${Buffer.from(`${id}:${randomBytes(24).toString("hex")}`).toString("base64url")}`;
    const channelId = o.channelId ?? (o.guildId ? this.textChannelOf(o.guildId) : this.dmChannelOf(o.user.id));
    this.ensureChannel(channelId, o.guildId, o.user.id);
    if (!this.users.has(o.user.id)) this.addUser(o.user);
    const channel = this.channels.get(channelId) as Channel;
    const payload = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      app_permissions: MEMBER_PERMISSIONS,
      locale: o.user.locale ?? "en-US",
      entitlements: [],
      // Guild install; "0" stands for the bot's own DM.
      authorizing_integration_owners: { "0": o.guildId ?? "0" },
      context: o.guildId ? 0 : 1,
      attachment_size_limit: 10_485_760,
      channel: this.channelJson(channel, o.guildId ? { permissions: o.user.permissions ?? MEMBER_PERMISSIONS } : {}),
      channel_id: channelId,
      ...(o.guildId
        ? {
            guild_id: o.guildId,
            guild: { id: o.guildId, locale: "en-US", features: [] },
            guild_locale: "en-US",
            member: { ...this.memberJson(o.user), permissions: o.user.permissions ?? MEMBER_PERMISSIONS },
          }
        : { user: this.userJson(o.user) }),
    };
    const record: InteractionRecord = { id, token, type, channelId, guildId: o.guildId, userId: o.user.id, builtAt: Date.now(), followUpIds: [] };
    this.interactions.set(id, record);
    this.interactionsByToken.set(token, record);
    return { payload, record };
  }

  /** Registers an interaction payload built elsewhere, so its callback is accepted. */
  private adoptInteraction(d: Json): InteractionRecord {
    const record: InteractionRecord = {
      id: String(d.id),
      token: String(d.token),
      type: Number(d.type),
      channelId: String(d.channel?.id ?? d.channel_id),
      guildId: d.guild_id,
      userId: String(d.member?.user?.id ?? d.user?.id),
      builtAt: Date.now(),
      messageId: d.message?.id,
      followUpIds: [],
    };
    this.interactions.set(record.id, record);
    this.interactionsByToken.set(record.token, record);
    return record;
  }

  private commandInteraction(type: 2 | 4, o: ChatInputOptions): Json {
    const { payload } = this.interactionBase(type, o);
    const registered = [...(o.guildId ? this.registeredCommands(o.guildId) : []), ...this.registeredCommands()].find((c) => c.name === o.name && c.type === 1);
    const data = {
      id: registered?.id ?? snowflake(),
      name: o.name,
      type: 1,
      ...(o.options?.length ? { options: o.options } : {}),
      ...(o.resolved ? { resolved: o.resolved } : {}),
      ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    };
    return { ...payload, data };
  }

  private withoutPrivilegedContent(session: Session, t: string, d: unknown): unknown {
    if ((t !== "MESSAGE_CREATE" && t !== "MESSAGE_UPDATE") || !isRecord(d) || !d.guild_id || session.intents & INTENT.MessageContent) return d;
    const authorId = isRecord(d.author) ? d.author.id : undefined;
    const mentionsBot = Array.isArray(d.mentions) && d.mentions.some((u) => isRecord(u) && u.id === this.botUser.id);
    if (authorId === this.botUser.id || mentionsBot) return d;
    const { poll: _poll, ...rest } = d;
    return { ...rest, content: "", embeds: [], attachments: [], components: [] };
  }

  // ---- Gateway internals -------------------------------------------------------------------------

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", this.url);
    if (url.pathname !== "/gateway" && url.pathname !== "/gateway/") {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new Connection(ws, url.searchParams.get("compress") === "zlib-stream");
      this.connections.add(conn);
      ws.on("close", () => {
        this.connections.delete(conn);
        if (this.session?.conn === conn) this.session.conn = undefined;
      });
      const version = url.searchParams.get("v");
      if (version !== null && version !== "10" && version !== "9") return void ws.close(4012, "Invalid API version");
      const encoding = url.searchParams.get("encoding");
      if (encoding !== null && encoding !== "json") return void ws.close(4002, "Error while decoding payload.");
      ws.on("message", (data, isBinary) => this.onGatewayMessage(conn, data.toString(), isBinary));
      void conn.send({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs, _trace: ['["gateway-fake",{"micros":0}]'] }, s: null, t: null });
    });
  }

  private onGatewayMessage(conn: Connection, text: string, isBinary: boolean): void {
    const payload = isBinary ? undefined : tryJson(text);
    if (!isRecord(payload) || typeof payload.op !== "number") return void conn.ws.close(4002, "Error while decoding payload.");
    const d = payload.d;
    switch (payload.op) {
      case 1:
        this.heartbeatCount += 1;
        void conn.send({ op: 11, d: null, s: null, t: null });
        return;
      case 2:
        return this.identify(conn, d);
      case 6:
        return this.resume(conn, d);
      case 3:
      case 4:
      case 8:
        // Presence, voice state, request members: accepted and ignored.
        if (!conn.authenticated) conn.ws.close(4003, "Not authenticated.");
        return;
      default:
        conn.ws.close(4001, "Unknown opcode.");
    }
  }

  private identify(conn: Connection, d: unknown): void {
    if (conn.authenticated) return void conn.ws.close(4005, "Already authenticated.");
    if (!isRecord(d) || d.token !== this.token) return void conn.ws.close(4004, "Authentication failed.");
    if (typeof d.intents !== "number") return void conn.ws.close(4013, "Invalid intent(s).");
    if (Array.isArray(d.shard) && d.shard[1] !== 1) return void conn.ws.close(4010, "Invalid shard.");
    conn.authenticated = true;
    this.identifyCount += 1;
    this.lastIdentify = d;
    this.sessionReady = false;
    const session: Session = { id: randomBytes(16).toString("hex"), seq: 0, log: [], conn, intents: d.intents };
    this.session = session;
    const ready = {
      v: 10,
      user_settings: {},
      user: { ...this.userJson(this.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["gateway-fake",{"micros":0}]'],
    };
    // All frames are queued synchronously so nothing a test dispatches meanwhile can overtake them.
    const sent = [this.sessionDispatch(session, "READY", ready), ...this.guilds.map((g) => this.sessionDispatch(session, "GUILD_CREATE", this.guildCreateJson(g)))];
    void Promise.all(sent).then(() => {
      if (this.session !== session) return;
      this.sessionReady = true;
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const wake of waiters) wake();
    });
  }

  private resume(conn: Connection, d: unknown): void {
    if (conn.authenticated) return void conn.ws.close(4005, "Already authenticated.");
    if (!isRecord(d) || d.token !== this.token) return void conn.ws.close(4004, "Authentication failed.");
    const session = this.session;
    if (!session || session.id !== d.session_id) {
      void conn.send({ op: 9, d: false, s: null, t: null });
      return;
    }
    conn.authenticated = true;
    this.resumeCount += 1;
    const previous = session.conn;
    session.conn = conn;
    if (previous && previous !== conn) previous.ws.terminate();
    const seq = typeof d.seq === "number" ? d.seq : 0;
    for (const frame of session.log) if (frame.s > seq) void conn.send(frame);
    // RESUMED takes a sequence number but is not replayed on a later resume.
    void conn.send({ op: 0, t: "RESUMED", s: ++session.seq, d: { _trace: ['["gateway-fake",{"micros":0}]'] } });
  }

  private sessionDispatch(session: Session, t: string, d: unknown): Promise<void> {
    const frame: Frame = { op: 0, t, s: ++session.seq, d };
    session.log.push(frame);
    const conn = session.conn;
    return conn?.open && conn.authenticated ? conn.send(frame) : Promise.resolve();
  }
}

/** One gateway socket; with ?compress=zlib-stream every frame goes through one shared zlib context, flushed per frame, as Discord does. */
class Connection {
  authenticated = false;
  private readonly deflate: Deflate | undefined;
  private pending: Buffer[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly ws: WebSocket,
    compress: boolean,
  ) {
    if (compress) {
      this.deflate = createDeflate();
      this.deflate.on("data", (chunk: Buffer) => this.pending.push(chunk));
    }
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(payload: unknown): Promise<void> {
    const text = JSON.stringify(payload);
    const deflate = this.deflate;
    if (!deflate) {
      return new Promise((resolve) => {
        if (!this.open) return resolve();
        this.ws.send(text, () => resolve());
      });
    }
    this.chain = this.chain.then(
      () =>
        new Promise<void>((resolve) => {
          deflate.write(text);
          deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
            const chunk = Buffer.concat(this.pending);
            this.pending = [];
            if (!this.open) return resolve();
            this.ws.send(chunk, { binary: true }, () => resolve());
          });
        }),
    );
    return this.chain;
  }
}

// ---- Validation: Discord's limits, answered with its error bodies ---------------------------------

type ErrorSpec = [Array<string | number>, string, string];

function formError(...specs: ErrorSpec[]): Reply {
  const errors: Record<string, Json> = {};
  for (const [path, code, message] of specs) {
    let node: Record<string, Json> = errors;
    for (const key of path) node = node[String(key)] ??= {};
    (node._errors ??= []).push({ code, message });
  }
  return { status: 400, body: { message: "Invalid Form Body", code: 50035, errors } };
}

function checkLength(specs: ErrorSpec[], path: Array<string | number>, value: unknown, max: number, min = 0): void {
  if (value === undefined || value === null) {
    if (min > 0) specs.push([path, "BASE_TYPE_REQUIRED", "This field is required"]);
    return;
  }
  const length = typeof value === "string" || Array.isArray(value) ? value.length : String(value).length;
  if (length > max || length < min) {
    specs.push(min > 0 ? [path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`] : [path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`]);
  }
}

/** Why Discord would refuse this message body (create or edit), or undefined. */
function messageProblem(p: Json, files: FakeFile[], o: { creating: boolean }): Reply | undefined {
  const specs: ErrorSpec[] = [];
  const flags = Number(p.flags ?? 0);
  const v2 = (flags & MESSAGE_FLAG_COMPONENTS_V2) !== 0;
  checkLength(specs, ["content"], p.content, 2000);
  if (v2 && (p.content || (Array.isArray(p.embeds) && p.embeds.length))) {
    specs.push([["content"], "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2", "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2"]);
  }
  if (Array.isArray(p.embeds)) {
    checkLength(specs, ["embeds"], p.embeds, 10);
    let total = 0;
    p.embeds.forEach((e: Json, i: number) => {
      if (!isRecord(e)) return;
      const at = (...rest: Array<string | number>) => ["embeds", i, ...rest];
      checkLength(specs, at("title"), e.title, 256);
      checkLength(specs, at("description"), e.description, 4096);
      checkLength(specs, at("footer", "text"), isRecord(e.footer) ? e.footer.text : undefined, 2048);
      checkLength(specs, at("author", "name"), isRecord(e.author) ? e.author.name : undefined, 256);
      total += strLen(e.title) + strLen(e.description) + strLen(isRecord(e.footer) ? e.footer.text : "") + strLen(isRecord(e.author) ? e.author.name : "");
      if (Array.isArray(e.fields)) {
        checkLength(specs, at("fields"), e.fields, 25);
        e.fields.forEach((f: Json, j: number) => {
          checkLength(specs, at("fields", j, "name"), f?.name, 256, 1);
          checkLength(specs, at("fields", j, "value"), f?.value, 1024, 1);
          total += strLen(f?.name) + strLen(f?.value);
        });
      }
    });
    if (total > 6000) specs.push([["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"]);
  }
  if (Array.isArray(p.components)) componentProblems(specs, p.components, v2);
  if (isRecord(p.allowed_mentions)) {
    const am = p.allowed_mentions;
    const parse: unknown[] = Array.isArray(am.parse) ? am.parse : [];
    parse.forEach((value, i) => {
      if (!["users", "roles", "everyone"].includes(String(value))) specs.push([["allowed_mentions", "parse", i], "BASE_TYPE_CHOICES", "Value must be one of ('users', 'roles', 'everyone')."]);
    });
    if (parse.includes("users") && Array.isArray(am.users) && am.users.length) {
      specs.push([["allowed_mentions"], "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", 'parse:["users"] and users: [ids...] are mutually exclusive.']);
    }
    if (parse.includes("roles") && Array.isArray(am.roles) && am.roles.length) {
      specs.push([["allowed_mentions"], "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", 'parse:["roles"] and roles: [ids...] are mutually exclusive.']);
    }
  }
  if (specs.length) return formError(...specs);
  const empty = !p.content && !(Array.isArray(p.embeds) && p.embeds.length) && !(Array.isArray(p.components) && p.components.length) && !files.length && !p.sticker_ids && !p.poll;
  if (o.creating && empty) return fail(400, 50006, "Cannot send an empty message");
  return undefined;
}

function componentProblems(specs: ErrorSpec[], components: Json[], v2: boolean): void {
  const seen = new Set<string>();
  const customId = (path: Array<string | number>, c: Json) => {
    checkLength(specs, [...path, "custom_id"], c.custom_id, 100, 1);
    if (typeof c.custom_id === "string") {
      if (seen.has(c.custom_id)) specs.push([[...path, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"]);
      seen.add(c.custom_id);
    }
  };
  const interactive = (path: Array<string | number>, c: Json, rowSize: number) => {
    if (c.type === 2) {
      if (c.style === 5) {
        if (!c.url) specs.push([[...path, "url"], "BASE_TYPE_REQUIRED", "This field is required"]);
      } else if (c.style !== 6) customId(path, c);
      checkLength(specs, [...path, "label"], c.label, 80);
      if (!c.label && !c.emoji && c.style !== 6) specs.push([path, "BUTTON_COMPONENT_INVALID", "Button must have a label or an emoji"]);
    } else if ([3, 5, 6, 7, 8].includes(c.type)) {
      if (rowSize > 1) specs.push([path, "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width"]);
      customId(path, c);
      checkLength(specs, [...path, "placeholder"], c.placeholder, 150);
      if (c.type === 3) {
        checkLength(specs, [...path, "options"], c.options, 25, 1);
        (Array.isArray(c.options) ? c.options : []).forEach((opt: Json, k: number) => {
          checkLength(specs, [...path, "options", k, "label"], opt?.label, 100, 1);
          checkLength(specs, [...path, "options", k, "value"], opt?.value, 100, 1);
          checkLength(specs, [...path, "options", k, "description"], opt?.description, 100);
        });
      }
    }
  };
  if (v2) {
    // Components V2 layouts: only the overall count and custom ids are checked here.
    let total = 0;
    const walk = (list: Json[], path: Array<string | number>) =>
      list.forEach((c, i) => {
        total += 1;
        if (!isRecord(c)) return;
        if (typeof c.custom_id === "string") customId([...path, i], c);
        if (Array.isArray(c.components)) walk(c.components, [...path, i, "components"]);
        if (isRecord(c.accessory)) walk([c.accessory], [...path, i, "accessory"]);
      });
    walk(components, ["components"]);
    if (total > 40) specs.push([["components"], "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in length."]);
    return;
  }
  checkLength(specs, ["components"], components, 5);
  components.forEach((row, i) => {
    if (!isRecord(row) || row.type !== 1) return void specs.push([["components", i, "type"], "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,)."]);
    const inner: Json[] = Array.isArray(row.components) ? row.components : [];
    checkLength(specs, ["components", i, "components"], inner, 5, 1);
    inner.forEach((c, j) => interactive(["components", i, "components", j], c, inner.length));
  });
}

function modalProblem(data: Json): Reply | undefined {
  const specs: ErrorSpec[] = [];
  if (!isRecord(data)) return formError([["data"], "BASE_TYPE_REQUIRED", "This field is required"]);
  checkLength(specs, ["data", "title"], data.title, 45, 1);
  checkLength(specs, ["data", "custom_id"], data.custom_id, 100, 1);
  const components: Json[] = Array.isArray(data.components) ? data.components : [];
  checkLength(specs, ["data", "components"], components, 5, 1);
  const textInput = (path: Array<string | number>, c: Json, inLabel: boolean) => {
    checkLength(specs, [...path, "custom_id"], c.custom_id, 100, 1);
    if (c.style !== 1 && c.style !== 2) specs.push([[...path, "style"], "BASE_TYPE_CHOICES", "Value must be one of (1, 2)."]);
    // In a Label the label is the Label's; a text input in an action row carries its own.
    if (inLabel) {
      if (c.label !== undefined) specs.push([[...path, "label"], "COMPONENT_FIELD_NOT_ALLOWED", "label is not allowed in a Label component's child"]);
    } else checkLength(specs, [...path, "label"], c.label, 45, 1);
    checkLength(specs, [...path, "value"], c.value, 4000);
    checkLength(specs, [...path, "placeholder"], c.placeholder, 100);
    if (c.max_length !== undefined && (c.max_length < 1 || c.max_length > 4000)) specs.push([[...path, "max_length"], "NUMBER_TYPE_MAX", "int value should be less than or equal to 4000."]);
  };
  components.forEach((c, i) => {
    const path = ["data", "components", i];
    if (!isRecord(c)) return;
    if (c.type === 1) {
      const inner: Json[] = Array.isArray(c.components) ? c.components : [];
      if (inner.length !== 1 || inner[0]?.type !== 4) specs.push([[...path, "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 1 in length."]);
      else textInput([...path, "components", 0], inner[0], false);
    } else if (c.type === 18) {
      checkLength(specs, [...path, "label"], c.label, 45, 1);
      checkLength(specs, [...path, "description"], c.description, 100);
      const inner = c.component;
      if (!isRecord(inner)) specs.push([[...path, "component"], "BASE_TYPE_REQUIRED", "This field is required"]);
      else if (inner.type === 4) textInput([...path, "component"], inner, true);
      else if (![3, 5, 6, 7, 8, 19].includes(inner.type as number)) specs.push([[...path, "component", "type"], "UNION_TYPE_CHOICES", "Invalid component type for a Label"]);
    } else if (c.type === 10) {
      checkLength(specs, [...path, "content"], c.content, 4000, 1);
    } else {
      specs.push([[...path, "type"], "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1, 10, 18)."]);
    }
  });
  return specs.length ? formError(...specs) : undefined;
}

function autocompleteProblem(data: Json): Reply | undefined {
  const specs: ErrorSpec[] = [];
  const choices: Json[] = isRecord(data) && Array.isArray(data.choices) ? data.choices : [];
  if (!isRecord(data) || !Array.isArray(data.choices)) specs.push([["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required"]);
  checkLength(specs, ["data", "choices"], choices, 25);
  choices.forEach((c, i) => {
    checkLength(specs, ["data", "choices", i, "name"], c?.name, 100, 1);
    if (typeof c?.value === "string") checkLength(specs, ["data", "choices", i, "value"], c.value, 100);
  });
  return specs.length ? formError(...specs) : undefined;
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Checks a bulk overwrite as Discord does: names, descriptions, localizations (real locale keys), option ordering and counts. */
function commandsProblem(body: Json): Reply | undefined {
  if (!Array.isArray(body)) return formError([[], "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType"]);
  const specs: ErrorSpec[] = [];
  const name = (path: Array<string | number>, value: unknown) => {
    if (typeof value !== "string" || !COMMAND_NAME.test(value) || value !== value.toLowerCase()) specs.push([path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"]);
  };
  const localizations = (path: Array<string | number>, map: unknown, check: (p: Array<string | number>, v: unknown) => void) => {
    if (!isRecord(map)) return;
    for (const [locale, value] of Object.entries(map)) {
      if (!DISCORD_LOCALES.has(locale)) specs.push([[...path, locale], "LOCALE_INVALID", `Invalid locale: ${locale}`]);
      else check([...path, locale], value);
    }
  };
  const describe = (path: Array<string | number>, thing: Json) => {
    checkLength(specs, [...path, "description"], thing.description, 100, 1);
    localizations([...path, "description_localizations"], thing.description_localizations, (p, v) => checkLength(specs, p, v, 100, 1));
  };
  const options = (path: Array<string | number>, list: unknown, depth: number) => {
    if (!Array.isArray(list)) return;
    checkLength(specs, path, list, 25);
    const names = new Set<string>();
    let optionalSeen = false;
    list.forEach((opt: Json, i: number) => {
      const at = [...path, i];
      if (!isRecord(opt)) return;
      name([...at, "name"], opt.name);
      localizations([...at, "name_localizations"], opt.name_localizations, (p, v) => name(p, v));
      describe(at, opt);
      if (names.has(String(opt.name))) specs.push([[...at, "name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique"]);
      names.add(String(opt.name));
      const type = Number(opt.type);
      if (!(type >= 1 && type <= 11)) specs.push([[...at, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}."]);
      if (type === 1 || type === 2) {
        if (depth >= (type === 2 ? 1 : 2)) specs.push([[...at, "type"], "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Subcommands cannot be nested this deep"]);
        if (type === 2 && Array.isArray(opt.options) && opt.options.some((o: Json) => o?.type !== 1)) specs.push([[...at, "options"], "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "A subcommand group may only contain subcommands"]);
        options([...at, "options"], opt.options, depth + 1);
        return;
      }
      if (opt.required) {
        if (optionalSeen) specs.push([[...at, "required"], "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options"]);
      } else optionalSeen = true;
      if (opt.autocomplete && Array.isArray(opt.choices) && opt.choices.length) specs.push([[...at, "autocomplete"], "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES", "Autocomplete cannot be set with choices"]);
      if (Array.isArray(opt.choices)) {
        checkLength(specs, [...at, "choices"], opt.choices, 25);
        opt.choices.forEach((c: Json, k: number) => {
          checkLength(specs, [...at, "choices", k, "name"], c?.name, 100, 1);
          localizations([...at, "choices", k, "name_localizations"], c?.name_localizations, (p, v) => checkLength(specs, p, v, 100, 1));
          if (typeof c?.value === "string") checkLength(specs, [...at, "choices", k, "value"], c.value, 100);
        });
      }
      if (opt.max_length !== undefined && (opt.max_length < 1 || opt.max_length > 6000)) specs.push([[...at, "max_length"], "NUMBER_TYPE_MAX", "int value should be less than or equal to 6000."]);
    });
  };
  const seen = new Set<string>();
  body.forEach((cmd: Json, i: number) => {
    if (!isRecord(cmd)) return;
    const type = Number(cmd.type ?? 1);
    if (type === 1) {
      name([i, "name"], cmd.name);
      localizations([i, "name_localizations"], cmd.name_localizations, (p, v) => name(p, v));
      describe([i], cmd);
      options([i, "options"], cmd.options, 0);
    } else checkLength(specs, [i, "name"], cmd.name, 32, 1);
    const key = `${type}:${String(cmd.name)}`;
    if (seen.has(key)) specs.push([[i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", `Application command names must be unique (${String(cmd.name)})`]);
    seen.add(key);
  });
  if (body.filter((c) => Number(c?.type ?? 1) === 1).length > 100) specs.push([[], "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."]);
  return specs.length ? formError(...specs) : undefined;
}

// ---- Internals -----------------------------------------------------------------------------------

/** Components of a modal submission, mirroring the modal the bot showed (if any) as Discord does. */
function modalSubmitComponents(modal: Json | undefined, fields: Record<string, string>): Json[] {
  if (!isRecord(modal) || !Array.isArray(modal.components)) {
    return Object.entries(fields).map(([custom_id, value], i) => ({ type: 1, id: 2 * i + 1, components: [{ type: 4, id: 2 * i + 2, custom_id, value }] }));
  }
  let nextId = 1;
  const known = new Set<string>();
  const field = (c: Json) => {
    const id = c.id ?? nextId;
    nextId = Math.max(nextId, id) + 1;
    known.add(String(c.custom_id));
    const value = fields[c.custom_id] ?? "";
    return c.type === 4 ? { type: 4, id, custom_id: c.custom_id, value } : { type: c.type, id, custom_id: c.custom_id, values: value ? [value] : [] };
  };
  const components = modal.components.map((c: Json) => {
    const id = c.id ?? nextId;
    nextId = Math.max(nextId, id) + 1;
    if (c.type === 1) return { type: 1, id, components: (c.components as Json[]).map(field) };
    if (c.type === 18) return { type: 18, id, component: field(c.component) };
    return { type: c.type, id };
  });
  const unknown = Object.keys(fields).filter((k) => !known.has(k));
  if (unknown.length) throw new Error(`FakeDiscord.modalSubmit: the modal "${String(modal.custom_id)}" the bot showed has no field ${unknown.join(", ")}`);
  return components;
}

function countFocused(options: Json[]): number {
  return options.reduce((n: number, o: Json) => n + (o?.focused === true ? 1 : 0) + (Array.isArray(o?.options) ? countFocused(o.options) : 0), 0);
}

/** The intent Discord requires before it sends this dispatch, if any. */
function requiredIntent(t: string, d: unknown): number | undefined {
  const inGuild = isRecord(d) && typeof d.guild_id === "string";
  if (/^MESSAGE_(CREATE|UPDATE|DELETE|DELETE_BULK)$/.test(t)) return inGuild ? INTENT.GuildMessages : INTENT.DirectMessages;
  if (t.startsWith("MESSAGE_REACTION_")) return inGuild ? INTENT.GuildMessageReactions : INTENT.DirectMessageReactions;
  if (t === "TYPING_START") return inGuild ? INTENT.GuildMessageTyping : INTENT.DirectMessageTyping;
  if (/^GUILD_MEMBER_(ADD|UPDATE|REMOVE)$/.test(t)) return INTENT.GuildMembers;
  if (t === "PRESENCE_UPDATE") return INTENT.GuildPresences;
  if (/^(GUILD_(CREATE|UPDATE|DELETE)|GUILD_ROLE_\w+|CHANNEL_(CREATE|UPDATE|DELETE)|THREAD_\w+)$/.test(t)) return INTENT.Guilds;
  return undefined;
}

function bucketHeaders(bucket: Bucket, now: number): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(bucket.limit),
    "X-RateLimit-Remaining": String(Math.max(0, bucket.limit - bucket.count)),
    "X-RateLimit-Reset": (bucket.resetAt / 1000).toFixed(3),
    "X-RateLimit-Reset-After": (Math.max(0, bucket.resetAt - now) / 1000).toFixed(3),
    "X-RateLimit-Bucket": bucket.hash,
  };
}

function takeRule<T>(rules: Array<Rule<T>>, method: string, path: string): T | undefined {
  const index = rules.findIndex((r) => matches(method, path, r.method, r.path));
  if (index < 0) return undefined;
  const [rule] = rules.splice(index, 1);
  return rule?.value;
}

function matches(method: string, path: string, wantMethod: string, wantPath: string | RegExp): boolean {
  return method.toUpperCase() === wantMethod.toUpperCase() && (typeof wantPath === "string" ? path === wantPath : wantPath.test(path));
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function fail(status: number, code: number, message: string): Reply {
  return { status, body: { message, code } };
}

function withoutUser(member: Json): Json {
  const { user: _user, ...rest } = member;
  return rest;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON bodies, or multipart/form-data with payload_json and files[n] parts as @discordjs/rest sends them. */
async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ body: Json; files: FakeFile[] }> {
  if (!raw.length) return { body: undefined, files: [] };
  if (contentType?.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "Content-Type": contentType } }).formData();
    let body: Json = {};
    const files: FakeFile[] = [];
    for (const [name, value] of form) {
      if (typeof value === "string") {
        if (name === "payload_json") body = JSON.parse(value);
        else body[name] = value;
      } else {
        files.push({ name, filename: value.name, ...(value.type ? { contentType: value.type } : {}), content: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString("utf8")), files: [] };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strLen(value: unknown): number {
  return typeof value === "string" ? value.length : 0;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
