// The text grammar, the same on every platform:
//   <command> [<subcommand>] [positional …] [name=value …]
// Values with spaces are quoted ("…", '…' or typographic quotes, as phones and Slack insert them);
// a quote opens only at the start of a value; inside, \" is a quote and \\ a backslash.
import { fail, isUserError } from "../errors.ts";
import { english, isMessageId, msg, or, type Msg } from "../i18n/index.ts";
import { closest, didYouMean, fold, matchVocabulary } from "../matching.ts";
import type { Action, CommandDefinition, OptionDefinition, UserRef } from "./definition.ts";
import { usage } from "./usage.ts";

export const MAX_COMMAND_LENGTH = 4000;
const DEFAULT_MAX_LENGTH = { string: 200, text: 2000 } as const;

export interface Token {
  value: string;
  /** Set for name=value tokens. */
  key?: string;
}

const OPENING_QUOTES = new Map([['"', '"'], ["'", "'"], ["“", "”"], ["‘", "’"], ["«", "»"]]);

export function tokenize(input: string): Token[] {
  if (input.length > MAX_COMMAND_LENGTH) fail("parse.tooLong", { length: input.length, max: MAX_COMMAND_LENGTH });
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i]!)) i++;
    if (i >= input.length) break;
    const keyMatch = /^([a-z][a-z0-9_-]*)=/i.exec(input.slice(i));
    let key: string | undefined;
    if (keyMatch) {
      key = keyMatch[1]!.toLowerCase();
      i += keyMatch[0].length;
    }
    let value = "";
    const start = i;
    while (i < input.length && !/\s/.test(input[i]!)) {
      // Quotes open only at the start of a value, so an apostrophe in O'Brien is just a letter.
      const close = i === start ? OPENING_QUOTES.get(input[i]!) : undefined;
      if (close) {
        // Inside quotes, a backslash keeps the closing quote (\") or a backslash (\\) as a letter;
        // any other backslash is itself ("C:\data").
        let j = i + 1;
        while (j < input.length && input[j] !== close) {
          if (input[j] === "\\" && (input[j + 1] === close || input[j + 1] === "\\")) j++;
          value += input[j];
          j++;
        }
        if (j >= input.length) fail("parse.unclosedQuote", { quote: input[i] }, msg("parse.unclosedQuote.hint"));
        i = j + 1;
      } else {
        value += input[i];
        i++;
      }
    }
    tokens.push(key === undefined ? { value } : { key, value });
  }
  return tokens;
}

export interface ParsedCommand {
  command: CommandDefinition;
  subcommand?: string;
  action: Action;
  /** "project create", for messages. */
  path: string;
  args: Record<string, unknown>;
}

export function findCommand(commands: readonly CommandDefinition[], name: string): CommandDefinition | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n || c.aliases?.includes(n));
}

export function parseCommand(commands: readonly CommandDefinition[], input: string, options: Readonly<Record<string, string>> = {}): ParsedCommand {
  const tokens = [...tokenize(input), ...Object.entries(options).map(([key, value]) => ({ key, value }))];
  const { rest, ...found } = locateAction(commands, tokens);
  return { ...found, args: bindArgs(found.path, found.action, rest) };
}

/**
 * Whether a direct message is a command: it starts with a command's own name (aliases such as
 * "thanks" or "reply" are too likely to be prose) and parses. Anything else is a person's own words,
 * an answer to a prompt: "My main learning…", "Thanks for the question…".
 */
export function isCommand(commands: readonly CommandDefinition[], text: string): boolean {
  const first = text.trim().split(/\s+/, 1)[0]!.toLowerCase();
  if (!commands.some((c) => c.name === first)) return false;
  try {
    parseCommand(commands, text);
    return true;
  } catch (e) {
    if (isUserError(e)) return false;
    throw e;
  }
}

/** Finds the command and subcommand the tokens name; `rest` is what follows them. */
export function locateAction(commands: readonly CommandDefinition[], tokens: readonly Token[]): Omit<ParsedCommand, "args"> & { rest: Token[] } {
  const first = tokens[0];
  if (!first || first.key !== undefined) fail("parse.empty");
  const command = findCommand(commands, first.value);
  if (!command) {
    const names = commands.map((c) => c.name);
    fail("parse.unknownCommand", { name: first.value, didYouMean: didYouMean(closest(first.value, names)) }, msg("parse.seeAllCommands"));
  }
  let rest = tokens.slice(1);
  if (command.action) return { command, action: command.action, path: command.name, rest };
  const subcommands = command.subcommands ?? {};
  let subcommand = rest[0]?.key === undefined ? rest[0]?.value.toLowerCase() : undefined;
  // Object.hasOwn: a typed "constructor" or "__proto__" is not a subcommand.
  if (subcommand !== undefined && Object.hasOwn(subcommands, subcommand)) {
    rest = rest.slice(1);
  } else if (subcommand === undefined && command.defaultSubcommand) {
    subcommand = command.defaultSubcommand;
  } else {
    const names = Object.keys(subcommands);
    const help = msg("parse.helpFor", { command: command.name });
    if (subcommand === undefined) fail("parse.needsSubcommand", { command: command.name, subcommands: or(names) }, help);
    fail("parse.noSubcommand", { command: command.name, subcommand, didYouMean: didYouMean(closest(subcommand, names)) }, help);
  }
  return { command, subcommand, action: subcommands[subcommand]!, path: `${command.name} ${subcommand}`, rest };
}

