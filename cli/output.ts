import Table from "cli-table3";
import pc from "picocolors";

/**
 * What a command prints through. Colour only on a terminal and never with NO_COLOR (picocolors
 * checks both, and FORCE_COLOR); tables are plain box-drawing either way, so a log keeps them.
 */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  json(value: unknown): void;
  table(head: string[], rows: Array<Array<string | number | null | undefined>>): void;
  /** Whether stdout is a terminal (progress redraws in place there, prints lines elsewhere). */
  tty: boolean;
}

export const colour = pc;

export function createOutput(stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Output {
  return {
    tty: Boolean(stdout.isTTY),
    out: (t) => void stdout.write(`${t}\n`),
    err: (t) => void stderr.write(`${t}\n`),
    json: (v) => void stdout.write(`${JSON.stringify(v, null, 2)}\n`),
    table(head, rows) {
      if (rows.length === 0) {
        stdout.write(`${pc.dim("(none)")}\n`);
        return;
      }
      const t = new Table({ head: head.map((h) => pc.bold(h)), style: { head: [], border: [] }, wordWrap: true });
      for (const r of rows) t.push(r.map((c) => (c === null || c === undefined ? "" : String(c))));
      stdout.write(`${t.toString()}\n`);
    },
  };
}

const SEVERITY_COLOUR: Record<string, (s: string) => string> = { critical: pc.red, high: pc.red, medium: pc.yellow, low: pc.dim };
export const severityText = (s: string) => (SEVERITY_COLOUR[s] ?? ((x: string) => x))(s);
export const statusText = (s: string) => (/^(open|failed|flagged|rejected)$/i.test(s) ? pc.yellow(s) : /^(resolved|succeeded|completed|active)$/i.test(s) ? pc.green(s) : s);
