// One definition per command. Help text, the text grammar's parser, the Slack manifest and the
// Discord command registration are all derived from these definitions, never written twice.
import type { OutgoingMessage } from "../message.ts";
import type { Actor, Store } from "../ports.ts";
import type { ServicesWith } from "../services.ts";
import type { ChatEvent, UserRef } from "../events.ts";
import type { Translator } from "../i18n/index.ts";
import type { ProjectContext } from "../policy.ts";

export type OptionType = "string" | "text" | "integer" | "boolean" | "user" | "choice";

/** Known values a platform may offer as the person types (Discord autocomplete); any value is still validated. */
export type SuggestionSource = "projects" | "institutions" | "roles" | "knowledge" | "acknowledgements" | "capacity" | "timezones" | "languages";

export interface OptionDefinition {
  /** Lower-case, no spaces (Discord's rule): what users type before "=". */
  name: string;
  type: OptionType;
  /** ≤ 100 characters (Discord's limit). */
  description: string;
  required?: boolean;
  /** May be given without "name=", in the order the options are declared. */
  positional?: boolean;
  /** Other names accepted in the text grammar ("timezone" for "tz"). */
  aliases?: readonly string[];
  /** For type "choice": id → label. Matching is forgiving (case, accents, separators). */
  choices?: Readonly<Record<string, string>>;
  /** For type "choice": other words accepted for a choice (word → id), never shown. */
  choiceAliases?: Readonly<Record<string, string>>;
  /** Where suggestions come from; list sources ("roles") complete the last comma-separated item. */
  suggest?: SuggestionSource;
  /**
   * A text option that names someone credited: "person" (a mention or handle) or "contributor" (a
   * person, or an institution or someone not on the chat, by name). Platforms with a user picker offer it.
   */
  credits?: "person" | "contributor";
  maxLength?: number;
  min?: number;
  max?: number;
}

/** A person named in a command: a platform mention (<@U123>) or a handle (@amina). */
export type { UserRef } from "../events.ts";

type ValueOf<O extends OptionDefinition> = O["type"] extends "integer"
  ? number
  : O["type"] extends "boolean"
    ? boolean
    : O["type"] extends "user"
      ? UserRef
      : string;

export type ArgsOf<Options extends readonly OptionDefinition[]> = {
  [O in Options[number] as O["name"]]: O extends { required: true } ? ValueOf<O> : ValueOf<O> | undefined;
};

export type Reply = OutgoingMessage | OutgoingMessage[];

/** The name of one store port: "projects", "credit", … (the keys of `Store` in src/core/ports.ts). */
export type StorePort = keyof Store;

/**
 * What a command is given: the services, with the store reduced to the ports its action declared
 * (all of them by default: Mutual itself), and the command definitions (help, forms, parsing).
 */
export type CommandServices<P extends StorePort = StorePort> = ServicesWith<P> & { commands: readonly CommandDefinition[] };

export interface CommandContext<P extends StorePort = StorePort> {
  actor: Actor;
  event: ChatEvent;
  services: CommandServices<P>;
  /** Words replies in the actor's language. */
  t: Translator;
  /** "contribution add": the command path, which names the command's access rule. */
  path: string;
  /** An idempotent command's keyed write found this event's record: it was handled before (adapters don't answer twice). */
  repeat(): void;
}

/**
 * A command with a `project` option acts on a project: the core resolves it and applies the access
 * rule (src/core/policy.ts) before the handler runs, and hands it over here.
 */
export type ContextFor<Options extends readonly OptionDefinition[], P extends StorePort = StorePort> = CommandContext<P> &
  ("project" extends Options[number]["name"] ? { project: ProjectContext } : { project?: undefined });

export interface Action<Options extends readonly OptionDefinition[] = readonly OptionDefinition[], P extends StorePort = StorePort> {
  description: string;
  /**
   * The store ports the handler and the helpers it calls use: its `services.store` holds these
   * alone, in the types and at run time (Mutual hands it a store without the others).
   */
  ports: readonly P[];
  options: Options;
  examples?: readonly string[];
  /**
   * Safe to run twice with the same result: reads, commands that set a value, and writes keyed by
   * the event itself (a unique key, so a second run finds the first record and says so with
   * `ctx.repeat()`). No receipt is kept for these: one or two round trips fewer on hot paths.
   */
  idempotent?: boolean;
  handler: (ctx: ContextFor<Options, P>, args: ArgsOf<Options>) => Promise<Reply>;
}

export interface CommandDefinition {
  name: string;
  description: string;
  aliases?: readonly string[];
  /** Either one action, run as `<name> …` … */
  action?: Action;
  /** … or several, run as `<name> <subcommand> …`. */
  subcommands?: Readonly<Record<string, Action>>;
  /** Subcommand used when none is given (e.g. `project` → `project list`). */
  defaultSubcommand?: string;
}

/** Keeps the handler's argument types tied to the declared options, and its store to the declared ports. */
export const action = <const Options extends readonly OptionDefinition[], const P extends StorePort>(a: Action<Options, P>): Action =>
  a as unknown as Action;

export const defineCommand = (c: CommandDefinition): CommandDefinition => c;
