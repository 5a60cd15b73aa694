// One ChatPort over the configured adapters: people reached on each platform they have an account on
// (ids from the directory, never from an adapter's own lookups), channel posts routed by the platform
// their id names. A third platform with ids of any shape (Mattermost's 26 characters, Matrix's
// @user:server) needs no change here.
import { describe, expect, it } from "vitest";
import type { AccountDirectory, ChatAdapter, Reach } from "../../src/adapters/adapter.ts";
import { accountDirectory, chatPort, connect } from "../../src/adapters/router.ts";
import { info, text, type OutgoingMessage } from "../../src/core/message.ts";

/** A recording adapter: what a platform would have been asked to do. */
function recorder(platform: string) {
  const sent: Array<{ to: Reach; message: OutgoingMessage }> = [];
  const posted: Array<{ channelId: string; message: OutgoingMessage }> = [];
  const started: boolean[] = [];
  const adapter: ChatAdapter = {
    platform,
    label: platform,
    startHint: "",
    start: async ({ receive }) => void started.push(receive),
    stop: async () => void started.push(false),
    async send(to, message) {
      if (to.userIds.length === 0) throw new Error(`${to.displayName} has no ${platform} account`);
      sent.push({ to, message });
    },
    post: async (channelId, message) => void posted.push({ channelId, message }),
    upload: async () => undefined,
    render: (m) => [m],
  };
  return { adapter, sent, posted, started };
}

const ACCOUNTS: Record<string, Array<{ platform: string; externalId: string }>> = {
  amina: [
    { platform: "slack", externalId: "U0AMINA" },
    { platform: "mattermost", externalId: "8xk3q9wz1bfo7yn4r5mc6td2ae" },
  ],
  kofi: [{ platform: "matrix", externalId: "@kofi:example.org" }],
  nobody: [],
};
let lookups = 0;
const identity = {
  accounts: async (personId: string) => (lookups++, (ACCOUNTS[personId] ?? []).map((a) => ({ ...a, workspaceId: "w", handle: null }))),
  workspacesOf: async (platform: string, userId: string) => (platform === "slack" && userId === "U0AMINA" ? ["T1"] : []),
} as never;
const person = (personId: string) => ({ personId, displayName: personId, handle: personId });
const hello = info(text("hello"));

describe("chat router over adapters", () => {
  it("sends to each platform the person has accounts on, with their ids there", async () => {
    const slack = recorder("slack");
    const mattermost = recorder("mattermost");
    const matrix = recorder("matrix");
    const port = chatPort([slack.adapter, mattermost.adapter, matrix.adapter], accountDirectory(identity));
    await port.send(person("amina"), hello);
    expect(slack.sent.map((s) => s.to.userIds)).toEqual([["U0AMINA"]]);
    expect(mattermost.sent.map((s) => s.to.userIds)).toEqual([["8xk3q9wz1bfo7yn4r5mc6td2ae"]]);
    expect(matrix.sent).toEqual([]);
    await port.send(person("kofi"), hello);
    expect(matrix.sent.map((s) => s.to.userIds)).toEqual([["@kofi:example.org"]]);
    await expect(port.send(person("nobody"), hello)).rejects.toThrow(/Not delivered on any platform/);
  });

  it("reads a person's accounts once for a fan-out", async () => {
    const slack = recorder("slack");
    const port = chatPort([slack.adapter], accountDirectory(identity));
    const before = lookups;
    for (let i = 0; i < 5; i++) await port.send(person("amina"), hello);
    expect(lookups - before).toBe(1);
    expect(slack.sent).toHaveLength(5);
  });

  it("posts to the platform a channel id names, whatever the id's shape, and refuses a bare or unknown one", async () => {
    const slack = recorder("slack");
    const discord = recorder("discord");
    const matrix = recorder("matrix");
    const port = chatPort([slack.adapter, discord.adapter, matrix.adapter], accountDirectory(identity));
    await port.post("discord:1234567890123", hello);
    await port.post("slack:C0GENERAL", hello);
    await port.post("matrix:!room:example.org", hello);
    expect([slack.posted.map((p) => p.channelId), discord.posted.map((p) => p.channelId), matrix.posted.map((p) => p.channelId)]).toEqual([["C0GENERAL"], ["1234567890123"], ["!room:example.org"]]);
    await expect(port.post("C0GENERAL", hello)).rejects.toThrow(/No chat platform here has a channel "C0GENERAL"/);
    await expect(port.post("teams:19:abc", hello)).rejects.toThrow(/No chat platform/);
  });

  it("starts and stops every adapter in one loop, workers sending only, with the directory from the core", async () => {
    const slack = recorder("slack");
    const discord = recorder("discord");
    const wiring = connect([slack.adapter, discord.adapter]);
    expect(() => wiring.options()).toThrow(/before the adapters start/);
    wiring.chat({ identity });
    const directory: AccountDirectory = wiring.options().directory;
    expect(await directory.workspacesOf("slack", "U0AMINA")).toEqual(["T1"]);
    await wiring.start(false);
    await wiring.stop();
    expect([slack.started, discord.started]).toEqual([
      [false, false],
      [false, false],
    ]);
  });
});
