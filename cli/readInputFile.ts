import fs from "node:fs";
import { UsageError } from "./UsageError";

/** A file the user named: its text, or a UsageError (exit 2) that says what is wrong with it. */
export function readInputFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${what} ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? (e as Error).message)}`);
  }
}

