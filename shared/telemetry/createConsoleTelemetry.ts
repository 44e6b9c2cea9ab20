import type { Telemetry } from "./Telemetry";
import type { LogLevel } from "./TelemetryRecords";
import { createSignalTelemetry } from "./createSignalTelemetry";

export interface ConsoleTelemetryOptions {
  /** Where lines go; default console.log (console.error for warn/error). */
  write?: (line: string, level: LogLevel) => void;
  /** Lowest level written; default `info` (`debug` when AILZ_DEBUG is set). */
  minLevel?: LogLevel;
  /** Also write one line per metric point (default true). */
  metrics?: boolean;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

const defaultWrite = (line: string, level: LogLevel) => (level === "warn" || level === "error" ? console.error(line) : console.log(line));

/**
 * Structured JSON lines: `{"level","msg",...attributes}` for logs and
 * `{"level":"info","metric":name,"value",...dimensions}` for metric points. Used locally and
 * wherever Application Insights is not configured; on Azure Functions the host forwards these lines
 * to Application Insights as `traces` (the JSON is the message).
 */
export function createConsoleTelemetry(opts: ConsoleTelemetryOptions = {}): Telemetry {
  const write = opts.write ?? defaultWrite;
  const min = ORDER[opts.minLevel ?? (process.env.AILZ_DEBUG ? "debug" : "info")];
  const metrics = opts.metrics ?? true;
  return createSignalTelemetry({
    log(s) {
      if (ORDER[s.level] < min) return;
      write(JSON.stringify({ level: s.level, msg: s.message, ...s.attributes }), s.level);
    },
    metric(s) {
      if (!metrics || ORDER.info < min) return;
      write(JSON.stringify({ level: "info", metric: s.name, kind: s.kind, value: s.value, ...s.attributes }), "info");
    },
    flush: async () => {},
    shutdown: async () => {},
  });
}

/** Records nothing (tests, or `AILZ_TELEMETRY=off`). */
export function createNoopTelemetry(): Telemetry {
  return createSignalTelemetry({ log() {}, metric() {}, flush: async () => {}, shutdown: async () => {} });
}
