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
