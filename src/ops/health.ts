// Health for operators, in every role: /healthz (the process is alive), /readyz (the database and
// the scheduler answer; 503 with the reason otherwise), /metrics (Prometheus text format). One
// handler serves the health port and Slack HTTP mode's own server.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { withTimeout } from "../scheduler/common.ts";
import type { PromMetrics } from "./metrics.ts";

/** Each readiness check answers within this long, or counts as unreachable. */
export const CHECK_TIMEOUT_MS = 2_000;

export interface HealthChecks {
  /** undefined when the dependency answers; otherwise why not, in a few words. */
  database(): Promise<string | undefined>;
  scheduler(): Promise<string | undefined>;
}

export type HealthHandler = (req: IncomingMessage, res: ServerResponse) => void;

export const HEALTH_PATHS = ["/healthz", "/readyz", "/metrics"] as const;

export function healthHandler(checks: HealthChecks, metrics: PromMetrics): HealthHandler {
  return (req, res) => {
    respond(req, res, checks, metrics).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { status: "error", reason: (e as Error).message });
    });
  };
}

async function respond(req: IncomingMessage, res: ServerResponse, checks: HealthChecks, metrics: PromMetrics) {
  const { pathname } = new URL(req.url ?? "/", "http://health.invalid");
  if (!(HEALTH_PATHS as readonly string[]).includes(pathname)) return json(res, 404, { status: "not found", paths: HEALTH_PATHS });
  if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { status: "method not allowed" });
  if (pathname === "/healthz") return json(res, 200, { status: "ok" });
  if (pathname === "/readyz") {
    const [database, scheduler] = await Promise.all([bounded(checks.database(), "database"), bounded(checks.scheduler(), "scheduler")]);
    const ready = database === undefined && scheduler === undefined;
    return json(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", database: database ?? "ok", scheduler: scheduler ?? "ok" });
  }
  const body = await metrics.text();
  res.writeHead(200, { "content-type": metrics.contentType }).end(body);
}

async function bounded(check: Promise<string | undefined>, what: string): Promise<string | undefined> {
  try {
    return await withTimeout(check, CHECK_TIMEOUT_MS, what);
  } catch (e) {
    return `no answer (${(e as Error).message})`;
  }
}

function json(res: ServerResponse, status: number, body: object) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(`${JSON.stringify(body)}\n`);
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0: a free one, reported back). */
export async function startHealthServer(port: number, handler: HealthHandler): Promise<HealthServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive scrapers must not hold shutdown
      }),
  };
}
