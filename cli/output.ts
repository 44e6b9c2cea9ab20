import Table from "cli-table3";
import pc from "picocolors";

/**
 * What a command prints through. Colour only on a terminal and never with NO_COLOR (FORCE_COLOR
 * forces it); tables are plain box-drawing either way, so a log keeps them.
 */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  json(value: unknown): void;
  table(head: string[], rows: Array<Array<string | number | null | undefined>>): void;
  /** Whether stdout is a terminal (progress redraws in place there, prints lines elsewhere). */
  tty: boolean;
}

// Decided here, not by picocolors' own check: that one also turns colour on whenever `CI` is set,
// which puts escape codes into the logs of the very pipelines `--fail-on` is for.
const env = process.env;
const colourOn = !("NO_COLOR" in env) && ("FORCE_COLOR" in env || (Boolean(process.stdout.isTTY) && env.TERM !== "dumb"));
export const colour = pc.createColors(colourOn);

/** Table cells stay readable: a long text (a reason, an id) is cut; --json has it whole. */
const MAX_CELL = 90;
const clip = (s: string) => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s);

export function createOutput(stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Output {
  // `ailz findings | head` closes the pipe early: that is the reader's choice, not an error.
  stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  return {
    tty: Boolean(stdout.isTTY),
    out: (t) => void stdout.write(`${t}\n`),
    err: (t) => void stderr.write(`${t}\n`),
    json: (v) => void stdout.write(`${JSON.stringify(v, null, 2)}\n`),
    table(head, rows) {
      if (rows.length === 0) {
        stdout.write(`${colour.dim("(none)")}\n`);
        return;
      }
      const t = new Table({ head: head.map((h) => colour.bold(h)), style: { head: [], border: [] } });
      for (const r of rows) t.push(r.map((c) => clip(c === null || c === undefined ? "" : String(c))));
      stdout.write(`${t.toString()}\n`);
    },
  };
}

const SEVERITY_COLOUR: Record<string, (s: string) => string> = { critical: colour.red, high: colour.red, medium: colour.yellow, low: colour.dim };
export const severityText = (s: string) => (SEVERITY_COLOUR[s] ?? ((x: string) => x))(s);
export const statusText = (s: string) => (/^(open|failed|flagged|rejected)$/i.test(s) ? colour.yellow(s) : /^(resolved|succeeded|completed|active)$/i.test(s) ? colour.green(s) : s);
