import { pino, type Logger } from "pino";
import type { Config } from "./config.ts";

/** Structured JSON logs on stderr (stdout belongs to the shell adapter's replies) or in LOG_FILE. */
export function createLogger(config: Pick<Config, "logLevel" | "logFile">): Logger {
  const destination = config.logFile ? pino.destination({ dest: config.logFile, mkdir: true, sync: false }) : pino.destination(2);
  return pino({ level: config.logLevel, base: { app: "mutual" } }, destination);
}
