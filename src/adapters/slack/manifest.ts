// The Slack app manifest, generated from the command definitions (never written by hand): one
// slash command, the message shortcuts, the events the adapter listens to, and the least-privilege
// scopes with why each is needed. `npm run slack:manifest` rewrites slack/manifest.yml; a test keeps the committed file current.
import { stringify } from "yaml";
import type { CommandDefinition } from "../../core/commands/definition.ts";

export const SLASH_COMMAND = "/mutual";

/**
 * Message shortcuts (the "…" menu on any message): the natural gestures of a kudos and credit tool.
 * Each opens the command's form prefilled with the message's author and a link to the message.
 */
export const MESSAGE_SHORTCUTS = {
  thank: { callback_id: "mutual:thank-author", name: "Thank the author", description: "Thank the person who wrote this message (kudos), with a link to it" },
  record: { callback_id: "mutual:record-contribution", name: "Record as contribution", description: "Record this message's author's contribution, with a link to it" },
} as const;

/** Bot events the adapter handles. */
export const SLACK_EVENTS = ["app_home_opened", "app_mention", "message.im", "reaction_added"] as const;

/** Every bot scope Mutual asks for, and what for: nothing beyond these. */
export const SLACK_SCOPES: Readonly<Record<string, string>> = {
  "app_mentions:read": "`@Mutual kudos @user …` in channels (app_mention)",
  "chat:write": "replies, prompts, reminders, digests",
  commands: `the ${SLASH_COMMAND} slash command and the message shortcuts`,
  "files:write": "exports uploaded as files (files.uploadV2)",
  "im:history": "a plain reply in the DM counts as an answer (message.im)",
  "im:write": "direct messages for prompts and reminders (conversations.open)",
  "reactions:read": "kudos by emoji reaction (reaction_added)",
  "users:read": "a new person's time zone and locale (users.info)",
};

export interface ManifestOptions {
  name?: string;
  /** HTTP mode: the public base URL (events at /slack/events). Socket Mode when absent. */
  httpBaseUrl?: string;
}

const DESCRIPTION = "Reflection prompts, mentorship check-ins and fair credit for research partnerships.";
const LONG_DESCRIPTION =
  "Mutual lives in your team's chat. It sends short reflection prompts at a humane hour in each member's time zone and language, " +
  "reminds mentors of check-ins with their mentees, records contributions and acknowledgements of people and institutions " +
  "(CRediT roles and forms of knowledge), and gives leads contribution summaries, equity views and exports.";

export function slackManifest(commands: readonly CommandDefinition[], options: ManifestOptions = {}): Record<string, unknown> {
  const name = options.name ?? "Mutual";
  const url = options.httpBaseUrl ? `${options.httpBaseUrl.replace(/\/+$/, "")}/slack/events` : undefined;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: { name, description: DESCRIPTION, long_description: LONG_DESCRIPTION, background_color: "#1d4e5f" },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: name, always_online: true },
      slash_commands: [
        {
          command: SLASH_COMMAND,
          description: "Use Mutual: reflections, check-ins, credit",
          usage_hint: `${commands.map((c) => c.name).join(" | ")} (try: help)`,
          should_escape: true, // mentions arrive as <@U123|name>, which the text grammar reads
          ...(url && { url }),
        },
      ],
      shortcuts: Object.values(MESSAGE_SHORTCUTS).map((s) => ({ ...s, type: "message" })),
    },
    oauth_config: { scopes: { bot: Object.keys(SLACK_SCOPES).sort() } },
    settings: {
      event_subscriptions: { ...(url && { request_url: url }), bot_events: [...SLACK_EVENTS] },
      // Forms suggest people and institutions as they are typed (external_select): Slack asks this URL for them.
      interactivity: { is_enabled: true, ...(url && { request_url: url, message_menu_options_url: url }) },
      org_deploy_enabled: false,
      socket_mode_enabled: !url,
      token_rotation_enabled: false,
    },
  };
}

export const manifestYaml = (commands: readonly CommandDefinition[], options?: ManifestOptions): string =>
  `# Generated from the command definitions by \`npm run slack:manifest\`; do not edit by hand.\n${stringify(slackManifest(commands, options), { lineWidth: 0 })}`;
