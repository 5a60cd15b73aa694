import { UserError } from "../errors.ts";
import { success } from "../message.ts";
import { action, defineCommand } from "./definition.ts";

export const ping = defineCommand({
  name: "ping",
  description: "Check that Mutual and its scheduler are running.",
  action: action({
    description: "Send a job through the queue and a worker, and report how long it took.",
    options: [],
    idempotent: true,
    async handler({ services }) {
      try {
        const { ms } = await services.scheduler.smoke(5000);
        return success(`pong: the scheduler answered in ${ms} ms.`);
      } catch (e) {
        services.logger.warn({ err: e }, "smoke job did not complete");
        throw new UserError("Mutual is running, but its scheduler did not answer within 5 s.", "Is a worker running (MUTUAL_ROLE=all or worker)?");
      }
    },
  }),
});
