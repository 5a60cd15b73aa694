// A fake Slack for tests: a local HTTP server that answers the Web API methods Mutual uses the way
// slack.com does for the real @slack/web-api WebClient (form-encoded POSTs, Bearer tokens, 429 with
// Retry-After, the three-step filesUploadV2 flow), a Socket Mode WebSocket endpoint for the real
// @slack/socket-mode client, response_url endpoints, and helpers that build signed requests with
// the payload shapes from Slack's docs to drive Bolt's HTTP receiver.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { WebSocketServer, type WebSocket } from "ws";

export interface SlackCall { method: string; args: Record<string, unknown>; token: string | undefined; status: number; at: number }
export interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  /** Defaults to name, as in Slack's users.info example; set "" to model a member who never chose one. */
  display_name?: string;
  tz?: string;
  locale?: string;
  is_bot?: boolean;
  /** The user's own team: another organisation's for a Slack Connect user in a shared channel (default: the fake's). */
  team_id?: string;
}
/**
 * The `team` an interaction payload carries: Slack's for the workspace it happened in (a Slack Connect
 * user's own, in a shared channel), or null as from an org-wide (Enterprise Grid) install.
 */
export type PayloadTeam = { id: string; domain: string } | null;
/** A message the app posted, as Slack now holds it (chat.update replaces text and blocks). */
export interface SlackMessage { channel: string; ts: string; text?: string; blocks?: unknown[]; ephemeralFor?: string }

type Args = Record<string, unknown>;
type Answer = Record<string, unknown>;
type EnvelopeType = "slash_commands" | "events_api" | "interactive";

/** Verification token Slack puts in payloads (deprecated, ignored by Bolt, but present in real payloads). */
const VERIFICATION_TOKEN = "fake-verification-token";
const APP_ID = "A0MUTUAL";
const TEAM_DOMAIN = "mutual-test";
/** Slack's own example zone; a non-UTC default catches code that silently assumes UTC. */
const DEFAULT_TZ = "America/Los_Angeles";
const DEFAULT_LOCALE = "en-US";
/** Arguments that are free text: never JSON-decode them, even if a user typed "[…]" or "{…}". */
const FREE_TEXT_ARGS = new Set(["text", "initial_comment", "title", "alt_text", "alt_txt", "filename", "private_metadata"]);

