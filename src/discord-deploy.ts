#!/usr/bin/env node
// `npm run discord:deploy`: registers the top-level commands (/kudos, /contribution…), generated from
// the command definitions, with one bulk overwrite (PUT): to DISCORD_GUILD_ID when set (instant, for
// development), else globally. The overwrite replaces the whole list, so commands no longer declared
// (the old single /mutual) are removed by the same request. It is a separate step on purpose: the bot
// never re-registers on boot (Discord rate-limits command updates).
import { existsSync } from "node:fs";
import { REST, Routes } from "discord.js";
import { commandSize, discordCommands } from "./adapters/discord/registration.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { commands } from "./core/commands/index.ts";

async function deploy() {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const body = discordCommands(commands);
  if (process.argv.includes("--print")) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  const config = loadConfig();
  if (!config.discord) throw new ConfigError("Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (Discord Developer Portal) to deploy the commands.");
  const { token, applicationId, guildId, apiUrl } = config.discord;
  const rest = new REST({ ...(apiUrl && { api: apiUrl }) }).setToken(token);
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const saved = (await rest.put(route, { body })) as Array<{ id: string; name: string }>;
  const largest = Math.max(...body.map(commandSize));
  const where = guildId ? `to server ${guildId} (available now)` : "globally (Discord may take up to an hour to show them everywhere)";
  process.stdout.write(`Deployed ${saved.length} commands, /${saved.map((c) => c.name).join(", /")} (the largest ${largest} of 4000 characters), ${where}.\n`);
}

deploy().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : `Deploying the Discord commands failed: ${(e as Error).message}`}\n`);
  process.exit(e instanceof ConfigError ? 2 : 1);
});
