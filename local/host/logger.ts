// The host's console logger: one line per event, level-filtered by AILZ_LOG_LEVEL.
import type { DurableLog as Log, DurableLogLevel as LogLevel } from "../durable/types";
import { formatLogLine } from "../log/formatLogLine";
import { LOG_LEVEL_ORDER } from "../log/logLevels";

export function createConsoleLog(minLevel: LogLevel = parseLevel(process.env.AILZ_LOG_LEVEL)): Log {
  return (level, msg, extra) => {
    if (LOG_LEVEL_ORDER[level] < LOG_LEVEL_ORDER[minLevel]) return;
    const line = formatLogLine(level, msg, extra);
    if (level === "error" || level === "warn") process.stderr.write(line + "\n");
    else process.stdout.write(line + "\n");
  };
}

function parseLevel(value: string | undefined): LogLevel {
  const v = (value ?? "info").toLowerCase();
  if (v === "debug" || v === "info" || v === "warn" || v === "error") return v;
  throw new Error(`AILZ_LOG_LEVEL: expected debug|info|warn|error, got "${value}"`);
}
