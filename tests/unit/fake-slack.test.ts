// Proves the fake Slack answers the real SDK clients the way slack.com does, so tests built on it
// exercise the same code paths as production.
import { SocketModeClient } from "@slack/socket-mode";
import { LogLevel, WebClient, retryPolicies, type WebAPIPlatformError } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../fakes/slack.ts";

describe("FakeSlack with the real @slack/web-api WebClient", () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    fake = await FakeSlack.start();
    // rapidRetryPolicy removes p-retry's own backoff, so a 429 waits only for Retry-After.
    client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR, retryConfig: retryPolicies.rapidRetryPolicy });
  });
  afterEach(() => fake.close());

  it("answers auth.test for the bot and refuses calls without a token", async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: "T0MUTUAL", user_id: "UBOT", user: "mutual" });
    expect(fake.callsTo("auth.test")[0]?.token).toBe("xoxb-test");

    const anonymous = new WebClient(undefined, { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR });
    await expect(anonymous.auth.test()).rejects.toMatchObject({ data: { ok: false, error: "not_authed" } } satisfies Partial<WebAPIPlatformError>);
  });

  it("answers users.info with the locale only when asked, and user_not_found for strangers", async () => {
    fake.addUser({ id: "U1", name: "amina", real_name: "Amina Diallo", tz: "Africa/Dakar", locale: "fr-FR" });

    const withLocale = await client.users.info({ user: "U1", include_locale: true });
    expect(withLocale.user).toMatchObject({ id: "U1", name: "amina", real_name: "Amina Diallo", tz: "Africa/Dakar", tz_offset: 0, locale: "fr-FR", is_bot: false });
    expect(withLocale.user?.profile).toMatchObject({ display_name: "amina", real_name: "Amina Diallo" });
    const withoutLocale = await client.users.info({ user: "U1" });
    expect(withoutLocale.user?.locale).toBeUndefined();
    await expect(client.users.info({ user: "UNOBODY" })).rejects.toMatchObject({ data: { error: "user_not_found" } });
  });

  it("decodes blocks posted form-encoded back into an array and issues increasing ts", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "What did you learn this week?" } }];
    const first = await client.chat.postMessage({ channel: "U1", text: "Reflection", blocks });
    const second = await client.chat.postMessage({ channel: "C1", text: "Second" });

    expect(first.channel).toBe("DU1");
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(fake.callsTo("chat.postMessage")[0]?.args).toMatchObject({ channel: "U1", text: "Reflection", blocks });
    await expect(client.chat.postMessage({ channel: "C1", text: "x", blocks: "[oops" as never })).rejects.toMatchObject({ data: { error: "invalid_blocks" } });
  });

  it("answers 429 with Retry-After, and WebClient waits and delivers the message exactly once", async () => {
    fake.rateLimitNext("chat.postMessage", 1);
    const started = Date.now();
    await client.chat.postMessage({ channel: "C1", text: "hello" });

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === "chat.postMessage" && c.status === 429)).toHaveLength(1);
  });

  it("round-trips filesUploadV2 through getUploadURLExternal, the upload URL and completeUploadExternal", async () => {
    const content = Buffer.from("name,contributions\nAmina,3\n");
    await client.filesUploadV2({ channel_id: "C1", filename: "summary.csv", file: content, initial_comment: "Q3 summary" });

    expect(fake.callsTo("files.getUploadURLExternal")[0]?.args).toMatchObject({ filename: "summary.csv", length: String(content.length) });
    expect(fake.files).toHaveLength(1);
    expect(fake.files[0]).toMatchObject({ filename: "summary.csv", title: "summary.csv", channelId: "C1", initialComment: "Q3 summary" });
    expect(fake.files[0]?.content.equals(content)).toBe(true);
  });
});

describe("FakeSlack with the real @slack/socket-mode client", () => {
  it("connects through apps.connections.open and receives the client's ack for an envelope", async () => {
    const fake = await FakeSlack.start();
    const socket = new SocketModeClient({ appToken: "xapp-test", logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: fake.apiUrl } });
    const received: Array<Record<string, unknown>> = [];
    socket.on("slash_commands", async ({ ack, body }: { ack: () => Promise<void>; body: Record<string, unknown> }) => {
      received.push(body);
      await ack();
    });
    try {
      await socket.start();
      expect(fake.socketConnections).toBe(1);
      expect(fake.callsTo("apps.connections.open")[0]?.token).toBe("xapp-test");

      const ack = await fake.sendEnvelope("slash_commands", { command: "/mutual", text: "help", user_id: "U1" });
      expect(ack).toEqual({ envelope_id: expect.any(String), payload: {} });
      expect(received).toEqual([{ command: "/mutual", text: "help", user_id: "U1" }]);
    } finally {
      await socket.disconnect();
      await fake.close();
    }
  });
});
