// Waiting on events, not on the clock.
import type { EventEmitter } from "node:events";

/** Resolves with the first `event` whose payload satisfies `accept`. */
export function waitForEvent<T = unknown>(emitter: EventEmitter, event: string, accept: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (payload: T) => {
      if (!accept(payload)) return;
      emitter.off(event, listener);
      resolve(payload);
    };
    emitter.on(event, listener);
  });
}
