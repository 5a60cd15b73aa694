import { UnavailableError } from "../core/errors.ts";

// Recognises a unique-constraint violation from either driver adapter. @prisma/adapter-pg maps
// PostgreSQL's 23505 to Prisma's P2002; pglite-prisma-adapter 0.6 passes the raw PostgreSQL error
// through as a DriverAdapterError whose cause carries the SQLSTATE.
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const err = e as { code?: unknown; cause?: { code?: unknown; kind?: unknown } };
  return err.code === "P2002" || err.cause?.code === "23505" || err.cause?.kind === "UniqueConstraintViolation";
}

// Errors that mean "the database could not be reached", not "this query was wrong". Seen from
// PostgreSQL through @prisma/adapter-pg: Prisma's P1001 (the driver adapter's DatabaseNotReachable)
// when nothing listens, and pg's own "Connection terminated …" when a pooled connection dies or a
// connect times out. The rest are the documented codes for the same situations.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// SQLSTATE: 08 connection exception; 57P01-57P03 admin shutdown, crash shutdown, cannot connect now; 53300 too many connections.
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Client has encountered a connection error|Connection is closed/;

export function isConnectionError(e: unknown, depth = 0): boolean {
  if (typeof e !== "object" || e === null || depth > 4) return false;
  const err = e as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
  const code = typeof err.code === "string" ? err.code : "";
  if (NETWORK_CODES.has(code) || PRISMA_CODES.has(code) || SQLSTATE.test(code)) return true;
  if (typeof err.kind === "string" && ADAPTER_KINDS.has(err.kind)) return true;
  if (typeof err.message === "string" && MESSAGES.test(err.message)) return true;
  return isConnectionError(err.meta?.driverAdapterError?.cause, depth + 1) || isConnectionError(err.cause, depth + 1);
}

export interface AvailabilityWatch {
  /** A store call failed because the database is unreachable. */
  down(e: unknown): void;
  /** A store call succeeded. */
  up(): void;
}

/**
 * Wraps every repository method of the store so that a failure to reach the database becomes the
 * core's UnavailableError("database"), which the core answers kindly. Other errors pass unchanged.
 */
export function guardStore<S extends object>(store: S, watch?: AvailabilityWatch): S {
  const guarded: Record<string, unknown> = {};
  for (const [name, repository] of Object.entries(store)) {
    if (typeof repository !== "object" || repository === null) {
      guarded[name] = repository;
      continue;
    }
    const methods: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(repository)) {
      methods[key] = typeof value === "function" ? guardFunction(value.bind(repository), watch) : value;
    }
    guarded[name] = methods;
  }
  return guarded as S;
}

function guardFunction(fn: (...args: unknown[]) => unknown, watch: AvailabilityWatch | undefined) {
  return (...args: unknown[]) => {
    const result = fn(...args);
    // Only promises (Prisma's are thenables): streams (exports) and plain values are returned as they are.
    if (typeof (result as PromiseLike<unknown> | undefined)?.then !== "function") return result;
    return Promise.resolve(result).then(
      (value) => {
        watch?.up();
        return value;
      },
      (e: unknown) => {
        if (!isConnectionError(e)) throw e;
        watch?.down(e);
        throw new UnavailableError("database", { cause: e });
      },
    );
  };
}
