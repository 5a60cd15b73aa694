import { fail, isUnavailable } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { success } from "../message.ts";
import { action, defineCommand } from "./definition.ts";

/** How long ping waits for the round trip: a person at a prompt should not wait on a dead queue. */
export const PING_TIMEOUT_MS = 2_000;

export const ping = defineCommand({
  name: "ping",
  description: "cmd.ping",
  action: action({
    description: "cmd.ping.action",
    ports: [],
    options: [],
    idempotent: true,
    async handler({ services, t }) {
      try {
        const { ms } = await services.scheduler.smoke(PING_TIMEOUT_MS);
        return success(t("ping.pong", { ms }));
      } catch (e) {
        // An unreachable queue is answered by the core in its own kind words (one line).
        if (isUnavailable(e)) throw e;
        services.logger.warn({ err: e }, "smoke job did not complete");
        fail("ping.timeout", { seconds: PING_TIMEOUT_MS / 1000 }, msg("ping.timeout.hint"));
      }
    },
  }),
});
