// The core's front door: an event in, the replies out. Parses before touching the store (bad input
// changes nothing), resolves who is speaking, and keeps one receipt per event so a retried
// delivery gets the first reply instead of a second effect.
import { commandPaths } from "./commands/access.ts";
import type { Action, CommandServices, StorePort } from "./commands/definition.ts";
import { formFor, type Form } from "./commands/form.ts";
import { locateAction, parseCommand, tokenize } from "./commands/parse.ts";
import { suggest, type Suggestion } from "./commands/suggest.ts";
import { apology, isUnavailable, isUserError, newReferenceId, unavailableMessage, type UserError } from "./errors.ts";
import type { ChatEvent } from "./events.ts";
import { pickLanguage, supported, translator, type Translator } from "./i18n/index.ts";
import { cleanEvent, stripControls } from "./input.ts";
import { resolveProject } from "./policy.ts";
import { failure, info, note, type OutgoingMessage } from "./message.ts";
import { noMetrics, STORE_PORTS, type CommandOutcome, type Logger, type Store } from "./ports.ts";

/** A receipt left PENDING this long belongs to a process that died; a retry may run again. */
export const STALE_RECEIPT_MS = 2 * 60_000;

const asList = (reply: OutgoingMessage | OutgoingMessage[]) => (Array.isArray(reply) ? reply : [reply]);

/**
 * Errors echo what people typed: kept to one line and a readable length, whatever they typed. The
 * length leaves room for a choice error listing every value with its meaning (summary format=…).
 */
