// The app's console output becomes log lines, as the Functions worker forwards it to the host in
// Azure. ailz writes its telemetry there (JSON log and metric lines that go to Application
// Insights in Azure), so locally its info lines are debug-level host lines: in the log file,
// on the terminal only at AILZ_LOG_LEVEL=debug. Warnings and errors keep their level.
import { format } from "node:util";
import type { DurableLog as Log, DurableLogLevel as LogLevel } from "../durable/types";

const METHODS = ["log", "info", "debug", "warn", "error", "trace"] as const;
type Method = (typeof METHODS)[number];

/** The level of one console line: a JSON line's own `level` for warn/error, else the method's. */
function levelOf(method: Method, text: string): LogLevel {
  if (text.startsWith("{")) {
    const declared = /^\{"level":"(warn|error)"/.exec(text)?.[1];
    if (declared === "warn" || declared === "error") return declared;
    if (/^\{"level":"(debug|info)"/.test(text)) return "debug";
  }
  if (method === "error") return "error";
  if (method === "warn") return "warn";
  return "debug";
}

/** Returns the function that puts the console back. */
export function captureConsole(log: Log): () => void {
  const original = new Map<Method, (...args: unknown[]) => void>();
  for (const method of METHODS) {
    original.set(method, console[method]);
    console[method] = (...args: unknown[]) => {
      const text = format(...args);
      log(levelOf(method, text), text);
    };
  }
  return () => {
    for (const [method, fn] of original) console[method] = fn;
  };
}
