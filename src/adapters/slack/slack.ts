// The Slack adapter on Bolt: Socket Mode or HTTP in, the core's replies out as Block Kit. It only
// translates and keeps Slack's timing: every request is acknowledged before the core runs (3 s
// rule), and replies follow through response_url, chat.postMessage or views.publish.
import { setTimeout as sleep } from "node:timers/promises";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type RespondFn } from "@slack/bolt";
import type { SlackConfig } from "../../config.ts";
import type { CommandDefinition } from "../../core/commands/definition.ts";
import type { Form } from "../../core/commands/form.ts";
import { isCommand } from "../../core/commands/parse.ts";
import type { Suggestion } from "../../core/commands/suggest.ts";
import type { ChatEvent } from "../../core/events.ts";
import { actions, info, renderPlainText, type OutgoingMessage } from "../../core/message.ts";
import { translator } from "../../core/i18n/index.ts";
import type { Outcome } from "../../core/mutual.ts";
import type { ExportFile } from "../../core/credit/model.ts";
import type { Logger } from "../../core/ports.ts";
import type { ChatAdapter, Reach, StartOptions } from "../adapter.ts";
import { QueueFullError, WorkQueue } from "../../work-queue.ts";
import { SlackChat } from "./chat.ts";
import { MESSAGE_SHORTCUTS, SLASH_COMMAND } from "./manifest.ts";
import { ACTION_PREFIX, cut, FORM_CALLBACK, formModal, formValues, homeView, LIMITS, toSlackMessages, type FormContext } from "./render.ts";

export interface SlackAdapterOptions {
  config: SlackConfig;
  commands: readonly CommandDefinition[];
  /** The core's front door (late-bound: the app starts after the adapter exists). */
  process(event: ChatEvent): Promise<Outcome>;
  /** The form a button opens, worded for the person who clicked. */
  form(event: ChatEvent, command: string, title: string): Promise<Form | undefined>;
  /** Values for a form's field as it is typed (external_select); none without. */
  suggest?(event: ChatEvent, option: string, typed: string): Promise<Suggestion[]>;
  /** HTTP mode serves the app's /healthz, /readyz and /metrics beside /slack/events (late-bound like process). */
  health?: (req: IncomingMessage, res: ServerResponse) => void;
  logger: Logger;
}

/** Where a reply goes. A response_url takes five replies; the rest go by DM. */
type Destination =
  | { kind: "respond"; respond: RespondFn; user: string }
  | { kind: "channel"; channel: string; user: string }
  | { kind: "ephemeral"; channel: string; user: string }
  | { kind: "dm"; user: string };

const RESPONSE_URL_USES = 5;
/** A form's answer is awaited this long (unless configured), so a mistake can be shown in the modal itself. */
export const FORM_ANSWER_MS = 2_000;
/** users.info is asked again after this long (names and zones change, rarely). */
const DIRECTORY_TTL_MS = 60 * 60_000;
const RECENT_EVENTS = 10_000;
/**
 * Commands worked on at once, after their ack: enough to overlap round trips to the database and
 * Slack, few enough that a burst of 200 leaves the loop free to ack the next request in time.
 */
const COMMANDS_AT_ONCE = 2;
/** Acknowledged work waiting its turn beyond this is answered "busy" rather than held in memory. */
const WAITING_LIMIT = 5_000;

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

export class SlackAdapter implements ChatAdapter {
  readonly platform = "slack";
  readonly label = "Slack";
  readonly app: App;
  /** HTTP mode: the port it listens on once started (config.port 0 picks a free one). */
  port: number | undefined;
  private readonly send_: SlackChat;
  private readonly directory = new Map<string, { user: ChatEvent["user"]; team: string | undefined; at: number }>();
  /** Event ids seen by this process: Slack's retries of an event get no second reply. */
  private readonly recentEvents = new Set<string>();
  /** Acknowledged work, a few at a time; clicks and forms (someone is looking) go first. */
  private readonly work = new WorkQueue({ concurrency: COMMANDS_AT_ONCE, limit: WAITING_LIMIT });
  /** Listeners still running after their ack (a form waits on its queued work): stop() lets them finish. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Platform timings, from the config (tests shorten them to reach the slow paths without waiting). */
  readonly timings: { formWaitMs: number };

