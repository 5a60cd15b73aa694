// The real Slack adapter (Bolt, HTTP receiver on a free port) on the real app, against a fake Slack.
import { pino } from "pino";
import { SlackAdapter } from "../../src/adapters/slack/slack.ts";
import { connect } from "../../src/adapters/router.ts";
import type { SlackConfig } from "../../src/config.ts";
import { commands } from "../../src/core/commands/index.ts";
import type { ChatEvent } from "../../src/core/events.ts";
import type { Outcome } from "../../src/core/mutual.ts";
import type { Clock } from "../../src/core/ports.ts";
import { startTestApp, type TestApp } from "./app.ts";
import { FakeSlack, postSigned, slashCommandBody } from "../fakes/slack.ts";

export interface SlackHarness {
  fake: FakeSlack;
  app: TestApp;
  adapter: SlackAdapter;
  eventsUrl: string;
  /** Wraps the core: tests slow it down or watch it. */
  setProcess(wrap: (inner: (event: ChatEvent) => Promise<Outcome>) => (event: ChatEvent) => Promise<Outcome>): void;
  /** A signed /mutual request; resolves when Mutual has acknowledged and answered it, with the replies' fallback texts. */
  /** `onAck` runs once the HTTP response (the ack) is in, before the work is waited for; `id` names the request's response_url. */
  slash(userId: string, text: string, o?: { onAck?: (id: string) => void }): Promise<{ status: number; ms: number; replies: string[] }>;
  /** A signed request; resolves once its work is done. */
  post(body: string, contentType: "application/json" | "application/x-www-form-urlencoded", extra?: { retryNum?: number }): Promise<{ status: number; ms: number }>;
  stop(): Promise<void>;
}

export const slackConfig = (fake: FakeSlack, overrides: Partial<SlackConfig> = {}): SlackConfig => ({
  botToken: "xoxb-fake",
  appToken: undefined,
  signingSecret: fake.signingSecret,
  apiUrl: fake.apiUrl,
  port: 0,
  kudosEmoji: "raised_hands",
  ...overrides,
});

/** Slack's fallback text is escaped like mrkdwn; tests compare what a person would read. */
export const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

let requests = 0;

/** HTTP mode by default; `socket` connects through the fake's Socket Mode server instead (no eventsUrl then). */
export async function startSlack(kind: "postgres" | "pglite", { clock, socket = false }: { clock?: Clock; socket?: boolean } = {}): Promise<SlackHarness> {
  const fake = await FakeSlack.start();
  // The adapter exists first (the app's chat port comes from it); its listeners reach the app later.
  let wrapped = (event: ChatEvent) => app.mutual.process(event);
  const adapter = new SlackAdapter({
    config: slackConfig(fake, socket ? { appToken: "xapp-fake", signingSecret: undefined } : {}),
    commands,
    process: (event) => wrapped(event),
    form: (event, command, title) => app.mutual.form(event, command, title),
    health: (req, res) => app.health(req, res),
    logger: pino({ level: "silent" }),
  });
  const wiring = connect([adapter]);
  const app: TestApp = await startTestApp(kind, {}, { ...(clock && { clock }), chat: wiring.chat });
  await adapter.start(wiring.options());
  const port = adapter.port;
  const eventsUrl = socket ? "" : `http://127.0.0.1:${port}/slack/events`;
  const harness: SlackHarness = {
    fake,
    app,
    adapter,
    eventsUrl,
    setProcess(wrap) {
      const inner = (event: ChatEvent) => app.mutual.process(event);
      wrapped = wrap(inner);
    },
    async slash(userId, text, o = {}) {
      const id = `r${++requests}`;
      const res = await postSigned(eventsUrl, fake.signingSecret, { body: slashCommandBody(fake, { userId, text, responseUrlId: id }), contentType: "application/x-www-form-urlencoded" });
      o.onAck?.(id);
      await adapter.drain();
      await app.scheduler.settle(); // notices to others leave through the outbox, after the reply
      const replies = fake.responses.filter((r) => r.id === id).map((r) => unescape(String(r.body.text ?? "")));
      return { status: res.status, ms: res.ms, replies };
    },
    async post(body, contentType, extra = {}) {
      const res = await postSigned(eventsUrl, fake.signingSecret, { body, contentType, ...extra });
      await adapter.drain();
      await app.scheduler.settle(); // notices to others leave through the outbox, after the reply
      return { status: res.status, ms: res.ms };
    },
    async stop() {
      await adapter.stop();
      await app.stop();
      await fake.close();
    },
  };
  return harness;
}
