// The chat platforms a process can run, one line each: adding a platform is its folder under
// src/adapters/ (an adapter implementing ChatAdapter, src/adapters/adapter.ts) plus one line here.
// Each SDK is loaded only when its platform is configured: the shell loads neither Bolt nor discord.js.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config.ts";
import type { CommandDefinition } from "../core/commands/definition.ts";
import type { Form } from "../core/commands/form.ts";
import type { Suggestion } from "../core/commands/suggest.ts";
import type { ChatEvent } from "../core/events.ts";
import type { Outcome } from "../core/mutual.ts";
import type { Logger } from "../core/ports.ts";
import type { ChatAdapter } from "./adapter.ts";

/** What every adapter is given: the core's front doors, late-bound (the app is built after the adapters). */
export interface AdapterContext {
  commands: readonly CommandDefinition[];
  process(event: ChatEvent): Promise<Outcome>;
  suggest(event: ChatEvent, option: string, typed: string): Promise<Suggestion[]>;
  form(event: ChatEvent, command: string, title: string): Promise<Form | undefined>;
  health(req: IncomingMessage, res: ServerResponse): void;
  logger: Logger;
}

const PLATFORMS: ReadonlyArray<(config: Config, context: AdapterContext) => Promise<ChatAdapter | undefined>> = [
  async (config, context) => (config.slack ? new (await import("./slack/slack.ts")).SlackAdapter({ ...context, config: config.slack }) : undefined),
  async (config, context) => (config.discord ? new (await import("./discord/discord.ts")).DiscordAdapter({ ...context, config: config.discord }) : undefined),
];

/** The adapters of the platforms configured (credentials present), in a fixed order. */
export async function chatAdapters(config: Config, context: AdapterContext): Promise<ChatAdapter[]> {
  const built = await Promise.all(PLATFORMS.map((make) => make(config, context)));
  return built.filter((a): a is ChatAdapter => a !== undefined);
}
