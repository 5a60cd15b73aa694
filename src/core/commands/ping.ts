import { isUnavailable, UserError } from "../errors.ts";
import { success } from "../message.ts";
import { action, defineCommand } from "./definition.ts";

/** How long ping waits for the round trip: a person at a prompt should not wait on a dead queue. */
export const PING_TIMEOUT_MS = 2_000;

export const ping = defineCommand({
  name: "ping",
  description: "Check that Mutual and its scheduler are running.",
  action: action({
    description: "Send a job through the queue and a worker, and report how long it took.",
    options: [],
    idempotent: true,
    async handler({ services }) {
      try {
        const { ms } = await services.scheduler.smoke(PING_TIMEOUT_MS);
        return success(`pong: the scheduler answered in ${ms} ms.`);
      } catch (e) {
        // An unreachable queue is answered by the core in its own kind words (one line).
        if (isUnavailable(e)) throw e;
        services.logger.warn({ err: e }, "smoke job did not complete");
        throw new UserError(`Mutual is running, but its scheduler did not answer within ${PING_TIMEOUT_MS / 1000} s.`, "Is a worker running (MUTUAL_ROLE=all or worker)?");
      }
    },
  }),
});
