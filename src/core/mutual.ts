// The core's front door: an event in, the replies out. Parses before touching the store (bad input
// changes nothing), resolves who is speaking, and keeps one receipt per event so a retried
// delivery gets the first reply instead of a second effect.
import { locateAction, parseCommand, tokenize } from "./commands/parse.ts";
import { suggest, type Suggestion } from "./commands/suggest.ts";
import { apology, isUnavailable, isUserError, newReferenceId, unavailableMessage, type UserError } from "./errors.ts";
import type { ChatEvent } from "./events.ts";
import { failure, info, note, type OutgoingMessage } from "./message.ts";
import { noMetrics, type CommandOutcome, type Logger, type Services } from "./ports.ts";

/** A receipt left PENDING this long belongs to a process that died; a retry may run again. */
export const STALE_RECEIPT_MS = 2 * 60_000;

const asList = (reply: OutgoingMessage | OutgoingMessage[]) => (Array.isArray(reply) ? reply : [reply]);

/** Errors echo what people typed: kept to one line and a readable length, whatever they typed. */
const oneLine = (s: string, max = 400) => {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export const userErrorMessage = (e: UserError): OutgoingMessage => failure(oneLine(e.message), ...(e.hint ? [note(oneLine(e.hint))] : []));

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

export class Mutual {
  constructor(readonly services: Services) {}

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
    const fresh = (replies: OutgoingMessage[]): Outcome => ({ replies, repeated: false });
    try {
      const parsed = parseCommand(this.services.commands, event.text, event.options);
      seen.command = parsed.path;
      const actor = await store.identity.resolve(event);
      // People named in the command may not have used Mutual yet: they get an account, so `@them` resolves.
      for (const user of event.mentions ?? []) await store.identity.resolve({ ...event, user });
      if (!parsed.action.idempotent) {
        const claim = await store.receipts.claim(event.id, clock.now(), STALE_RECEIPT_MS);
        if (claim.state !== "claimed") seen.outcome = "repeated";
        if (claim.state === "done") return { replies: claim.reply, repeated: true };
        if (claim.state === "busy") return { replies: [info(note("I'm still working on that request; the answer will follow."))], repeated: true };
        claimed = true;
      }
      // Whatever the handler logs carries the event id.
      const services = { ...this.services, logger: withFields(logger, { event: event.id }) };
      const reply = asList(await parsed.action.handler({ actor, event, services }, parsed.args as never));
      // Files are streams made on demand; a retried event gets the messages, not the files.
      if (claimed) await store.receipts.complete(event.id, reply.map(({ files: _files, ...m }) => m), clock.now());
      return fresh(reply);
    } catch (e) {
      // A UserError changed nothing, so the receipt goes too: a retry meets the same check.
      if (claimed) await store.receipts.release(event.id).catch(() => undefined);
      if (isUserError(e)) {
        seen.outcome = "user_error";
        return fresh([userErrorMessage(e)]);
      }
      if (isUnavailable(e)) {
        // Not our bug and not the user's: say so kindly; the operator sees one warning per command.
        seen.outcome = "unavailable";
        const reason = e.cause instanceof Error ? oneLine(e.cause.message.split("\n").filter(Boolean).at(-1) ?? "", 200) : undefined;
        logger.warn({ event: event.id, platform: event.platform, dependency: e.dependency, reason }, `command failed: the ${e.dependency} is unavailable`);
        return fresh([failure(unavailableMessage(e.dependency))]);
      }
      seen.outcome = "error";
      const referenceId = newReferenceId();
      logger.error({ err: e, referenceId, event: event.id, platform: event.platform }, "command failed");
      return fresh([failure(apology(referenceId))]);
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
      const actor = await this.services.store.identity.resolve(event);
      return await suggest(this.services, actor, definition, typed);
    } catch (e) {
      if (!isUserError(e)) this.services.logger.warn({ err: e, event: event.id }, "suggestions failed");
      return [];
    }
  }
}