  constructor(private readonly options: SlackAdapterOptions) {
    const { config } = options;
    this.timings = { formWaitMs: config.formWaitMs ?? FORM_ANSWER_MS };
    const logger = boltLogger(options.logger);
    const clientOptions = { ...(config.apiUrl && { slackApiUrl: config.apiUrl }), timeout: 10_000 };
    const receiver = config.appToken
      ? new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions: { clientOptions } })
      : refuseFutureRequests(
          new HTTPReceiver({
            signingSecret: config.signingSecret!,
            endpoints: "/slack/events",
            logger,
            processBeforeResponse: false, // ack as soon as ack() is called; work continues after the response
            customRoutes: ["/healthz", "/readyz", "/metrics"].map((path) => ({
              path,
              method: "GET",
              handler: (req: IncomingMessage, res: ServerResponse) => (options.health ? options.health(req, res) : void res.writeHead(200).end("ok")),
            })),
          }),
        );
    this.app = new App({ token: config.botToken, receiver, clientOptions, logger, deferInitialization: true });
    this.send_ = new SlackChat(this.app.client, options.logger);
    this.listen();
  }

  get mode(): "socket" | "http" {
    return this.options.config.appToken ? "socket" : "http";
  }

  get startHint(): string {
    return `Check SLACK_BOT_TOKEN${this.mode === "socket" ? " and SLACK_APP_TOKEN" : ""}.`;
  }

  /**
   * Verifies the token (auth.test), then connects (Socket Mode) or listens (HTTP). A worker (no
   * `receive`) sends through the Web API only and needs neither.
   */
  async start({ receive }: StartOptions): Promise<void> {
    if (!receive) return;
    await this.app.init();
    if (this.mode === "socket") await this.app.start();
    else this.port = (((await this.app.start(this.options.config.port)) as Server).address() as AddressInfo).port;
    this.options.logger.info({ mode: this.mode, ...(this.port !== undefined && { port: this.port }) }, "Slack connected");
  }

  send(to: Reach, message: OutgoingMessage): Promise<void> {
    return this.send_.send(to, message);
  }

  post(channelId: string, message: OutgoingMessage): Promise<void> {
    return this.send_.post(channelId, message);
  }

  upload(userId: string, files: readonly ExportFile[]): Promise<void> {
    return this.send_.uploadToDm(userId, files);
  }

  render(message: OutgoingMessage): unknown[] {
    return toSlackMessages(message);
  }

  /** Stops taking requests, then waits for acknowledged work to finish its replies. */
  async stop(): Promise<void> {
    await this.app.stop();
    await this.drain();
  }

  /** Resolves when every acknowledged request has been handled and answered. */
  async drain(): Promise<void> {
    while (this.inFlight.size || this.work.size || this.work.active) {
      await Promise.allSettled([...this.inFlight, this.work.idle()]);
    }
  }

  /**
   * Queues a listener's work after its ack and returns at once, so the HTTP server (acks, /healthz)
   * never waits behind other people's commands. `first`: a click or a form, which someone watches.
   */
  private later(work: () => Promise<void>, first = false, busy?: () => Promise<unknown>): void {
    this.work.run(work, first).catch(async (e: unknown) => {
      if (!(e instanceof QueueFullError)) return void this.options.logger.error({ err: e }, "Slack listener failed");
      this.options.logger.warn({ waiting: this.work.size }, "Slack work queue full: a request was answered busy");
      await busy?.().catch(() => undefined);
    });
  }


  /** Runs a listener's work as in-flight, so drain() and stop() wait for it. */
  private track<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running)).catch(() => undefined);
    return running;
  }

  private listen() {
    const app = this.app;

    // Work is queued before the ack in the same turn: the ack goes out first (the work starts on a
    // later tick), and whoever sees the ack (a test, drain()) finds the work already queued.
    app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
      const busy = () => respond({ response_type: "ephemeral", text: translator(this.directory.get(command.user_id)?.user.locale)("busy") });
      this.later(async () => {
        const user = await this.person(command.user_id, command.user_name);
        const event = this.chatEvent(command.team_id, `command:${command.trigger_id}`, user, command.channel_id, command.text.trim() || "help");
        await this.run(event, { kind: "respond", respond, user: command.user_id });
      }, false, busy);
      await ack();
    });

    app.event("message", async ({ event, body }) => this.later(async () => {
      const m = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; user_team?: string; text?: string; channel: string };
      // Only people's own messages in the DM with Mutual; edits, joins and bots' messages are not commands.
      if (m.channel_type !== "im" || m.subtype !== undefined || m.bot_id !== undefined || !m.user || !m.text?.trim()) return;
      if (this.seen(body.event_id)) return;
      const user = await this.person(m.user);
      const text = m.text.trim();
      // A plain reply is an answer to the latest prompt; a line that is a whole command runs it.
      const team = m.user_team ?? body.team_id;
      const incoming = isCommand(this.options.commands, text)
        ? this.chatEvent(team, `event:${body.event_id}`, user, m.channel, text)
        : this.chatEvent(team, `event:${body.event_id}`, user, m.channel, "answer", { text });
      await this.run(incoming, { kind: "channel", channel: m.channel, user: m.user });
    }));

    app.event("app_mention", async ({ event, body }) => this.later(async () => {
      if (!event.user || this.seen(body.event_id)) return;
      const text = event.text.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*/, "").trim() || "help";
      const user = await this.person(event.user);
      const team = (event as { user_team?: string }).user_team ?? body.team_id;
      const mention = this.chatEvent(team, `event:${body.event_id}`, user, event.channel, text);
      await this.run(mention, { kind: "ephemeral", channel: event.channel, user: event.user });
    }));

    app.event("reaction_added", async ({ event, body }) => this.later(async () => {
      const { config } = this.options;
      if (event.reaction !== config.kudosEmoji || event.item.type !== "message" || !event.item_user || event.item_user === event.user) return;
      if (this.seen(body.event_id)) return;
      const channel = event.item.channel;
      const user = await this.person(event.user);
      const author = await this.person(event.item_user);
      // One kudos per person, message and emoji, however often the reaction is removed and added again.
      const id = `reaction:${event.user}:${channel}:${event.item.ts}:${event.reaction}`;
      const kudos = { ...this.chatEvent(body.team_id, id, user, channel, `kudos <@${event.item_user}>`, { message: `:${event.reaction}: for a message in the channel` }), mentions: [author] };
      await this.run(kudos, { kind: "ephemeral", channel, user: event.user });
    }));

    app.event("app_home_opened", async ({ event, body }) => this.later(async () => {
      if (event.tab !== "home") return;
      await this.publishHome(body.team_id, event.user);
    }));

    app.action(new RegExp(`^${ACTION_PREFIX}`), async ({ ack, body, action, respond, client }) => {
      if (body.type !== "block_actions" || action.type !== "button" || !("action_id" in action)) return void (await ack());
      // First in line: someone is looking at the button, and a form must open within Slack's 3 seconds.
      this.later(async () => {
        const command = action.value ?? "";
        const teamId = userTeam(body);
        const fromHome = body.container?.type === "view" && body.view?.type === "home";
        const responseUrl = "response_url" in body ? (body.response_url as string | undefined) : undefined;
        if (action.action_id.startsWith(`${ACTION_PREFIX}form:`)) {
          const clicked = this.chatEvent(teamId, `form:${body.trigger_id}`, await this.person(body.user.id), body.channel?.id, command);
          const form = await this.options.form(clicked, command, action.text.text);
          if (form) {
            const context: FormContext = { command, ...(responseUrl && { responseUrl }), ...(fromHome && { fromHome }) };
            await client.views.open({ trigger_id: body.trigger_id, view: formModal(form, context) as never });
            return;
          }
        }
        // A double click is one press: the key is the button on that message (or that version of the Home tab).
        const where = body.container?.message_ts ?? `${body.view?.id}:${body.view?.hash}`;
        const user = await this.person(body.user.id);
        const event = this.chatEvent(teamId, `action:${body.channel?.id ?? "home"}:${where}:${action.action_id}:${body.user.id}`, user, body.channel?.id, command);
        await this.run(event, responseUrl ? { kind: "respond", respond, user: body.user.id } : { kind: "dm", user: body.user.id });
        if (fromHome) await this.publishHome(teamId, body.user.id);
      }, true);
      await ack();
    });

    // Message shortcuts: "Thank the author" opens the kudos form, "Record as contribution" the
    // contribution form, each with the message's author filled in and a link to the message.
    for (const [kind, { callback_id }] of Object.entries(MESSAGE_SHORTCUTS) as Array<[keyof typeof MESSAGE_SHORTCUTS, { callback_id: string }]>) {
      app.shortcut({ type: "message_action", callback_id }, async ({ ack, shortcut, client }) => {
        // First in line: the form must open while the trigger_id is valid (3 s).
        this.later(async () => {
          if (shortcut.type !== "message_action") return;
          const user = await this.person(shortcut.user.id);
          const t = translator(user.locale);
          const respond = respondTo(shortcut.response_url);
          const author = shortcut.message.user;
          if (!author || shortcut.message.bot_id) return void (await respond({ response_type: "ephemeral", text: t("slack.shortcut.noAuthor") }));
          const channel = shortcut.channel.id;
          const link = await client.chat
            .getPermalink({ channel, message_ts: shortcut.message.ts })
            .then((r) => r.permalink)
            .catch((e: unknown) => void this.options.logger.warn({ err: e, channel }, "chat.getPermalink failed"));
          const text = (shortcut.message.text ?? "").trim();
          const [command, initial] =
            kind === "thank"
              ? [`kudos <@${author}>`, link ? { message: t("slack.shortcut.forMessage", { link }) } : {}]
              : [`contribution add <@${author}>${link ? ` link=${JSON.stringify(link)}` : ""}`, text ? { description: text } : {}];
          const clicked = this.chatEvent(userTeam(shortcut), `shortcut:${shortcut.trigger_id}`, user, channel, command);
          const form = await this.options.form(clicked, command, t(kind === "thank" ? "slack.shortcut.thank" : "slack.shortcut.record"));
          if (form) await client.views.open({ trigger_id: shortcut.trigger_id, view: formModal(form, { command, responseUrl: shortcut.response_url }, initial) as never });
        }, true);
        await ack();
      });
    }

    app.view(FORM_CALLBACK, async ({ ack, body, view }) => this.track(async () => {
      const context = JSON.parse(view.private_metadata || "{}") as FormContext;
      const values = formValues(view.state.values as never);
      // First in line: the form waits for its answer to show a mistake in the modal itself.
      const running = this.work.run(async () => {
        const user = await this.person(body.user.id);
        return this.options.process(await this.withMentions(this.chatEvent(userTeam(body), `view:${view.id}`, user, undefined, context.command, values)));
      }, true);
      const early = await Promise.race([running, sleep(this.timings.formWaitMs, undefined, { ref: false })]);
      const [reply] = early?.replies ?? [];
      // A mistake within the form is shown on its first field, and the modal stays open to fix it.
      if (early && !early.repeated && early.replies.length === 1 && reply?.tone === "error") {
        const firstField = (view.blocks[0] as { block_id?: string } | undefined)?.block_id;
        if (firstField) {
          await ack({ response_action: "errors", errors: { [firstField]: renderPlainText(reply).slice(0, 500) } });
          return;
        }
      }
      await ack();
      const outcome = early ?? (await running);
      if (!outcome.repeated) {
        const destination: Destination = context.responseUrl
          ? { kind: "respond", respond: respondTo(context.responseUrl), user: body.user.id }
          : { kind: "dm", user: body.user.id };
        await this.deliver(outcome.replies, destination);
      }
      if (context.fromHome) await this.publishHome(userTeam(body), body.user.id);
    }));

    // A form's person-or-institution field as it is typed: what was typed first (so an institution or a
    // handle Mutual doesn't suggest can still be named), then the core's suggestions. Answered within Slack's 3 s.
    app.options<"block_suggestion">({ type: "block_suggestion" }, async ({ body, ack }) => {
      const typed = body.value.trim();
      const context = JSON.parse(body.view?.private_metadata || "{}") as Partial<FormContext>;
      const clicked = this.chatEvent(userTeam(body), `suggest:${body.view?.id ?? ""}`, await this.person(body.user.id), undefined, context.command ?? "");
      const found = context.command && this.options.suggest ? await this.options.suggest(clicked, body.block_id, typed).catch(() => []) : [];
      const offered = [...(typed ? [{ label: typed, value: typed }] : []), ...found.filter((s) => s.value !== typed)];
      await ack({
        options: offered
          .filter((s) => s.value.length <= LIMITS.optionValue)
          .slice(0, LIMITS.optionsPerSelect)
          .map((s) => ({ text: { type: "plain_text" as const, text: cut(s.label, LIMITS.optionText) }, value: s.value })),
      });
    });

    app.error(async (error) => {
      this.options.logger.error({ err: error }, "Slack listener failed");
    });
  }

  /** Runs an event through the core and delivers the replies, unless it was a retry already answered. */
  private async run(event: ChatEvent, destination: Destination) {
    const outcome = await this.options.process(await this.withMentions(event));
    if (outcome.repeated) return;
    await this.deliver(outcome.replies, destination);
  }

  /**
   * The people the command's text mentions, as Slack knows them, so the core can introduce them first.
   * Someone of another team (Slack Connect) is a person of their own team's workspace: they are named
   * by handle instead, which finds them among the project's members, and never made a second person here.
   */
  private async withMentions(event: ChatEvent): Promise<ChatEvent> {
    const mentioned = [...new Set([...event.text.matchAll(MENTION)].map((m) => m[1]!))].filter((id) => id !== event.user.externalId);
    const people = event.mentions ?? (await Promise.all(mentioned.map((id) => this.person(id))));
    const team = (id: string) => this.directory.get(id)?.team;
    const ofOtherTeam = people.filter((p) => p.handle && team(p.externalId) && team(p.externalId) !== event.workspace.externalId);
    const elsewhere = new Map(ofOtherTeam.map((p) => [p.externalId, p.handle!]));
    if (elsewhere.size === 0) return { ...event, mentions: people };
    const byHandle = (s: string) => s.replace(MENTION, (whole, id: string) => (elsewhere.has(id) ? `@${elsewhere.get(id)}` : whole));
    return {
      ...event,
      text: byHandle(event.text),
      ...(event.options && { options: Object.fromEntries(Object.entries(event.options).map(([k, v]) => [k, byHandle(v)])) }),
      mentions: people.filter((p) => !elsewhere.has(p.externalId)),
    };
  }

  private async deliver(replies: readonly OutgoingMessage[], to: Destination) {
    if (to.kind === "respond") {
      const messages = replies.flatMap(toSlackMessages);
      if (messages.length <= RESPONSE_URL_USES) {
        for (const m of messages) await to.respond({ response_type: "ephemeral", replace_original: false, ...m });
      } else {
        await to.respond({ response_type: "ephemeral", replace_original: false, text: translator(replies[0]?.language)("slack.longAnswer") });
        for (const reply of replies) await this.send_.dm(to.user, { ...reply, files: undefined });
      }
      await this.send_.uploadToDm(to.user, replies.flatMap((r) => r.files ?? []));
      return;
    }
    for (const reply of replies) {
      if (to.kind === "channel") await this.send_.postTo(to.channel, reply);
      else if (to.kind === "ephemeral") await this.send_.ephemeral(to.channel, to.user, reply);
      else await this.send_.dm(to.user, reply);
    }
  }

  private async publishHome(teamId: string, userId: string) {
    const user = await this.person(userId);
    const { replies } = await this.options.process(this.chatEvent(teamId, `home:${userId}:${Date.now()}`, user, undefined, "home"));
    const t = translator(replies[0]?.language ?? user.locale);
    // The common actions first, each opening its form: answer the latest prompt, log a check-in, record a contribution.
    const common = info(
      actions(
        { id: "home-answer", label: t("slack.home.answer"), command: "answer", input: "text" },
        { id: "home-checkin", label: t("slack.home.checkin"), command: "checkin log", input: "text" },
        { id: "home-contribution", label: t("slack.home.contribution"), command: "contribution add", input: "text" },
      ),
    );
    await this.app.client.views.publish({ user_id: userId, view: homeView([common, ...replies]) as never });
  }

  /**
   * People are (team, user id), and a person's team is their own: a Slack Connect user in a shared
   * channel belongs to their organisation's workspace, not the installation's, so their profile and
   * projects are the same wherever they meet Mutual, and a project spanning both organisations is
   * joined with an invitation code (`project join`). Their team comes from users.info (always their
   * own), else the payload's account of them (`payloadTeam`: user.team_id, user_team), else its team.
   */
  private chatEvent(
    payloadTeam: string,
    id: string,
    user: ChatEvent["user"],
    channel: string | undefined,
    text: string,
    options?: Record<string, string>,
  ): ChatEvent {
    const teamId = this.directory.get(user.externalId)?.team ?? payloadTeam;
    return {
      id: `slack:${teamId}:${id}`,
      platform: "slack",
      workspace: { externalId: teamId },
      user,
      ...(channel && { channel: { id: channel, direct: channel.startsWith("D") } }),
      text,
      ...(options && { options }),
    };
  }

  /** The person behind a Slack user id: name, handle, time zone and locale from users.info (cached). */
  private async person(userId: string, fallbackName?: string): Promise<ChatEvent["user"]> {
    const cached = this.directory.get(userId);
    if (cached && Date.now() - cached.at < DIRECTORY_TTL_MS) return cached.user;
    try {
      const { user: u } = await this.app.client.users.info({ user: userId, include_locale: true });
      const user: ChatEvent["user"] = {
        externalId: userId,
        displayName: u?.profile?.display_name || u?.real_name || u?.name || fallbackName || userId,
        ...((u?.name ?? fallbackName) && { handle: u?.name ?? fallbackName }),
        ...(u?.tz && { timezone: u.tz }),
        ...(u?.locale && { locale: u.locale }),
      };
      this.directory.set(userId, { user, team: u?.team_id, at: Date.now() });
      return user;
    } catch (e) {
      // Without users.info the person still gets an answer; their profile fills in later.
      this.options.logger.warn({ err: e, userId }, "users.info failed");
      return { externalId: userId, displayName: fallbackName ?? userId, ...(fallbackName && { handle: fallbackName }) };
    }
  }

  private seen(eventId: string): boolean {
    if (this.recentEvents.has(eventId)) return true;
    this.recentEvents.add(eventId);
    if (this.recentEvents.size > RECENT_EVENTS) this.recentEvents.delete(this.recentEvents.values().next().value!);
    return false;
  }
}

