// The Discord command registration, generated from the command definitions (never written by hand):
// one top-level command per core command (/kudos, /contribution, /profile…), its subcommands as
// Discord subcommands, options typed from the definitions. Descriptions are the catalogue's wording,
// whole: a description longer than Discord's 100 characters is an error to fix in the catalogue, not
// something to cut (`overlongDescriptions` names them, and a test keeps the list empty). English, with
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

/** Discord's limits on application commands (discord.com/developers/docs/interactions/application-commands). */
export const COMMAND_LIMITS = {
  commands: 100,
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

/**
 * A "person or institution" option (`credits: "contributor"`) becomes two on Discord: the user picker
 * under the option's own name, and this string option for an institution or someone not on the chat,
 * by name (with autocomplete). Either one gives the text grammar's single value back (`textOptions`).
 */
export const BY_NAME_SUFFIX = "-name";
const PERSON_ON_CHAT = "opt.credited.person";
const BY_NAME = "opt.credited.name";

/** Discord's locale codes for the catalogue's languages (discord.com/developers/docs/reference#locales). */
export const DISCORD_LOCALES = { fr: "fr", "es-ES": "es", "pt-BR": "pt" } as const;
const ENGLISH = translator("en");
const LOCALIZED = Object.entries(DISCORD_LOCALES).map(([locale, lang]) => [locale, translator(lang)] as const);

/** The catalogue's text as Discord shows it: whole, without its closing full stop. */
const wording = (t: Translator, id: string) => t.text(id).trim().replace(/\.$/, "");

type Described = { description: string; description_localizations: Record<string, string> };
/** A description (a catalogue id) in English and in each of Discord's locales we have, never shortened. */
const described = (id: string): Described => ({
  description: wording(ENGLISH, id),
  description_localizations: Object.fromEntries(LOCALIZED.map(([locale, t]: readonly [string, Translator]) => [locale, wording(t, id)])),
});

/** Options that Discord offers to complete as people type: choices and known values (fixed choice lists would count towards the 4,000 characters). */
export const autocompletes = (o: OptionDefinition): boolean => o.suggest !== undefined || o.type === "choice";

/** Whether Discord's user picker serves this option: a person, or the person half of "person or institution". */
export const picksUser = (o: OptionDefinition): boolean => o.type === "user" || o.credits !== undefined;

function stringJson(o: OptionDefinition, base: Described & { name: string; required: boolean }): APIApplicationCommandBasicOption {
  const maxLength = Math.min(o.maxLength ?? DEFAULT_MAX_LENGTH[o.type === "text" ? "text" : "string"], COMMAND_LIMITS.stringMaxLength);
  return { ...base, type: ApplicationCommandOptionType.String, max_length: maxLength, ...(autocompletes(o) && { autocomplete: true }) };
}

function optionJson(o: OptionDefinition): APIApplicationCommandBasicOption[] {
  const base = { name: o.name, ...described(o.description), required: Boolean(o.required) };
  if (o.credits === "contributor") {
    // Either one may be given, so Discord can require neither; the core says so when both are missing.
    return [
      { ...base, ...described(PERSON_ON_CHAT), required: false, type: ApplicationCommandOptionType.User },
      stringJson(o, { ...base, name: `${o.name}${BY_NAME_SUFFIX}`, ...described(BY_NAME), required: false }),
    ];
  }
  if (picksUser(o)) return [{ ...base, type: ApplicationCommandOptionType.User }];
  switch (o.type) {
    case "integer":
      return [{ ...base, type: ApplicationCommandOptionType.Integer, ...(o.min !== undefined && { min_value: o.min }), ...(o.max !== undefined && { max_value: o.max }) }];
    case "boolean":
      return [{ ...base, type: ApplicationCommandOptionType.Boolean }];
    default:
      return [stringJson(o, base)];
  }
}

/** Discord wants required options before optional ones; otherwise the definitions' order is kept. */
const options = (action: Action): APIApplicationCommandBasicOption[] =>
  action.options.flatMap(optionJson).sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));

function commandJson(c: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const children: APIApplicationCommandOption[] = c.action
    ? options(c.action)
    : Object.entries(c.subcommands ?? {}).map(([name, a]) => ({ type: ApplicationCommandOptionType.Subcommand, name, ...described(a.description), options: options(a) }));
  return {
    type: ApplicationCommandType.ChatInput,
    name: c.name,
    ...described(c.description),
    // In servers and in the DM with the bot; installed to servers (not to user accounts).
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: children,
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

/** Every description in a registration (any language) longer than Discord allows, as "/path (locale): text". */
export function overlongDescriptions(body: readonly Sized[]): string[] {
  const out: string[] = [];
  const walk = (o: Sized, path: string) => {
    for (const [locale, text] of [["en-US", o.description], ...Object.entries(o.description_localizations ?? {})] as const) {
      if (text && text.length > COMMAND_LIMITS.description) out.push(`${path} (${locale}, ${text.length}): ${text}`);
    }
    for (const child of (o.options ?? []) as Sized[]) walk(child, `${path} ${child.name}`);
  };
  for (const command of body) walk(command, `/${command.name}`);
  return out;
}

/**
 * The registration body for a bulk overwrite (PUT replaces every command, so an old /mutual goes).
 * Refuses to produce one Discord would reject or show cut: a description too long, a command too big.
 */
export function discordCommands(commands: readonly CommandDefinition[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const body = commands.map(commandJson);
  const problems = [
    ...(body.length > COMMAND_LIMITS.commands ? [`${body.length} commands (Discord allows ${COMMAND_LIMITS.commands})`] : []),
    ...overlongDescriptions(body),
    ...body.filter((c) => commandSize(c) > COMMAND_LIMITS.totalCharacters).map((c) => `/${c.name} has ${commandSize(c)} characters (Discord allows ${COMMAND_LIMITS.totalCharacters})`),
  ];
  if (problems.length) throw new Error(`The Discord registration does not fit Discord's limits:\n${problems.join("\n")}`);
  return body;
}

/** Command names the registration declares: interactions for these are Mutual's. */
export const commandNames = (commands: readonly CommandDefinition[]): Set<string> => new Set(commands.map((c) => c.name));
