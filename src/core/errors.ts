// Two kinds of failure. A UserError is the user's to fix: one kind line in their language, and
// nothing was changed. Anything else is ours: logged with a reference id, and the user gets a short
// apology quoting that id.
import { randomBytes } from "node:crypto";
import { english, isMsg, msg, type MessageId, type Msg, type Values } from "./i18n/index.ts";

export class UserError extends Error {
  override readonly name = "UserError";
  /** What went wrong, worded for whoever reads it (Error.message is its English wording). */
  readonly text: Msg;
  /** An optional next step, e.g. the usage line of the command. */
  readonly hintText: Msg | undefined;
  /** The hint's English wording. */
  readonly hint: string | undefined;
  constructor(text: Msg, hint?: Msg) {
    super(english(text));
    this.text = text;
    this.hintText = hint;
    this.hint = hint && english(hint);
  }
}

/** Throws the UserError of a catalogue message: `fail("project.notFound", { ref })`. */
export function fail(id: MessageId, values?: Values, hint?: Msg): never {
  throw new UserError(msg(id, values), hint);
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError && isMsg(e.text);

export const newReferenceId = (): string => randomBytes(4).toString("hex");

export const apology = (referenceId: string): Msg => msg("error.internal", { referenceId });

/**
 * A third kind: a service Mutual depends on is unreachable (the database, the scheduler's Redis).
 * The store and scheduler layers recognise their drivers' errors and throw this; the core answers
 * with the dependency's message below instead of an apology. Nothing was saved; recovery is automatic.
 */
export type Dependency = "database" | "scheduler";

export class UnavailableError extends Error {
  override readonly name = "UnavailableError";
  constructor(
    readonly dependency: Dependency,
    options?: { cause?: unknown },
  ) {
    super(`the ${dependency} is unavailable`, options);
  }
}

export const isUnavailable = (e: unknown): e is UnavailableError => e instanceof UnavailableError;

/** What people read when a dependency is down, worded in their language. */
export const unavailableMessage = (dependency: Dependency): Msg => msg(dependency === "database" ? "error.unavailable.database" : "error.unavailable.scheduler");
