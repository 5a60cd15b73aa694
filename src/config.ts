// The environment, parsed once. Every problem is reported in one line that names the variable.
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import type { DatabaseTarget } from "./store/database.ts";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const url = (protocols: string[], example: string) =>
  optional.refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
    message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(" or ")}, e.g. ${example}`,
  });

/** A duration in milliseconds within a platform's limits (both Slack and Discord want an answer within 3 s). */
const milliseconds = (min: number, max: number, example: number) =>
  optional.refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) >= min && Number(v) <= max), {
    message: `must be a number of milliseconds from ${min} to ${max}, e.g. ${example}`,
  });

const schema = z.object({
  DATABASE_URL: url(["postgres", "postgresql"], "postgresql://mutual@127.0.0.1:5432/mutual"),
  MUTUAL_DATA_DIR: optional,
  REDIS_URL: url(["redis", "rediss"], "redis://127.0.0.1:6379"),
  MUTUAL_QUEUE_PREFIX: optional.refine((v) => v === undefined || /^[\w.-]+$/.test(v), { message: "may use letters, digits, . _ - only" }),
  MUTUAL_ROLE: z.enum(["all", "bot", "worker"]).optional(),
  MUTUAL_COMMANDS: z.enum(["local", "queue"]).optional(),
  MUTUAL_SHELL_USER: optional,
  MUTUAL_PROMPTS_DIR: optional,
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  LOG_FILE: optional,
  SLACK_BOT_TOKEN: optional.refine((v) => v === undefined || v.startsWith("xoxb-"), { message: "must be a bot token (xoxb-…, under OAuth & Permissions)" }),
  SLACK_APP_TOKEN: optional.refine((v) => v === undefined || v.startsWith("xapp-"), { message: "must be an app-level token (xapp-…, under Basic Information) with connections:write" }),
  SLACK_SIGNING_SECRET: optional,
  SLACK_API_URL: url(["http", "https"], "https://slack.com/api/"),
  SLACK_KUDOS_EMOJI: optional.refine((v) => v === undefined || /^:?[a-z0-9_+'-]{1,100}:?$/.test(v), { message: "must be an emoji name, e.g. raised_hands" }),
  SLACK_FORM_WAIT_MS: milliseconds(100, 2_500, 2_000),
  PORT: optional.refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), { message: "must be a port number, e.g. 3000" }),
  MUTUAL_HEALTH_PORT: optional.refine((v) => v === undefined || v === "off" || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), { message: "must be a port number (0 picks a free one) or off, e.g. 9464" }),
  MUTUAL_RECEIPT_DAYS: optional.refine((v) => v === undefined || (/^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 3650), { message: "must be a number of days from 1 to 3650, e.g. 30" }),
  MUTUAL_RECONCILE_SECONDS: optional.refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 86_400), { message: "must be a number of seconds from 1 to 86400, e.g. 300" }),
  DISCORD_TOKEN: optional.refine((v) => v === undefined || /^[\w-]{20,}\.[\w-]+\.[\w-]+$/.test(v), { message: "must be a bot token (Bot → Reset Token in the Developer Portal)" }),
  DISCORD_APPLICATION_ID: optional.refine((v) => v === undefined || /^\d{15,25}$/.test(v), { message: "must be the application's id, a number (General Information → Application ID)" }),
  DISCORD_GUILD_ID: optional.refine((v) => v === undefined || /^\d{15,25}$/.test(v), { message: "must be a server id, a number (right-click the server → Copy Server ID)" }),
  DISCORD_API_URL: url(["http", "https"], "https://discord.com/api"),
  DISCORD_KUDOS_EMOJI: optional,
  DISCORD_DEFER_AFTER_MS: milliseconds(0, 2_500, 250),
});

/** Every environment variable Mutual reads (.env.example lists them all; a test checks it). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

/** How long command receipts are kept by default (README, "Your data"). */
export const DEFAULT_RECEIPT_DAYS = 30;

export type Role = "all" | "bot" | "worker";

/** Prometheus' conventional exporter port range; 9464 is what OpenTelemetry's exporter uses. */
export const DEFAULT_HEALTH_PORT = 9464;

export interface SlackConfig {
  botToken: string;
  /** Socket Mode when set (no public URL needed); otherwise HTTP with the signing secret. */
  appToken: string | undefined;
  signingSecret: string | undefined;
  /** Web API base URL: a local fake in tests, a GovSlack or enterprise proxy in production. */
  apiUrl: string | undefined;
  /** HTTP mode's port (events at /slack/events). */
  port: number;
  /** The reaction that records kudos, without colons. */
  kudosEmoji: string;
  /** How long a submitted form waits for the core, to show a mistake in the modal (default 2 s; Slack allows 3). */
  formWaitMs?: number;
}
export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** Commands are deployed to this server only (instantly, for development); globally otherwise. */
  guildId: string | undefined;
  /** REST base URL (discord.js `rest.api`); the gateway URL is asked from it. A local fake in tests. */
  apiUrl: string | undefined;
  /** The reaction that records kudos: a Unicode emoji, or a custom emoji's name or id. */
  kudosEmoji: string;
  /** A command slower than this is deferred, then its reply edited in (default 250 ms; Discord allows 3 s). */
  deferAfterMs?: number;
}

export type AdapterName = "shell" | "slack" | "discord";

export interface Config {
  database: DatabaseTarget;
  dataDir: string;
  /** BullMQ on this Redis; unset: the embedded scheduler (one process). */
  redisUrl: string | undefined;
  queuePrefix: string;
  /** /healthz, /readyz and /metrics on this port (0: any free one); undefined: off. */
  healthPort: number | undefined;
  /** Job schedulers are reconciled from the database this often (and on reconnect). */
  reconcileIntervalMs: number;
  /** Command receipts (copies of replies, kept so a retried event is answered once) are deleted after this many days. */
  receiptRetentionDays: number;
  /** all: chat adapters and workers in one process; bot: adapters only; worker: workers only. */
  role: Role;
  /** local: a chat process runs its commands itself; queue: it hands them to workers through BullMQ. */
  commands: "local" | "queue";
  adapters: AdapterName[];
  shellUser: string;
  logLevel: (typeof LOG_LEVELS)[number];
  logFile: string | undefined;
  /** A team's own prompt sets, loaded after the bundled ones. */
  promptsDir: string | undefined;
  slack: SlackConfig | undefined;
  discord: DiscordConfig | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    // Tokens and secrets are never echoed, not even to the terminal that set them.
    const secret = /TOKEN|SECRET/.test(name);
    const got = env[name] === undefined || secret ? "" : ` (got "${String(env[name]).slice(0, 60)}")`;
    throw new ConfigError(`Configuration error: ${name} ${issue.message}${got}.`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.MUTUAL_DATA_DIR ?? ".mutual");
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError("Configuration error: SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) beside it.");
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) {
    throw new ConfigError("Configuration error: SLACK_BOT_TOKEN is missing (xoxb-…, under OAuth & Permissions after installing the app).");
  }
  if (Boolean(e.DISCORD_TOKEN) !== Boolean(e.DISCORD_APPLICATION_ID)) {
    throw new ConfigError(`Configuration error: ${e.DISCORD_TOKEN ? "DISCORD_TOKEN needs DISCORD_APPLICATION_ID" : "DISCORD_APPLICATION_ID needs DISCORD_TOKEN"} beside it (both are in the Discord Developer Portal).`);
  }
  const role = e.MUTUAL_ROLE ?? "all";
  if (role !== "all" && !e.REDIS_URL) {
    throw new ConfigError(
      `Configuration error: MUTUAL_ROLE=${role} needs REDIS_URL: without Redis the scheduler runs inside one process, so chat and scheduled jobs cannot be split (use MUTUAL_ROLE=all, or set REDIS_URL).`,
    );
  }
  const commands = e.MUTUAL_COMMANDS ?? "local";
  if (commands === "queue" && !e.REDIS_URL) {
    throw new ConfigError("Configuration error: MUTUAL_COMMANDS=queue needs REDIS_URL: commands go to worker processes through BullMQ on Redis.");
  }
  const adapters: AdapterName[] = [];
  if (e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) adapters.push("slack");
  if (e.DISCORD_TOKEN) adapters.push("discord");
  if (adapters.length === 0) adapters.push("shell");
  // Health is on by default wherever an operator runs Mutual unattended; the shell is someone's terminal.
  const healthByDefault = role === "worker" || adapters.includes("slack") || adapters.includes("discord");
  const healthPort = e.MUTUAL_HEALTH_PORT === "off" ? undefined : e.MUTUAL_HEALTH_PORT !== undefined ? Number(e.MUTUAL_HEALTH_PORT) : healthByDefault ? DEFAULT_HEALTH_PORT : undefined;
  return {
    database: e.DATABASE_URL ? { url: e.DATABASE_URL } : { dataDir: path.join(dataDir, "db") },
    dataDir,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.MUTUAL_QUEUE_PREFIX ?? "mutual",
    healthPort,
    reconcileIntervalMs: Number(e.MUTUAL_RECONCILE_SECONDS ?? 300) * 1000,
    receiptRetentionDays: Number(e.MUTUAL_RECEIPT_DAYS ?? DEFAULT_RECEIPT_DAYS),
    role,
    commands,
    adapters,
    shellUser: e.MUTUAL_SHELL_USER ?? safeUserName(),
    // The shell shares the terminal with its user: only warnings unless asked for more.
    logLevel: e.LOG_LEVEL ?? (adapters.includes("shell") ? "warn" : "info"),
    logFile: e.LOG_FILE,
    promptsDir: e.MUTUAL_PROMPTS_DIR ? path.resolve(e.MUTUAL_PROMPTS_DIR) : undefined,
    slack: adapters.includes("slack")
      ? {
          botToken: e.SLACK_BOT_TOKEN!,
          appToken: e.SLACK_APP_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          apiUrl: e.SLACK_API_URL && (e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`),
          port: Number(e.PORT ?? 3000),
          kudosEmoji: (e.SLACK_KUDOS_EMOJI ?? "raised_hands").replace(/:/g, ""),
          ...(e.SLACK_FORM_WAIT_MS !== undefined && { formWaitMs: Number(e.SLACK_FORM_WAIT_MS) }),
        }
      : undefined,
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID!,
          guildId: e.DISCORD_GUILD_ID,
          apiUrl: e.DISCORD_API_URL?.replace(/\/+$/, ""),
          kudosEmoji: (e.DISCORD_KUDOS_EMOJI ?? "🙌").replace(/^:|:$/g, ""),
          ...(e.DISCORD_DEFER_AFTER_MS !== undefined && { deferAfterMs: Number(e.DISCORD_DEFER_AFTER_MS) }),
        }
      : undefined,
  };
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return "me";
  }
}
