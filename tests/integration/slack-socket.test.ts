// Socket Mode at the connection level: apps.connections.open → WebSocket hello → envelopes → acks,
// with the real Bolt SocketModeReceiver against the fake Slack's socket server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventPayload, slashCommandPayload } from "../fakes/slack.ts";
import { startSlack, unescape, type SlackHarness } from "../helpers/slack.ts";
import { AMINA, KOFI, TEAM } from "./slack-script.ts";

let h: SlackHarness;

describe("Slack adapter in Socket Mode (fake socket-mode server, PostgreSQL, Redis)", () => {
  beforeAll(async () => {
    h = await startSlack("postgres", { socket: true });
    for (const user of TEAM) h.fake.addUser(user);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("connects with the app-level token, acks a slash command envelope at once and answers through response_url", async () => {
    expect(h.adapter.mode).toBe("socket");
    expect(h.fake.socketConnections).toBe(1);
    const open = h.fake.callsTo("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe("xapp-fake");

    const started = performance.now();
    const ack = await h.fake.sendEnvelope("slash_commands", slashCommandPayload(h.fake, { userId: KOFI, text: 'project create "Coastal Resilience" slug=coastal', responseUrlId: "sock1" }), { acceptsResponsePayload: true });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(ack.envelope_id).toEqual(expect.any(String));
    await h.adapter.drain();
    const reply = h.fake.responses.filter((r) => r.id === "sock1");
    expect(reply).toHaveLength(1);
    expect(unescape(String(reply[0]!.body.text))).toContain("You are its lead");
  });

  it("acks an Events API envelope and its redelivery, recording the kudos once", async () => {
    await h.fake.sendEnvelope("slash_commands", slashCommandPayload(h.fake, { userId: AMINA, text: "project join coastal" }));
    await h.adapter.drain();
    const event = eventPayload(h.fake, { type: "app_mention", user: KOFI, text: `<@${h.fake.botUserId}> kudos <@${AMINA}> for the interviews`, channel: "CCOAST", ts: "1700000010.000100" }, { eventId: "Ev0SOCKET1" });
    const first = await h.fake.sendEnvelope("events_api", event);
    const again = await h.fake.sendEnvelope("events_api", event, { retryAttempt: 1 });
    expect([first.envelope_id, again.envelope_id].every((id) => typeof id === "string")).toBe(true);
    await h.adapter.drain();
    expect(await h.app.database.prisma.acknowledgement.count()).toBe(1);
    const replies = h.fake.callsTo("chat.postEphemeral");
    expect(replies).toHaveLength(1);
    expect(unescape(String(replies[0]!.args.text))).toContain("Thanks recorded for amina");
  });
});
