// Prometheus metrics (prom-client), one registry per app: the core reports through its Metrics port,
// the scheduler's queue depths are read when /metrics is scraped.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CommandOutcome, Metrics } from "../core/ports.ts";
import type { QueueDepth } from "../scheduler/common.ts";
import { withTimeout } from "../scheduler/common.ts";

/** A scrape must answer even when Redis does not. */
const DEPTH_TIMEOUT_MS = 1_500;

export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly commands: Counter<"command" | "outcome">;
  private readonly commandSeconds: Histogram<"command">;
  private readonly deliveries: Counter<"kind" | "outcome">;
  private readonly tickLag: Gauge;

  constructor(depths: () => Promise<QueueDepth[]>) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.commands = new Counter({ name: "mutual_commands_total", help: "Commands handled, by command path and outcome (ok, user_error, repeated, unavailable, error).", labelNames: ["command", "outcome"], registers });
    this.commandSeconds = new Histogram({
      name: "mutual_command_seconds",
      help: "Time from an event reaching the core to its replies, by command path.",
      labelNames: ["command"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.deliveries = new Counter({ name: "mutual_deliveries_total", help: "Messages Mutual started itself (prompts, reminders, digests, notices), by kind and outcome.", labelNames: ["kind", "outcome"], registers });
    this.tickLag = new Gauge({ name: "mutual_tick_lag_seconds", help: "How late the most recent schedule tick started, after its planned time.", registers });
    new Gauge({
      name: "mutual_queue_depth",
      help: "Scheduler jobs by queue and state (BullMQ: waiting, delayed, active; embedded: waiting and active ticks).",
      labelNames: ["queue", "state"],
      registers,
      async collect() {
        this.reset();
        const list = await withTimeout(depths(), DEPTH_TIMEOUT_MS, "queue depths").catch(() => [] as QueueDepth[]);
        for (const d of list) this.set({ queue: d.queue, state: d.state }, d.count);
      },
    });
  }

  command(command: string, outcome: CommandOutcome, seconds: number): void {
    this.commands.inc({ command, outcome });
    this.commandSeconds.observe({ command }, seconds);
  }

  delivery(kind: string, outcome: "sent" | "failed", count: number): void {
    this.deliveries.inc({ kind, outcome }, count);
  }

  /** A tick planned for `planned` starts now. */
  tickStarted(planned: Date): void {
    this.tickLag.set(Math.max(0, (Date.now() - planned.getTime()) / 1000));
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
