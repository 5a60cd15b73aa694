// The Slack app manifest is generated from the command definitions: the committed file must be what
// the generator writes today (run `npm run slack:manifest` after changing a command).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { manifestYaml, MESSAGE_SHORTCUTS, SLACK_EVENTS, SLACK_SCOPES, slackManifest } from "../../src/adapters/slack/manifest.ts";
import { commands } from "../../src/core/commands/index.ts";

describe("Slack app manifest", () => {
  it("the committed slack/manifest.yml is current", () => {
    expect(readFileSync("slack/manifest.yml", "utf8"), "run `npm run slack:manifest`").toBe(manifestYaml(commands));
  });

  it("names every command in the slash command's hint, within Slack's limits", () => {
    const manifest = parse(manifestYaml(commands));
    const [slash] = manifest.features.slash_commands;
    expect(slash.command).toBe("/mutual");
    for (const c of commands) expect(slash.usage_hint).toContain(c.name);
    expect(slash.usage_hint.length).toBeLessThanOrEqual(1000);
    expect(slash.description.length).toBeLessThanOrEqual(100);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(174);
  });

  it("offers two message shortcuts, Thank the author and Record as contribution, within Slack's limits", () => {
    const manifest = parse(manifestYaml(commands));
    expect(manifest.features.slash_commands).toHaveLength(1); // one /mutual stays
    expect(manifest.features.shortcuts).toEqual(Object.values(MESSAGE_SHORTCUTS).map((s) => ({ ...s, type: "message" })));
    expect(manifest.features.shortcuts.map((s: { name: string }) => s.name)).toEqual(["Thank the author", "Record as contribution"]);
    for (const s of manifest.features.shortcuts) {
      expect(s.name.length).toBeLessThanOrEqual(24);
      expect(s.description.length).toBeLessThanOrEqual(150);
      expect(s.callback_id.length).toBeLessThanOrEqual(255);
    }
  });

  it("asks for the listed scopes and events only, Socket Mode by default, HTTP when given a URL", () => {
    const socket = slackManifest(commands) as { oauth_config: { scopes: { bot: string[] } }; settings: Record<string, unknown> };
    expect(socket.oauth_config.scopes.bot).toEqual(Object.keys(SLACK_SCOPES).sort());
    expect(socket.settings).toMatchObject({ socket_mode_enabled: true, event_subscriptions: { bot_events: [...SLACK_EVENTS] }, interactivity: { is_enabled: true } });
    const http = slackManifest(commands, { httpBaseUrl: "https://mutual.example.org/" }) as { settings: Record<string, unknown>; features: { slash_commands: Array<{ url: string }> } };
    expect(http.settings).toMatchObject({
      socket_mode_enabled: false,
      event_subscriptions: { request_url: "https://mutual.example.org/slack/events" },
      interactivity: { request_url: "https://mutual.example.org/slack/events" },
    });
    expect(http.features.slash_commands[0]!.url).toBe("https://mutual.example.org/slack/events");
  });
});
