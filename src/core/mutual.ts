// The core's front door: an event in, the replies out. Parses before touching the store (bad input
// changes nothing), resolves who is speaking, and keeps one receipt per event so a retried
// delivery gets the first reply instead of a second effect.
import { locateAction, parseCommand, tokenize } from "./commands/parse.ts";
import { suggest, type Suggestion } from "./commands/suggest.ts";
import { apology, isUserError, newReferenceId, type UserError } from "./errors.ts";
import type { ChatEvent } from "./events.ts";
import { translator, type Translator } from "./i18n/index.ts";
import { cleanEvent } from "./input.ts";
import { resolveProject } from "./policy.ts";
import { failure, info, note, type OutgoingMessage } from "./message.ts";
import type { Services } from "./ports.ts";

/** A receipt left PENDING this long belongs to a process that died; a retry may run again. */
export const STALE_RECEIPT_MS = 2 * 60_000;

const asList = (reply: OutgoingMessage | OutgoingMessage[]) => (Array.isArray(reply) ? reply : [reply]);

/** Errors echo what people typed: kept to one line and a readable length, whatever they typed. */
const oneLine = (s: string, max = 400) => {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** A UserError worded for its reader: one line, and the hint (if any) below it. */
export const userErrorMessage = (e: UserError, t: Translator): OutgoingMessage =>
  failure(oneLine(t.msg(e.text)), ...(e.hintText ? [note(oneLine(t.msg(e.hintText)))] : []));

/** The replies to an event; `repeated` when this delivery was a retry of one already handled (or in hand). */
export interface Outcome {
  replies: OutgoingMessage[];
  repeated: boolean;
}

export class Mutual {
  constructor(readonly services: Services) {}

  async handle(event: ChatEvent): Promise<OutgoingMessage[]> {
    return (await this.process(event)).replies;
  }

  async process(event: ChatEvent): Promise<Outcome> {
    const { store, clock, logger } = this.services;
    let claimed = false;
    // Until the person is known, their platform's locale says which language to answer in.
    let t = translator(event.user.locale);
    const fresh = (replies: OutgoingMessage[]): Outcome => ({ replies, repeated: false });
    try {
      event = cleanEvent(event);
      const parsed = parseCommand(this.services.commands, event.text, event.options);
      const actor = await store.identity.resolve(event);
      t = translator(actor.language);
      // People named in the command may not have used Mutual yet: they get an account, so `@them` resolves.
      for (const user of event.mentions ?? []) await store.identity.resolve({ ...event, user });
      if (!parsed.action.idempotent) {
        const claim = await store.receipts.claim(event.id, clock.now(), STALE_RECEIPT_MS);
        if (claim.state === "done") return { replies: claim.reply, repeated: true };
        if (claim.state === "busy") return { replies: [info(note(t("receipt.busy")))], repeated: true };
        claimed = true;
      }
      // Where a command resolves its project, its access rule is applied: before any effect.
      const project = parsed.action.options.some((o) => o.name === "project")
        ? await resolveProject(this.services, actor, parsed.path, parsed.args.project as string | undefined)
        : undefined;
      const context = { actor, event, services: this.services, t, path: parsed.path, project };
      const reply = asList(await parsed.action.handler(context as never, parsed.args as never));
      // Files are streams made on demand; a retried event gets the messages, not the files.
      if (claimed) await store.receipts.complete(event.id, reply.map(({ files: _files, ...m }) => m), clock.now());
      logger.debug({ event: event.id, command: parsed.path }, "command handled");
      return fresh(reply);
    } catch (e) {
      // A UserError changed nothing, so the receipt goes too: a retry meets the same check.
      if (claimed) await store.receipts.release(event.id).catch(() => undefined);
      if (isUserError(e)) return fresh([userErrorMessage(e, t)]);
      const referenceId = newReferenceId();
      logger.error({ err: e, referenceId, event: event.id, platform: event.platform }, "command failed");
      return fresh([failure(t.msg(apology(referenceId)))]);
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