export class FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly teamId: string;
  readonly teamDomain = TEAM_DOMAIN;
  readonly appId = APP_ID;
  readonly botUserId: string;
  readonly botId: string;
  readonly signingSecret: string;
  readonly calls: SlackCall[] = [];
  readonly responses: Array<{ id: string; body: Record<string, unknown>; at: number }> = [];
  readonly files: Array<{ id: string; filename: string; title?: string; channelId?: string; initialComment?: string; content: Buffer }> = [];
  readonly users = new Map<string, SlackUser>();
  readonly messages: SlackMessage[] = [];
  /** Views by id, as views.open/push/update/publish returned them. */
  readonly views = new Map<string, Record<string, unknown>>();

  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly tickets = new Set<string>();
  private readonly pendingAcks = new Map<string, (ack: Record<string, unknown>) => void>();
  private readonly rateLimits = new Map<string, { retryAfterSeconds: number; remaining: number }>();
  private readonly delays = new Map<string, number[]>();
  private readonly uploads = new Map<string, { filename: string; content?: Buffer }>();
  private readonly homeViewIds = new Map<string, string>();
  private readonly closing = new AbortController();
  private sequence = 0;
  private openedSockets = 0;

  private constructor(server: Server, options: { teamId?: string; botUserId?: string; botId?: string; signingSecret?: string }) {
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    this.apiUrl = `${this.url}api/`;
    this.teamId = options.teamId ?? "T0MUTUAL";
    this.botUserId = options.botUserId ?? "UBOT";
    this.botId = options.botId ?? "B0MUTUAL";
    this.signingSecret = options.signingSecret ?? "test-signing-secret";
    server.on("request", (req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(String(error));
      });
    });
    server.on("upgrade", (req, socket, head) => this.upgrade(req, socket, head));
  }

  static async start(options: { teamId?: string; botUserId?: string; botId?: string; signingSecret?: string } = {}): Promise<FakeSlack> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    return new FakeSlack(server, options);
  }

  /** How many Socket Mode WebSocket connections were opened. */
  get socketConnections(): number {
    return this.openedSockets;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method && call.status === 200);
  }

  addUser(user: SlackUser): void {
    this.users.set(user.id, user);
  }

  rateLimitNext(method: string, retryAfterSeconds: number, count = 1): void {
    this.rateLimits.set(method, { retryAfterSeconds, remaining: count });
  }

  delayNext(method: string, ms: number): void {
    this.delays.set(method, [...(this.delays.get(method) ?? []), ms]);
  }

  responseUrl(id: string = randomBytes(6).toString("hex")): string {
    return `${this.url}respond/${id}`;
  }

  /** Resolves with predicate()'s first truthy value (polling every 10 ms); rejects after timeoutMs, listing the calls so far. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() >= deadline) {
        const seen = this.calls.map((c) => `  ${c.method} ${c.status} ${JSON.stringify(c.args).slice(0, 200)}`).join("\n") || "  (none)";
        throw new Error(`FakeSlack.waitFor timed out after ${timeoutMs} ms. Web API calls so far:\n${seen}`);
      }
      await sleep(10);
    }
  }

  /**
   * Sends a Socket Mode envelope to the newest connected client and resolves with its ack
   * ({envelope_id, payload}). accepts_response_payload defaults as Slack sets it: true for slash
   * commands, view submissions and block suggestions, false otherwise.
   */
  async sendEnvelope(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options: { acceptsResponsePayload?: boolean; retryAttempt?: number; retryReason?: string; ackTimeoutMs?: number } = {},
  ): Promise<Record<string, unknown>> {
    const socket = await this.waitFor(() => [...this.sockets].at(-1));
    const envelopeId = randomUUID();
    const acceptsResponsePayload =
      options.acceptsResponsePayload ??
      (type === "slash_commands" || (type === "interactive" && ["view_submission", "block_suggestion"].includes(String(payload.type))));
    const envelope: Record<string, unknown> = { envelope_id: envelopeId, type, payload, accepts_response_payload: acceptsResponsePayload };
    if (type === "events_api") {
      // Only Events API envelopes carry retry fields; Slack sends 0 and "" on the first attempt.
      const retryAttempt = options.retryAttempt ?? 0;
      envelope.retry_attempt = retryAttempt;
      envelope.retry_reason = retryAttempt > 0 ? (options.retryReason ?? "timeout") : "";
    }
    const timeoutMs = options.ackTimeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(envelopeId);
        reject(new Error(`FakeSlack: no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pendingAcks.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      socket.send(JSON.stringify(envelope));
    });
  }

  async close(): Promise<void> {
    this.closing.abort();
    // Bolt's SocketModeReceiver.stop() does not wait for its close handshake; let clients finish it
    // rather than cutting them off mid-handshake (which they report as a WebSocket error).
    const closed = [...this.sockets].map((socket) => once(socket, "close"));
    await Promise.race([Promise.all(closed), sleep(1000, undefined, { ref: false })]);
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", this.url).pathname;
    const body = await readBody(req);
    if (req.method === "POST" && path.startsWith("/api/")) return this.webApi(path.slice("/api/".length), req, body, res);
    if (req.method === "POST" && path.startsWith("/upload/")) return this.receiveUpload(path.slice("/upload/".length), req, body, res);
    if (req.method === "POST" && path.startsWith("/respond/")) {
      this.responses.push({ id: path.slice("/respond/".length), body: JSON.parse(body.toString("utf8")) as Record<string, unknown>, at: Date.now() });
      return sendJson(res, 200, { ok: true });
    }
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
  }

  private async webApi(method: string, req: IncomingMessage, rawBody: Buffer, res: ServerResponse): Promise<void> {
    const args = parseArgs(req.headers["content-type"], rawBody.toString("utf8"));
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    // Slack also accepts the token as a POST parameter.
    const token = bearer ?? (typeof args.token === "string" && args.token !== "" ? args.token : undefined);
    const at = Date.now();

    const limit = this.rateLimits.get(method);
    if (limit && limit.remaining > 0) {
      limit.remaining -= 1;
      this.calls.push({ method, args, token, status: 429, at });
      res.setHeader("Retry-After", String(limit.retryAfterSeconds));
      return sendJson(res, 429, { ok: false, error: "ratelimited" });
    }
    const delay = this.delays.get(method)?.shift();
    if (delay !== undefined) await sleep(delay, undefined, { signal: this.closing.signal }).catch(() => undefined);

    // Recorded once answered, so a test that sees it delivered also sees Slack's side effects.
    this.calls.push({ method, args, token, status: 200, at });
    sendJson(res, 200, this.answer(method, args, token));
  }

  private answer(method: string, args: Args, token: string | undefined): Answer {
    if (!token) return { ok: false, error: "not_authed" };
    const isAppToken = token.startsWith("xapp-");
    if (method === "apps.connections.open") return isAppToken ? this.openConnection() : { ok: false, error: "not_allowed_token_type" };
    if (isAppToken) return { ok: false, error: "not_allowed_token_type" };
    switch (method) {
      case "auth.test":
        return { ok: true, url: `https://${this.teamDomain}.slack.com/`, team: "Mutual Test", user: "mutual", team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId, is_enterprise_install: false };
      case "users.info":
        return this.usersInfo(args);
      case "conversations.open":
        return this.conversationsOpen(args);
      case "chat.postMessage":
        return this.postMessage(args);
      case "chat.postEphemeral":
        return this.postEphemeral(args);
      case "chat.update":
        return this.updateMessage(args);
      case "chat.getPermalink":
        return this.permalink(args);
      case "views.open":
      case "views.push":
        return this.storeView(args.view, this.nextId("V"));
      case "views.update":
        return this.updateView(args);
      case "views.publish":
        return this.publishView(args);
      case "files.getUploadURLExternal":
        return this.startUpload(args);
      case "files.completeUploadExternal":
        return this.completeUpload(args);
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  private usersInfo(args: Args): Answer {
    const user = this.users.get(String(args.user ?? ""));
    if (!user) return { ok: false, error: "user_not_found" };
    const tz = user.tz ?? DEFAULT_TZ;
    const realName = user.real_name ?? user.name;
    const includeLocale = args.include_locale === true || args.include_locale === "true";
    return {
      ok: true,
      user: {
        id: user.id,
        team_id: user.team_id ?? this.teamId,
        name: user.name,
        deleted: false,
        real_name: realName,
        tz,
        tz_label: timeZoneLabel(tz),
        tz_offset: timeZoneOffsetSeconds(tz),
        profile: { display_name: user.display_name ?? user.name, real_name: realName, real_name_normalized: realName },
        is_bot: user.is_bot ?? false,
        is_app_user: false,
        updated: 1700000000,
        ...(includeLocale ? { locale: user.locale ?? DEFAULT_LOCALE } : {}),
      },
    };
  }

  /** chat.getPermalink: https://<domain>.slack.com/archives/<channel>/p<ts without its dot>, as Slack forms it. */
  private permalink(args: Args): Answer {
    const channel = String(args.channel ?? "");
    const ts = String(args.message_ts ?? "");
    if (!channel) return { ok: false, error: "channel_not_found" };
    if (!/^\d+\.\d+$/.test(ts)) return { ok: false, error: "message_not_found" };
    return { ok: true, channel, permalink: `https://${this.teamDomain}.slack.com/archives/${channel}/p${ts.replace(".", "")}` };
  }

  private conversationsOpen(args: Args): Answer {
    const users = String(args.users ?? "").split(",").filter(Boolean);
    if (users.length === 0) return { ok: false, error: "users_list_not_supplied" };
    if (users.length > 1) return { ok: false, error: "invalid_arguments" }; // Mutual only opens 1:1 DMs
    return { ok: true, channel: { id: `D${users[0]}` } };
  }

  private postMessage(args: Args): Answer {
    const problem = messageProblem(args);
    if (problem) return { ok: false, error: problem };
    const message: SlackMessage = { channel: dmChannelFor(String(args.channel)), ts: this.nextTs(), text: optionalString(args.text), blocks: args.blocks as unknown[] | undefined };
    this.messages.push(message);
    return { ok: true, channel: message.channel, ts: message.ts, message: this.messageJson(message) };
  }

  private postEphemeral(args: Args): Answer {
    const problem = messageProblem(args);
    if (problem) return { ok: false, error: problem };
    if (!args.user) return { ok: false, error: "user_not_in_channel" };
    const message: SlackMessage = { channel: dmChannelFor(String(args.channel)), ts: this.nextTs(), text: optionalString(args.text), blocks: args.blocks as unknown[] | undefined, ephemeralFor: String(args.user) };
    this.messages.push(message);
    return { ok: true, message_ts: message.ts };
  }

  private updateMessage(args: Args): Answer {
    const channel = dmChannelFor(String(args.channel ?? ""));
    const message = this.messages.find((m) => m.ts === args.ts && m.channel === channel && !m.ephemeralFor);
    if (!message) return { ok: false, error: "message_not_found" };
    if (args.blocks !== undefined && !isBlockArray(args.blocks)) return { ok: false, error: "invalid_blocks" };
    if (args.text !== undefined) message.text = optionalString(args.text);
    if (args.blocks !== undefined) message.blocks = args.blocks as unknown[];
    return { ok: true, channel, ts: message.ts, text: message.text ?? "", message: this.messageJson(message) };
  }

  private messageJson(message: SlackMessage): Record<string, unknown> {
    return { type: "message", user: this.botUserId, bot_id: this.botId, app_id: this.appId, team: this.teamId, ts: message.ts, text: message.text ?? "", ...(message.blocks ? { blocks: message.blocks } : {}) };
  }

  private storeView(view: unknown, id: string, extra: Record<string, unknown> = {}): Answer {
    if (!isRecord(view) || typeof view.type !== "string") return { ok: false, error: "invalid_arguments" };
    const stored = {
      callback_id: "",
      private_metadata: "",
      external_id: "",
      blocks: [],
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      ...view,
      ...extra,
      id,
      team_id: this.teamId,
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`,
      root_view_id: extra.root_view_id ?? id,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    this.views.set(id, stored);
    return { ok: true, view: stored };
  }

  private updateView(args: Args): Answer {
    const id = typeof args.view_id === "string" ? args.view_id : [...this.views.values()].find((v) => v.external_id && v.external_id === args.external_id)?.id;
    const current = typeof id === "string" ? this.views.get(id) : undefined;
    if (!current) return { ok: false, error: "not_found" };
    if (typeof args.hash === "string" && args.hash !== current.hash) return { ok: false, error: "hash_conflict" };
    return this.storeView(args.view, String(current.id), { root_view_id: current.root_view_id, previous_view_id: current.previous_view_id });
  }

  /** A user's Home tab as last published. */
  homeOf(userId: string): Record<string, unknown> | undefined {
    const id = this.homeViewIds.get(userId);
    return id === undefined ? undefined : this.views.get(id);
  }

  private publishView(args: Args): Answer {
    const userId = String(args.user_id ?? "");
    if (!userId) return { ok: false, error: "invalid_arguments" };
    // Each user has one Home tab view; publishing again replaces it under the same id.
    const id = this.homeViewIds.get(userId) ?? this.nextId("V");
    this.homeViewIds.set(userId, id);
    return this.storeView(args.view, id);
  }

  private startUpload(args: Args): Answer {
    const filename = optionalString(args.filename);
    if (!filename || args.length === undefined) return { ok: false, error: "invalid_arguments" };
    const fileId = this.nextId("F");
    this.uploads.set(fileId, { filename });
    return { ok: true, upload_url: `${this.url}upload/${fileId}`, file_id: fileId };
  }

  private async receiveUpload(fileId: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const upload = this.uploads.get(fileId);
    if (!upload) return void res.writeHead(404, { "Content-Type": "text/plain" }).end("upload url not found");
    upload.content = await uploadedBytes(req.headers["content-type"], body);
    res.writeHead(200, { "Content-Type": "text/plain" }).end(`OK - ${upload.content.length}`);
  }

  private completeUpload(args: Args): Answer {
    if (!Array.isArray(args.files) || args.files.length === 0) return { ok: false, error: "invalid_arguments" };
    const channelId = optionalString(args.channel_id) ?? optionalString(args.channels);
    const completed: Array<{ id: string; title: string }> = [];
    for (const entry of args.files as Array<{ id?: string; title?: string }>) {
      const upload = entry.id ? this.uploads.get(entry.id) : undefined;
      if (!entry.id || !upload?.content) return { ok: false, error: "file_not_found" };
      const title = entry.title ?? upload.filename;
      this.files.push({ id: entry.id, filename: upload.filename, title, channelId, initialComment: optionalString(args.initial_comment), content: upload.content });
      this.uploads.delete(entry.id);
      completed.push({ id: entry.id, title });
    }
    return { ok: true, files: completed };
  }

  private openConnection(): Answer {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return { ok: true, url: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link?ticket=${ticket}` };
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", this.url);
    const ticket = url.searchParams.get("ticket") ?? "";
    // Tickets are single-use, as Slack's are.
    if (url.pathname !== "/link" || !this.tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.openedSockets += 1;
      this.sockets.add(ws);
      ws.on("close", () => this.sockets.delete(ws));
      ws.on("message", (data) => {
        const message = tryJson(String(data));
        if (!isRecord(message)) return;
        const envelopeId = String(message.envelope_id ?? "");
        const resolveAck = this.pendingAcks.get(envelopeId);
        this.pendingAcks.delete(envelopeId);
        resolveAck?.(message);
      });
      ws.send(JSON.stringify({ type: "hello", num_connections: this.sockets.size, connection_info: { app_id: this.appId }, debug_info: { host: "fake", approximate_connection_time: 18060 } }));
    });
  }

  /** Message timestamps like "1700000000.000100", strictly increasing. */
  private nextTs(): string {
    const micros = ++this.sequence * 100;
    return `${1700000000 + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }

  private nextId(prefix: string): string {
    return `${prefix}0${String(++this.sequence).padStart(8, "0")}`;
  }
}

// ---- Signed requests to Bolt's HTTP receiver -------------------------------------------------

/** Slack's v0 request signature: HMAC-SHA256 of "v0:<timestamp>:<raw body>" with the signing secret. */
export function signRequest(secret: string, body: string, timestamp: number = Math.floor(Date.now() / 1000)): Record<string, string> {
  const hex = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "X-Slack-Signature": `v0=${hex}`, "X-Slack-Request-Timestamp": String(timestamp) };
}

/** POSTs a request the way Slack does; `tamper` changes the body after signing, `signature` replaces the signature. */
export async function postSigned(
  eventsUrl: string,
  secret: string,
  request: {
    body: string;
    contentType: "application/x-www-form-urlencoded" | "application/json";
    timestamp?: number;
    retryNum?: number;
    retryReason?: string;
    tamper?: (body: string) => string;
    signature?: string;
  },
): Promise<{ status: number; text: string; ms: number }> {
  const headers: Record<string, string> = {
    "Content-Type": request.contentType,
    "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    ...signRequest(secret, request.body, request.timestamp),
  };
  if (request.signature !== undefined) headers["X-Slack-Signature"] = request.signature;
  if (request.retryNum !== undefined) headers["X-Slack-Retry-Num"] = String(request.retryNum);
  if (request.retryReason !== undefined) headers["X-Slack-Retry-Reason"] = request.retryReason;
  const body = request.tamper ? request.tamper(request.body) : request.body;
  const started = performance.now();
  const response = await fetch(eventsUrl, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

// ---- Payload builders (shapes from Slack's docs) ---------------------------------------------

/** The fields of a slash command request; Socket Mode delivers the same fields as the envelope payload. */
export function slashCommandPayload(
  fake: FakeSlack,
  o: { userId: string; userName?: string; text: string; channelId?: string; command?: string; triggerId?: string; responseUrlId?: string; teamId?: string },
): Record<string, string> {
  const channelId = o.channelId ?? `D${o.userId}`;
  return {
    token: VERIFICATION_TOKEN,
    team_id: o.teamId ?? fake.teamId,
    team_domain: fake.teamDomain,
    channel_id: channelId,
    channel_name: channelName(channelId),
    user_id: o.userId,
    user_name: o.userName ?? fake.users.get(o.userId)?.name ?? o.userId.toLowerCase(),
    command: o.command ?? "/mutual",
    text: o.text,
    api_app_id: fake.appId,
    is_enterprise_install: "false",
    response_url: fake.responseUrl(o.responseUrlId),
    trigger_id: o.triggerId ?? triggerId(),
  };
}

export function slashCommandBody(fake: FakeSlack, o: Parameters<typeof slashCommandPayload>[1]): string {
  return new URLSearchParams(slashCommandPayload(fake, o)).toString();
}

/** An Events API event_callback; Socket Mode delivers the same object as an events_api payload. */
/** `externallyShared`: the event happened in a Slack Connect channel (is_ext_shared_channel). */
type EventOptions = { eventId?: string; eventTime?: number; externallyShared?: boolean };

export function eventPayload(fake: FakeSlack, event: Record<string, unknown>, o: EventOptions = {}): Record<string, unknown> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: fake.teamId,
    api_app_id: fake.appId,
    event,
    type: "event_callback",
    event_id: o.eventId ?? `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: o.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: fake.teamId, user_id: fake.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: o.externallyShared ?? false,
    event_context: `4-${randomBytes(12).toString("base64url")}`,
  };
}

export function eventBody(fake: FakeSlack, event: Record<string, unknown>, o: EventOptions = {}): string {
  return JSON.stringify(eventPayload(fake, event, o));
}

/** Interactive payloads arrive form-encoded as a single `payload` field holding JSON. */
export function interactionBody(_fake: FakeSlack, payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * A button click on a message. If the app posted that message through the fake, the payload carries
 * the message as Slack holds it, and the button's block_id and label come from its blocks; a click on
 * an ephemeral message has is_ephemeral: true and, as in Slack, no `message`.
 */
export function blockActionsPayload(
  fake: FakeSlack,
  o: {
    userId: string;
    channelId: string;
    messageTs: string;
    actionId: string;
    value: string;
    blockId?: string;
    triggerId?: string;
    responseUrlId?: string;
    team?: PayloadTeam;
  },
): Record<string, unknown> {
  const message = fake.messages.find((m) => m.ts === o.messageTs && m.channel === o.channelId);
  const button = findElement(message?.blocks, o.actionId);
  const isEphemeral = Boolean(message?.ephemeralFor);
  return {
    type: "block_actions",
    user: userRef(fake, o.userId),
    api_app_id: fake.appId,
    token: VERIFICATION_TOKEN,
    container: { type: "message", message_ts: o.messageTs, channel_id: o.channelId, is_ephemeral: isEphemeral },
    trigger_id: o.triggerId ?? triggerId(),
    team: o.team !== undefined ? o.team : { id: fake.teamId, domain: fake.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channelId, name: channelName(o.channelId) },
    ...(isEphemeral
      ? {}
      : { message: { type: "message", user: fake.botUserId, bot_id: fake.botId, app_id: fake.appId, team: fake.teamId, ts: o.messageTs, text: message?.text ?? "", ...(message?.blocks ? { blocks: message.blocks } : {}) } }),
    state: { values: {} },
    response_url: fake.responseUrl(o.responseUrlId),
    actions: [
      {
        type: "button",
        action_id: o.actionId,
        block_id: o.blockId ?? button?.blockId ?? "actions",
        text: button?.text ?? { type: "plain_text", text: o.value, emoji: true },
        value: o.value,
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
  };
}

/**
 * A message shortcut (type message_action): someone chose one of the app's shortcuts in the "…" menu of
 * a message, here one written by `authorId` (or by an app: `botId`).
 */
export function messageShortcutPayload(
  fake: FakeSlack,
  o: { userId: string; callbackId: string; channelId: string; message: { ts: string; text: string; authorId?: string; botId?: string }; triggerId?: string; responseUrlId?: string },
): Record<string, unknown> {
  return {
    type: "message_action",
    token: VERIFICATION_TOKEN,
    action_ts: (Date.now() / 1000).toFixed(6),
    team: { id: fake.teamId, domain: fake.teamDomain },
    user: userRef(fake, o.userId),
    channel: { id: o.channelId, name: channelName(o.channelId) },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: o.callbackId,
    trigger_id: o.triggerId ?? triggerId(),
    response_url: fake.responseUrl(o.responseUrlId),
    message_ts: o.message.ts,
    message: {
      type: "message",
      ts: o.message.ts,
      text: o.message.text,
      team: fake.teamId,
      ...(o.message.authorId && { user: o.message.authorId }),
      ...(o.message.botId && { bot_id: o.message.botId, subtype: "bot_message" }),
    },
  };
}

/**
 * Submitting a modal. The view is the one the app opened: when it came back from views.open (has an id)
 * or its callback_id matches a view the fake holds, the payload uses that view's id and hash, so a
 * follow-up views.update by id works as it would in Slack.
 */
export function viewSubmissionPayload(
  fake: FakeSlack,
  o: {
    userId: string;
    view: Record<string, unknown>;
    values: Record<string, Record<string, unknown>>;
    viewId?: string;
    triggerId?: string;
    team?: PayloadTeam;
  },
): Record<string, unknown> {
  const held =
    fake.views.get(o.viewId ?? String(o.view.id ?? "")) ??
    [...fake.views.values()].reverse().find((v) => v.type === "modal" && v.callback_id === (o.view.callback_id ?? ""));
  const base = held ?? o.view;
  const id = o.viewId ?? String(base.id ?? `V0${randomBytes(4).toString("hex").toUpperCase()}`);
  return {
    type: "view_submission",
    team: o.team !== undefined ? o.team : { id: fake.teamId, domain: fake.teamDomain },
    user: userRef(fake, o.userId),
    api_app_id: fake.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: o.triggerId ?? triggerId(),
    view: {
      callback_id: "",
      private_metadata: "",
      external_id: "",
      blocks: [],
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`,
      previous_view_id: null,
      root_view_id: id,
      app_id: fake.appId,
      app_installed_team_id: fake.teamId,
      bot_id: fake.botId,
      ...base,
      id,
      team_id: fake.teamId,
      type: "modal",
      state: { values: o.values },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/**
 * Typing in a modal's external_select (type block_suggestion): Slack asks the app for options with what
 * has been typed so far, the field's block_id and action_id, and the view it sits in.
 */
export function blockSuggestionPayload(
  fake: FakeSlack,
  o: { userId: string; view: Record<string, unknown>; blockId: string; value: string; actionId?: string; team?: PayloadTeam },
): Record<string, unknown> {
  const id = String(o.view.id ?? `V0${randomBytes(4).toString("hex").toUpperCase()}`);
  return {
    type: "block_suggestion",
    user: userRef(fake, o.userId),
    container: { type: "view", view_id: id },
    api_app_id: fake.appId,
    token: VERIFICATION_TOKEN,
    action_id: o.actionId ?? "value",
    block_id: o.blockId,
    value: o.value,
    team: o.team !== undefined ? o.team : { id: fake.teamId, domain: fake.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id,
      team_id: fake.teamId,
      type: "modal",
      callback_id: "",
      private_metadata: "",
      blocks: [],
      state: { values: {} },
      app_installed_team_id: fake.teamId,
      ...o.view,
    },
  };
}

// ---- Internals -------------------------------------------------------------------------------

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

/** WebClient sends form-encoded bodies with nested values (blocks, view, files) as JSON strings; Slack decodes them. */
function parseArgs(contentType: string | undefined, body: string): Args {
  if (contentType?.startsWith("application/json")) return body ? (JSON.parse(body) as Args) : {};
  const args: Args = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = !FREE_TEXT_ARGS.has(key) && /^\s*[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Slack's upload URL takes raw bytes or a multipart form (WebClient sends the file as a form part). */
async function uploadedBytes(contentType: string | undefined, body: Buffer): Promise<Buffer> {
  if (!contentType?.startsWith("multipart/form-data")) return body;
  const form = await new Response(body, { headers: { "Content-Type": contentType } }).formData();
  for (const [, value] of form) {
    if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  }
  throw new Error("multipart upload without a file part");
}

/** Why Slack would refuse a chat.postMessage/postEphemeral, or undefined. */
function messageProblem(args: Args): string | undefined {
  if (!args.channel) return "channel_not_found";
  if (args.blocks !== undefined && !isBlockArray(args.blocks)) return "invalid_blocks";
  if (!args.text && !args.blocks && !args.attachments) return "no_text";
  return undefined;
}

function isBlockArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((block) => isRecord(block) && typeof block.type === "string");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/** Posting to a user id delivers to the app's DM with that user, and Slack answers with the DM channel. */
function dmChannelFor(channel: string): string {
  return /^[UW]/.test(channel) ? `D${channel}` : channel;
}

function channelName(channelId: string): string {
  if (channelId.startsWith("D")) return "directmessage";
  if (channelId.startsWith("G")) return "privategroup";
  return "general";
}

function userRef(fake: FakeSlack, userId: string): Record<string, string> {
  const name = fake.users.get(userId)?.name ?? userId.toLowerCase();
  return { id: userId, username: name, name, team_id: fake.users.get(userId)?.team_id ?? fake.teamId };
}

function triggerId(): string {
  return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString("hex")}`;
}

/** Finds the interactive element with this action_id in a message's blocks. */
function findElement(blocks: unknown[] | undefined, actionId: string): { blockId?: string; text?: unknown } | undefined {
  for (const block of blocks ?? []) {
    if (!isRecord(block)) continue;
    const elements = Array.isArray(block.elements) ? block.elements : isRecord(block.accessory) ? [block.accessory] : [];
    const element = elements.find((e): e is Record<string, unknown> => isRecord(e) && e.action_id === actionId);
    if (element) return { blockId: optionalString(block.block_id), text: element.text };
  }
  return undefined;
}

function timeZoneOffsetSeconds(tz: string, at = new Date()): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // plain "GMT" is UTC
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}

function timeZoneLabel(tz: string, at = new Date()): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "long" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? tz;
}
