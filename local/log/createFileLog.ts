// The log file of a local world: every line at every level, the app's telemetry included, so
// the terminal can stay quiet without anything being lost. Appends across restarts; a file that
// has grown past ROTATE_BYTES is moved to <file>.1 first.
import fs from "node:fs";
import path from "node:path";
import type { DurableLog as Log } from "../durable/types";
import { formatLogLine } from "./formatLogLine";

const ROTATE_BYTES = 50 * 1024 * 1024;

export interface FileLog {
  file: string;
  log: Log;
  close(): Promise<void>;
}

export function createFileLog(file: string): FileLog {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > ROTATE_BYTES) fs.renameSync(file, `${file}.1`);
  const stream = fs.createWriteStream(file, { flags: "a", mode: 0o600 });
  let closed = false;
  // The lines of one turn of the event loop go out as one write: a busy event path logs a line
  // per event, and a stream write each costs more than formatting the line.
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    stream.write(pending.join(""));
    pending = [];
  };
  return {
    file,
    log(level, msg, extra) {
      if (closed) return;
      if (pending.length === 0) setImmediate(flush);
      pending.push(formatLogLine(level, msg, extra) + "\n");
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      flush();
      return new Promise((resolve) => stream.end(() => resolve()));
    },
  };
}
