// The text grammar, the same on every platform:
//   <command> [<subcommand>] [positional …] [name=value …]
// Values with spaces are quoted ("…", '…' or typographic quotes, as phones and Slack insert them);
// a quote opens only at the start of a value.
import { UserError } from "../errors.ts";
import { closest, didYouMean, matchVocabulary } from "../matching.ts";
import type { Action, CommandDefinition, OptionDefinition, UserRef } from "./definition.ts";
import { usage } from "./usage.ts";

export const MAX_COMMAND_LENGTH = 4000;
const DEFAULT_MAX_LENGTH = { string: 200, text: 2000 } as const;

export interface Token {
  value: string;
  /** Set for name=value tokens. */
  key?: string;
}

const OPENING_QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’", "«": "»" };

export function tokenize(input: string): Token[] {
  if (input.length > MAX_COMMAND_LENGTH) {
    throw new UserError(
      `That command is too long (${input.length.toLocaleString("en")} characters; the limit is ${MAX_COMMAND_LENGTH.toLocaleString("en")}).`,
    );
  }
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
      const close = i === start ? OPENING_QUOTES[input[i]!] : undefined;
      if (close) {
        const end = input.indexOf(close, i + 1);
        if (end < 0) {
          throw new UserError(`There is an unclosed quote (${input[i]}) in your command.`, "Close it, or leave the quotes out.");
        }
        value += input.slice(i + 1, end);
        i = end + 1;
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
    if (e instanceof UserError) return false;
    throw e;
  }
}

/** Finds the command and subcommand the tokens name; `rest` is what follows them. */
export function locateAction(commands: readonly CommandDefinition[], tokens: readonly Token[]): Omit<ParsedCommand, "args"> & { rest: Token[] } {
  const first = tokens[0];
  if (!first || first.key !== undefined) throw new UserError("Type a command, or `help` to see them all.");
  const command = findCommand(commands, first.value);
  if (!command) {
    const names = commands.map((c) => c.name);
    throw new UserError(`I don't know the command "${first.value}".${didYouMean(closest(first.value, names))}`, "Type `help` to see every command.");
  }
  let rest = tokens.slice(1);
  if (command.action) return { command, action: command.action, path: command.name, rest };
  const subcommands = command.subcommands ?? {};
  let subcommand = rest[0]?.key === undefined ? rest[0]?.value.toLowerCase() : undefined;
  if (subcommand !== undefined && subcommands[subcommand]) {
    rest = rest.slice(1);
  } else if (subcommand === undefined && command.defaultSubcommand) {
    subcommand = command.defaultSubcommand;
  } else {
    const names = Object.keys(subcommands);
    const what = subcommand === undefined ? `\`${command.name}\` needs one of: ${names.join(", ")}.` : `\`${command.name}\` has no "${subcommand}".${didYouMean(closest(subcommand, names))}`;
    throw new UserError(what, `Type \`help ${command.name}\` for examples.`);
  }
  return { command, subcommand, action: subcommands[subcommand]!, path: `${command.name} ${subcommand}`, rest };
}

/**
 * Which option each token is for, as typed (named, or positional in declaration order; the last
 * positional text option takes the rest of the words). Unknown or repeated options are refused.
 */
export function assignTokens(path: string, action: Action, tokens: readonly Token[]): Map<OptionDefinition, string> {
  const options = action.options;
  const hint = `Usage: ${usage(path, action)}`;
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
      const known = options.length ? ` It takes: ${options.map((o) => o.name).join(", ")}.` : " It takes no options.";
      throw new UserError(`\`${path}\` has no option "${token.key}".${didYouMean(closest(token.key, names)) || known}`, hint);
    }
    if (raw.has(option)) throw new UserError(`You gave ${option.name} twice.`, hint);
    raw.set(option, token.value);
  }
  const open = options.filter((o) => o.positional && !raw.has(o));
  for (const [index, option] of open.entries()) {
    if (positionals.length === 0) break;
    const isLast = index === open.length - 1;
    raw.set(option, isLast && option.type === "text" ? positionals.splice(0).join(" ") : positionals.shift()!);
  }
  if (positionals.length > 0) {
    throw new UserError(`I don't know what to do with "${positionals.join(" ")}".`, hint);
  }
  return raw;
}

/** Binds tokens to an action's options, converting and validating each value. */
export function bindArgs(path: string, action: Action, tokens: readonly Token[]): Record<string, unknown> {
  const hint = `Usage: ${usage(path, action)}`;
  const raw = assignTokens(path, action, tokens);
  const args: Record<string, unknown> = {};
  for (const option of action.options) {
    const value = raw.get(option);
    if (value === undefined) {
      if (option.required) throw new UserError(`\`${path}\` needs ${option.name} (${option.description.replace(/\.$/, "")}).`, hint);
      continue;
    }
    args[option.name] = convert(option, value, hint);
  }
  return args;
}

function convert(option: OptionDefinition, value: string, hint: string): unknown {
  const label = option.name;
  switch (option.type) {
    case "string":
    case "text": {
      const trimmed = value.trim();
      const max = option.maxLength ?? DEFAULT_MAX_LENGTH[option.type];
      if (trimmed.length === 0) throw new UserError(`${label} can't be empty.`, hint);
      if (trimmed.length > max) {
        throw new UserError(`${label} is too long (${trimmed.length.toLocaleString("en")} characters; the limit is ${max.toLocaleString("en")}).`);
      }
      return trimmed;
    }
    case "integer": {
      const n = /^[+-]?\d{1,15}$/.test(value.trim()) ? Number(value) : NaN;
      if (!Number.isInteger(n)) throw new UserError(`${label} must be a whole number (got "${value}").`, hint);
      if ((option.min !== undefined && n < option.min) || (option.max !== undefined && n > option.max)) {
        throw new UserError(`${label} must be between ${option.min ?? "-∞"} and ${option.max ?? "∞"} (got ${n}).`, hint);
      }
      return n;
    }
    case "boolean": {
      const v = value.toLowerCase();
      if (["yes", "y", "true", "on", "1"].includes(v)) return true;
      if (["no", "n", "false", "off", "0"].includes(v)) return false;
      throw new UserError(`${label} must be yes or no (got "${value}").`, hint);
    }
    case "choice": {
      const choices = option.choices ?? {};
      if (value.trim() === "") throw new UserError(`${label} can't be empty. Choose one of: ${Object.values(choices).join(", ")}.`);
      const id = matchVocabulary(value, choices);
      if (id) return id;
      const suggestion = closest(value, Object.values(choices));
      throw new UserError(
        `"${value}" is not a valid ${label}.${didYouMean(suggestion)} Choose one of: ${Object.values(choices).join(", ")}.`,
      );
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
export function parseUserRef(value: string, label = "user", hint?: string): UserRef {
  const mention = /^<@!?([A-Za-z0-9]+)(\|[^>]*)?>$/.exec(value);
  if (mention) return { kind: "mention", externalId: mention[1]! };
  const handle = /^@?([\p{L}\p{N}._-]{1,80})$/u.exec(value);
  if (handle) return { kind: "handle", handle: handle[1]! };
  throw new UserError(`${label} should name a person, like @amina (got "${value}").`, hint);
}
