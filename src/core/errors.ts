// Two kinds of failure. A UserError is the user's to fix: its message is shown as is, one kind
// line, and nothing was changed. Anything else is ours: logged with a reference id, and the user
// gets a short apology quoting that id.
import { randomBytes } from "node:crypto";

export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    /** An optional next step, e.g. the usage line of the command. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;

export const newReferenceId = (): string => randomBytes(4).toString("hex");

export const apology = (referenceId: string): string =>
  `Sorry, something went wrong on our side and nothing was saved. If it happens again, please share reference ${referenceId} with your admin.`;

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

// The words people read, in one place until the message catalogue takes them.
const UNAVAILABLE: Record<Dependency, string> = {
  database: "Mutual can't reach its database right now, so nothing was saved. It reconnects by itself; please try again in a few minutes.",
  scheduler: "Mutual is running, but its scheduler is unreachable right now. Scheduled prompts and reminders resume by themselves once it is back.",
};

export const unavailableMessage = (dependency: Dependency): string => UNAVAILABLE[dependency];