/**
 * Which option each token is for, as typed (named, or positional in declaration order; the last
 * positional text option takes the rest of the words). Unknown or repeated options are refused.
 */
export function assignTokens(path: string, action: Action, tokens: readonly Token[]): Map<OptionDefinition, string> {
  const options = action.options;
  const hint = msg("parse.usage", { usage: usage(path, action) });
  const raw = new Map<OptionDefinition, string>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.key === undefined) {
      positionals.push(token.value);
      continue;
    }
    const option = options.find((o) => o.name === token.key || o.aliases?.includes(token.key!));
    if (!option) {
      const names = options.flatMap((o) => [o.name, ...(o.aliases ?? [])]);
      const known = options.length ? msg("parse.takesOptions", { options: options.map((o) => o.name).join(", ") }) : msg("parse.takesNoOptions");
      fail("parse.unknownOption", { path, option: token.key, more: didYouMean(closest(token.key, names)) || known }, hint);
    }
    if (raw.has(option)) fail("parse.twice", { option: option.name }, hint);
    raw.set(option, token.value);
  }
  const open = options.filter((o) => o.positional && !raw.has(o));
  for (const [index, option] of open.entries()) {
    if (positionals.length === 0) break;
    const isLast = index === open.length - 1;
    raw.set(option, isLast && option.type === "text" ? positionals.splice(0).join(" ") : positionals.shift()!);
  }
  if (positionals.length > 0) fail("parse.unexpected", { words: positionals.join(" ") }, hint);
  return raw;
}

/** Binds tokens to an action's options, converting and validating each value. */
export function bindArgs(path: string, action: Action, tokens: readonly Token[]): Record<string, unknown> {
  const hint = msg("parse.usage", { usage: usage(path, action) });
  const raw = assignTokens(path, action, tokens);
  const args: Record<string, unknown> = {};
  for (const option of action.options) {
    const value = raw.get(option);
    if (value === undefined) {
      if (option.required) fail("parse.missing", { path, option: option.name, description: (t) => t.text(option.description).replace(/\.$/, "") }, hint);
      continue;
    }
    args[option.name] = convert(option, value, hint);
  }
  return args;
}

function convert(option: OptionDefinition, value: string, hint: Msg): unknown {
  const label = option.name;
  switch (option.type) {
    case "string":
    case "text": {
      const trimmed = value.trim();
      const max = option.maxLength ?? DEFAULT_MAX_LENGTH[option.type];
      if (trimmed.length === 0) fail("parse.emptyValue", { option: label }, hint);
      if (trimmed.length > max) fail("parse.valueTooLong", { option: label, length: trimmed.length, max });
      return trimmed;
    }
    case "integer": {
      const n = /^[+-]?\d{1,15}$/.test(value.trim()) ? Number(value) : NaN;
      if (!Number.isInteger(n)) fail("parse.notInteger", { option: label, value }, hint);
      if ((option.min !== undefined && n < option.min) || (option.max !== undefined && n > option.max)) {
        fail("parse.outOfRange", { option: label, min: option.min ?? "-∞", max: option.max ?? "∞", value: n }, hint);
      }
      return n;
    }
    case "boolean": {
      const v = value.toLowerCase();
      if (["yes", "y", "true", "on", "1"].includes(v)) return true;
      if (["no", "n", "false", "off", "0"].includes(v)) return false;
      return fail("parse.notBoolean", { option: label, value }, hint);
    }
    case "choice": {
      const choices = option.choices ?? {};
      // The values to type, each with its meaning: "private (only you), project (…)".
      // A meaning that only repeats the value ("student") is left out; one from the catalogue is worded for the reader.
      const listed = or(
        Object.entries(choices).map(([id, meaning]) =>
          fold(id) === fold(isMessageId(meaning) ? english(msg(meaning)) : meaning) ? id : msg("parse.choice", { value: id, label: isMessageId(meaning) ? msg(meaning) : meaning }),
        ),
      );
      if (value.trim() === "") fail("parse.choiceEmpty", { option: label, choices: listed });
      const id = matchVocabulary(value, choices, option.choiceAliases);
      if (id) return id;
      const near = closest(value, [...Object.keys(choices), ...Object.values(choices)]);
      const suggestion = near === undefined ? undefined : (matchVocabulary(near, choices) ?? near);
      // The value is echoed clipped, so the values to type always fit in the line.
      const echoed = value.length > 60 ? `${value.slice(0, 59)}…` : value;
      return fail("parse.choiceInvalid", { value: echoed, option: label, didYouMean: didYouMean(suggestion), choices: listed });
    }
    case "user":
      return parseUserRef(value, label, hint);
  }
}

/** "#12" or "12" → 12: how contributions, schedules, pairs and list items are referred to. */
export function numberRef(input: string): number | undefined {
  const m = /^#?(\d{1,9})$/.exec(input.trim());
  return m ? Number(m[1]) : undefined;
}

/** Slack <@U123|name>, Discord <@123> / <@!123>, or a plain @handle. */
export function parseUserRef(value: string, label = "user", hint?: Msg): UserRef {
  const mention = /^<@!?([A-Za-z0-9]+)(\|[^>]*)?>$/.exec(value);
  if (mention) return { kind: "mention", externalId: mention[1]! };
  const handle = /^@?([\p{L}\p{N}._-]{1,80})$/u.exec(value);
  if (handle) return { kind: "handle", handle: handle[1]! };
  fail("parse.notPerson", { option: label, value }, hint);
}
