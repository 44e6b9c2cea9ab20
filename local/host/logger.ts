// The host's console logger: one line per event, level-filtered by AILZ_LOG_LEVEL.
import type { DurableLog as Log, DurableLogLevel as LogLevel } from "../durable/types";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createConsoleLog(minLevel: LogLevel = parseLevel(process.env.AILZ_LOG_LEVEL)): Log {
  return (level, msg, extra) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const line = `[${new Date().toISOString()}] ${level.toUpperCase().padEnd(5)} ${msg}${extra && Object.keys(extra).length ? " " + JSON.stringify(extra) : ""}`;
    if (level === "error" || level === "warn") process.stderr.write(line + "\n");
    else process.stdout.write(line + "\n");
  };
}

export function parseLevel(value: string | undefined): LogLevel {
  const v = (value ?? "info").toLowerCase();
  if (v === "debug" || v === "info" || v === "warn" || v === "error") return v;
  throw new Error(`AILZ_LOG_LEVEL: expected debug|info|warn|error, got "${value}"`);
}
