import path from "node:path";

/** A path as the user would type it from `cwd`: relative when inside it (`.ailz`), else absolute. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}
