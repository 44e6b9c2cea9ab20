import type { DurableLogLevel as LogLevel } from "../durable/types";
import { redactSecrets } from "./redactSecrets";

/** One log line as the terminal and the log file show it: time, level, message, extras as JSON; secrets masked. */
export function formatLogLine(level: LogLevel, msg: string, extra?: Record<string, unknown>): string {
  const tail = extra && Object.keys(extra).length ? " " + JSON.stringify(extra) : "";
  return redactSecrets(`[${new Date().toISOString()}] ${level.toUpperCase().padEnd(5)} ${msg}${tail}`);
}