/**
 * The clicker's own team in an interaction payload: `user.team_id` first (in a Slack Connect channel
 * `team` may be the other organisation's), then `team.id`; an org-wide install sends `team: null`.
 */
function userTeam(body: { team?: { id: string } | null; user: { team_id?: string } }): string {
  return body.user.team_id ?? body.team?.id ?? "";
}

/** A response_url kept in a modal's metadata, answered like Bolt's respond(). */
function respondTo(url: string): RespondFn {
  return async (message) => {
    const body = typeof message === "string" ? { text: message } : message;
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    return res;
  };
}

/** Bolt's logger interface over ours, so Slack's SDK logs go to the same place, structured. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...msg) => logger.debug({ sdk: "slack" }, line(msg)),
    info: (...msg) => logger.info({ sdk: "slack" }, line(msg)),
    warn: (...msg) => logger.warn({ sdk: "slack" }, line(msg)),
    error: (...msg) => logger.error({ sdk: "slack" }, line(msg)),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** How far a request's timestamp may be from now, either way (Slack's own rule is five minutes). */
export const MAX_CLOCK_SKEW_S = 5 * 60;

/**
 * Bolt refuses signed requests older than five minutes but accepts any from the future, so a
 * request captured with a timestamp ahead could be replayed later. This refuses those too, before
 * Bolt reads the body: 401, as for a bad signature.
 */
function refuseFutureRequests(receiver: HTTPReceiver): HTTPReceiver {
  const listener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const stamp = Number(req.headers["x-slack-request-timestamp"]);
    if (Number.isFinite(stamp) && stamp > Date.now() / 1000 + MAX_CLOCK_SKEW_S) {
      res.writeHead(401).end();
      return;
    }
    listener(req, res);
  };
  return receiver;
}