const oneLine = (s: string, max = 800) => {
  // Whitespace runs become one space, but not the no-break spaces French puts before ; : ! ? and in numbers.
  const flat = s.replace(/[^\S\u00a0\u202f]+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** A UserError worded for its reader: one line, and the hint (if any) below it. */
export const userErrorMessage = (e: UserError, t: Translator): OutgoingMessage =>
  failure(oneLine(t.msg(e.text)), ...(e.hintText ? [note(oneLine(t.msg(e.hintText)))] : []));

interface Seen {
  command: string | undefined;
  outcome: CommandOutcome;
}

/** The replies to an event; `repeated` when this delivery was a retry of one already handled (or in hand). */
export interface Outcome {
  replies: OutgoingMessage[];
  repeated: boolean;
}

/** A logger that adds `fields` to every line (the event id, so each line of a command can be found). */
const withFields = (logger: Logger, fields: object): Logger => ({
  debug: (obj, msg) => logger.debug({ ...fields, ...obj }, msg),
  info: (obj, msg) => logger.info({ ...fields, ...obj }, msg),
  warn: (obj, msg) => logger.warn({ ...fields, ...obj }, msg),
  error: (obj, msg) => logger.error({ ...fields, ...obj }, msg),
});

/**
 * The store a command's action is handed: the ports it declared, and in place of every other one a
 * getter that throws, so a handler reaching a port it did not declare fails (in tests) instead of
 * silently working. A plain object, built once per action: reading a declared port costs nothing extra.
 */
export function declaredStore(store: Store, ports: readonly StorePort[], path: string): Store {
  const declared: Partial<Record<StorePort, unknown>> = {};
  for (const port of ports) declared[port] = store[port];
  for (const port of STORE_PORTS.filter((p) => !ports.includes(p))) {
    Object.defineProperty(declared, port, {
      get: () => {
        throw new Error(`"${path}" uses the store port "${port}" without declaring it: add it to the action's ports`);
      },
    });
  }
  return declared as Store;
}

export class Mutual {
  /** Each action's store, reduced to the ports it declared (see declaredStore). */
  private readonly stores: Map<Action, Store>;

  constructor(readonly services: CommandServices) {
    this.stores = new Map(commandPaths(services.commands).map(([path, action]) => [action, declaredStore(services.store, action.ports, path)]));
  }

  async handle(event: ChatEvent): Promise<OutgoingMessage[]> {
    return (await this.process(event)).replies;
  }

  /** Handles an event, then logs one line for operators and counts it: never the text people typed. */
  async process(event: ChatEvent): Promise<Outcome> {
    const started = performance.now();
    const seen: Seen = { command: undefined, outcome: "ok" };
    const outcome = await this.run(event, seen);
    const ms = performance.now() - started;
    const command = seen.command ?? this.commandPath(event);
    this.services.logger.info({ event: event.id, platform: event.platform, command, outcome: seen.outcome, ms: Math.round(ms) }, "command");
    (this.services.metrics ?? noMetrics).command(command, seen.outcome, ms / 1000);
    return outcome;
  }

  private async run(event: ChatEvent, seen: Seen): Promise<Outcome> {
    const { store, clock, logger } = this.services;
    let claimed = false;
    // Until the person is known, their platform's locale says which language to answer in.
    let t = translator(event.user.locale);
    const fresh = (replies: OutgoingMessage[]): Outcome => ({ replies, repeated: false });
    try {
      event = cleanEvent(event);
      const parsed = parseCommand(this.services.commands, event.text, event.options);
      seen.command = parsed.path;
      const actor = await store.identity.resolve(event);
      // The person's language; else their platform's; else (below) the project's; else English.
      t = translator(pickLanguage(actor.language, event.user.locale));
      // People named in the command may not have used Mutual yet: they get an account, so `@them` resolves.
      for (const user of event.mentions ?? []) await store.identity.resolve({ ...event, user });
      if (!parsed.action.idempotent) {
        const claim = await store.receipts.claim(event.id, clock.now(), STALE_RECEIPT_MS);
        if (claim.state !== "claimed") seen.outcome = "repeated";
        if (claim.state === "done") return { replies: claim.reply, repeated: true };
        if (claim.state === "busy") return { replies: [info(note(t("receipt.busy")))], repeated: true };
        claimed = true;
      }
      // Where a command resolves its project, its access rule is applied: before any effect.
      const project = parsed.action.options.some((o) => o.name === "project")
        ? await resolveProject(this.services, actor, parsed.path, parsed.args.project as string | undefined, parsed.args)
        : undefined;
      if (project && !supported(actor.language) && !supported(event.user.locale)) t = translator(project.language);
      // The handler sees only the store ports its action declared, and its log lines carry the event id.
      const declared = this.stores.get(parsed.action) ?? declaredStore(store, parsed.action.ports, parsed.path);
      const services = { ...this.services, store: declared, logger: withFields(logger, { event: event.id }) };
      let repeated = false;
      const context = { actor, event, services, t, path: parsed.path, project, repeat: () => void (repeated = true) };
      const reply = asList(await parsed.action.handler(context as never, parsed.args as never)).map((m) => ({ ...m, language: t.lang }));
      // Files are streams made on demand; a retried event gets the messages, not the files.
      if (claimed) await store.receipts.complete(event.id, reply.map(({ files: _files, ...m }) => m), clock.now());
      if (repeated) seen.outcome = "repeated";
      return { replies: reply, repeated };
    } catch (e) {
      // A UserError changed nothing, so the receipt goes too: a retry meets the same check.
      if (claimed) await store.receipts.release(event.id).catch(() => undefined);
      if (isUserError(e)) {
        seen.outcome = "user_error";
        // A line that didn't parse came before the person was looked up: someone Mutual knows reads it in their language.
        if (seen.command === undefined) t = await this.readerOf(event, t);
        return fresh([{ ...userErrorMessage(e, t), language: t.lang }]);
      }
      if (isUnavailable(e)) {
        // Not our bug and not the user's: say so kindly; the operator sees one warning per command.
        seen.outcome = "unavailable";
        const reason = e.cause instanceof Error ? oneLine(e.cause.message.split("\n").filter(Boolean).at(-1) ?? "", 200) : undefined;
        logger.warn({ event: event.id, platform: event.platform, dependency: e.dependency, reason }, `command failed: the ${e.dependency} is unavailable`);
        return fresh([{ ...failure(t.msg(unavailableMessage(e.dependency))), language: t.lang }]);
      }
      seen.outcome = "error";
      const referenceId = newReferenceId();
      logger.error({ err: e, referenceId, event: event.id, platform: event.platform }, "command failed");
      return fresh([{ ...failure(t.msg(apology(referenceId))), language: t.lang }]);
    }
  }

  /** The translator for someone Mutual may already know (their language, else their platform's), without writing anything. */
  private async readerOf(event: ChatEvent, fallback: Translator): Promise<Translator> {
    try {
      const actor = await this.services.store.identity.known(event);
      return actor ? translator(pickLanguage(actor.language, event.user.locale)) : fallback;
    } catch {
      return fallback;
    }
  }

  /**
   * The form a button opens (a Slack or Discord modal) for `command`, worded in the language of the
   * person who clicked; undefined when the command leaves nothing to fill in, or can't be read.
   */
  async form(event: ChatEvent, command: string, title: string): Promise<Form | undefined> {
    let t = translator(event.user.locale);
    try {
      const actor = await this.services.store.identity.resolve(cleanEvent({ ...event, text: command }));
      t = translator(pickLanguage(actor.language, event.user.locale));
    } catch (e) {
      this.services.logger.warn({ err: e, event: event.id }, "form: the person could not be resolved; worded by their locale");
    }
    try {
      return formFor(this.services.commands, command, title, t);
    } catch (e) {
      if (!isUserError(e)) throw e;
      return undefined;
    }
  }

  /** The command's path for logs and metrics when parsing failed ("unknown" if there is none). */
  private commandPath(event: ChatEvent): string {
    try {
      return locateAction(this.services.commands, tokenize(event.text)).path;
    } catch {
      return "unknown";
    }
  }

  /**
   * Values to offer while `option` of the command in `event.text` is being typed (Discord
   * autocomplete). Never fails: a wrong command or option simply gets no suggestions.
   */
  async suggest(event: ChatEvent, option: string, typed: string): Promise<Suggestion[]> {
    try {
      const { action } = locateAction(this.services.commands, tokenize(event.text));
      const definition = action.options.find((o) => o.name === option);
      if (!definition) return [];
      const actor = await this.services.store.identity.resolve(cleanEvent(event));
      return await suggest(this.services, actor, definition, stripControls(typed), translator(pickLanguage(actor.language, event.user.locale)), event.options);
    } catch (e) {
      if (!isUserError(e)) this.services.logger.warn({ err: e, event: event.id }, "suggestions failed");
      return [];
    }
  }
}
