// One ChatPort over several platforms, for a deployment that runs Slack and Discord side by side: a
// person is messaged on every platform they have an account on; a channel post goes to the platform
// whose channel ids look like it.
import type { OutgoingMessage } from "../core/message.ts";
import type { ChatPort, PersonRef } from "../core/ports.ts";

export interface RoutedPort {
  port: ChatPort;
  /** Whether a channel id is this platform's (Discord ids are numbers; Slack's start with a letter). */
  ownsChannel(channelId: string): boolean;
}

export function routeChat(ports: readonly RoutedPort[]): ChatPort {
  if (ports.length === 1) return ports[0]!.port;
  return {
    async send(to: PersonRef, message: OutgoingMessage) {
      const results = await Promise.allSettled(ports.map(({ port }) => port.send(to, message)));
      // Each port refuses a person without an account there; only when every one refused is it a failure.
      const reasons = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
      if (reasons.length === results.length) throw new AggregateError(reasons, `Not delivered on any platform: ${reasons.map((e) => e.message).join("; ")}`);
    },
    async post(channelId: string, message: OutgoingMessage) {
      const owner = ports.find((p) => p.ownsChannel(channelId));
      if (!owner) throw new Error(`No chat platform here has a channel "${channelId}"`);
      await owner.port.post(channelId, message);
    },
  };
}
