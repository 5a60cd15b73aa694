// What the core's commands and jobs are given: the ports (ports.ts) bundled with the clock, logger,
// prompts and charts. The command list is added one floor up, where commands are defined
// (CommandServices in commands/definition.ts), so this file and the commands never import each other.
import type { ChartRenderer, ChatPort, Clock, JobScheduler, Logger, Metrics, Store } from "./ports.ts";
import type { PromptLibrary } from "./reflection/prompts.ts";

export interface Services {
  store: Store;
  scheduler: JobScheduler;
  chat: ChatPort;
  clock: Clock;
  logger: Logger;
  prompts: PromptLibrary;
  charts: ChartRenderer;
  /** Optional: no-op when absent (unit tests, scripts). */
  metrics?: Metrics;
}

/** Services reduced to the store ports a function uses: `Ports<"projects">` asks only for `store.projects`. */
export type Ports<K extends keyof Store> = { store: Pick<Store, K> };

/** Every service, but only the store ports `K`: for work that also sends, schedules or logs (jobs, commands). */
export type ServicesWith<K extends keyof Store> = Omit<Services, "store"> & Ports<K>;
