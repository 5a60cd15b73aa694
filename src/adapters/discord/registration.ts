// The Discord command registration, generated from the command definitions (never written by hand):
// one /mutual with a subcommand per core command (a group for commands with subcommands), options
// typed from the definitions. Discord caps one command at 4,000 characters of names, descriptions and
// choices in all (a field's longest localisation counts), so descriptions are shortened evenly until the whole fits, and long
// choice lists become autocomplete (which costs nothing). Descriptions are the catalogue's English, with
// description_localizations for the languages Discord has (fr, es-ES, pt-BR; Discord has no Swahili).
// `npm run discord:deploy` sends it; nothing else does.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Action, CommandDefinition, OptionDefinition } from "../../core/commands/definition.ts";
import { translator, type Translator } from "../../core/i18n/index.ts";

export const DISCORD_COMMAND = "mutual";

/** Discord's limits on application commands (discord.com/developers/docs/interactions/application-commands). */
export const COMMAND_LIMITS = {
  name: 32,
  description: 100,
  optionsPerLevel: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  totalCharacters: 4000,
  stringMaxLength: 6000,
} as const;

/** Discord's pattern for command and option names (lower case). */
export const NAME_PATTERN = /^[-_'\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const DEFAULT_MAX_LENGTH = { string: 200, text: 2000 } as const;
/** Subcommands are what people pick from; they get this many times an option's share of the budget. */
const SUBCOMMAND_WEIGHT = 3;

const DESCRIPTION = "cmd.mutual";

/** Discord's locale codes for the catalogue's languages (discord.com/developers/docs/reference#locales). */
export const DISCORD_LOCALES = { fr: "fr", "es-ES": "es", "pt-BR": "pt" } as const;
const ENGLISH = translator("en");
const LOCALIZED = Object.entries(DISCORD_LOCALES).map(([locale, lang]) => [locale, translator(lang)] as const);

type Described = { description: string; description_localizations: Record<string, string> };
/** A definition's description (a catalogue id) in English and in each of Discord's locales we have, shortened to `cap`. */
const described = (id: string, cap: number): Described => ({
  description: brief(ENGLISH.text(id), cap),
  description_localizations: Object.fromEntries(LOCALIZED.map(([locale, t]: readonly [string, Translator]) => [locale, brief(t.text(id), cap)])),
});

/**
 * Options that Discord offers to complete as people type: choices and known values. Choices are
 * offered by autocomplete too (all of them when nothing is typed yet): fixed choice lists would count
 * towards the 4,000 characters, and they would leave less room for the descriptions.
 */
export const autocompletes = (o: OptionDefinition): boolean => o.suggest !== undefined || o.type === "choice";

const FILLER = new Set(["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "your", "its", "their"]);

/**
 * The text in at most `max` characters: the whole of it, or its first clause without examples and
 * asides, or its first words (not ending on "the", "of"…) and "…".
 */
export function brief(text: string, max: number): string {
  const plain = text.trim().replace(/\.$/, "");
  if (plain.length <= max) return plain;
  const bare = plain.replace(/\s*\([^)]*\)/g, "").replace(/[,;:]?\s*(e\.g\.|such as|like)\s.*$/i, "").replace(/[.;:].*$/, "").trim();
  if (bare.length <= max) return bare;
  const words = bare.split(/\s+/);
  let n = 0;
  while (n < words.length && words.slice(0, n + 1).join(" ").length <= max - 1) n++;
  while (n > 1 && FILLER.has(words[n - 1]!.toLowerCase().replace(/[,;]$/, ""))) n--;
  const cut = words.slice(0, n).join(" ").replace(/[,;]$/, "");
  return n === 0 ? bare.slice(0, max) : `${cut}…`;
}

function optionJson(o: OptionDefinition, cap: number): APIApplicationCommandBasicOption {
  const base = { name: o.name, ...described(o.description, cap), required: Boolean(o.required) };
  switch (o.type) {
    case "integer":
      return { ...base, type: ApplicationCommandOptionType.Integer, ...(o.min !== undefined && { min_value: o.min }), ...(o.max !== undefined && { max_value: o.max }) };
    case "boolean":
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case "user":
      return { ...base, type: ApplicationCommandOptionType.User };
    case "choice":
    case "string":
    case "text": {
      const maxLength = Math.min(o.maxLength ?? DEFAULT_MAX_LENGTH[o.type === "text" ? "text" : "string"], COMMAND_LIMITS.stringMaxLength);
      if (autocompletes(o)) return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true, max_length: maxLength };
      return { ...base, type: ApplicationCommandOptionType.String, max_length: maxLength };
    }
  }
}

/** Discord wants required options before optional ones; otherwise the definitions' order is kept. */
const options = (action: Action, cap: number) =>
  [...action.options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required))).map((o) => optionJson(o, cap));

function build(commands: readonly CommandDefinition[], cap: number): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const subCap = Math.min(COMMAND_LIMITS.description, cap * SUBCOMMAND_WEIGHT);
  const top: APIApplicationCommandOption[] = commands.map((c) =>
    c.action
      ? { type: ApplicationCommandOptionType.Subcommand, name: c.name, ...described(c.description, subCap), options: options(c.action, cap) }
      : {
          type: ApplicationCommandOptionType.SubcommandGroup,
          name: c.name,
          ...described(c.description, subCap),
          options: Object.entries(c.subcommands ?? {}).map(([name, a]) => ({
            type: ApplicationCommandOptionType.Subcommand,
            name,
            ...described(a.description, subCap),
            options: options(a, cap),
          })),
        },
  );
  return {
    type: ApplicationCommandType.ChatInput,
    name: DISCORD_COMMAND,
    ...described(DESCRIPTION, COMMAND_LIMITS.description),
    // In servers and in the DM with the bot; installed to servers (not to user accounts).
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: top,
  };
}

type Sized = {
  name: string;
  description: string;
  description_localizations?: Readonly<Record<string, string | null>> | null;
  options?: readonly unknown[];
  choices?: ReadonlyArray<{ name: string; value: string | number }>;
};

/**
 * The characters Discord counts towards a command's 4,000: every name, description and choice, a
 * localised field by its longest wording (the default included).
 */
export function commandSize(command: Sized): number {
  const count = (o: Sized): number =>
    o.name.length +
    Math.max(o.description.length, ...Object.values(o.description_localizations ?? {}).map((d) => d?.length ?? 0)) +
    (o.choices ?? []).reduce((n, c) => n + c.name.length + String(c.value).length, 0) +
    (o.options ?? []).reduce<number>((n, child) => n + count(child as never), 0);
  return count(command);
}

/** The registration body for a bulk overwrite: the longest descriptions that fit Discord's limits. */
export function discordCommands(commands: readonly CommandDefinition[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  for (let cap = COMMAND_LIMITS.description; cap >= 1; cap--) {
    const command = build(commands, cap);
    if (commandSize(command) <= COMMAND_LIMITS.totalCharacters) return [command];
  }
  throw new Error(`The command definitions don't fit in one Discord command (${COMMAND_LIMITS.totalCharacters} characters) even with one-letter descriptions`);
}
