// What the terminal of `npm start` shows. Until ready() (the start-up output has been printed)
// only warnings and errors get through, so nothing that happens during start-up, such as the
// resource events of the wiring and their telemetry, buries the banner; after it, lines at the
// chosen level. `debug` shows everything from the first line, for debugging start-up itself.
import type { DurableLog as Log, DurableLogLevel as LogLevel } from "../durable/types";
import { formatLogLine } from "./formatLogLine";
import { LOG_LEVEL_ORDER } from "./logLevels";

export interface TerminalLog {
  log: Log;
  /** Start-up is over: show lines at the chosen level from now on. */
  ready(): void;
}

export function createTerminalLog(level: LogLevel, out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): TerminalLog {
  let min = level === "debug" ? LOG_LEVEL_ORDER.debug : Math.max(LOG_LEVEL_ORDER[level], LOG_LEVEL_ORDER.warn);
  return {
    log(lineLevel, msg, extra) {
      if (LOG_LEVEL_ORDER[lineLevel] < min) return;
      const line = formatLogLine(lineLevel, msg, extra) + "\n";
      if (lineLevel === "warn" || lineLevel === "error") out.stderr.write(line);
      else out.stdout.write(line);
    },
    ready() {
      min = LOG_LEVEL_ORDER[level];
    },
  };
}
