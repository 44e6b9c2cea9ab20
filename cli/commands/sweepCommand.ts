import type { Command } from "commander";
import type { Context } from "../Context";
import { colour } from "../output";
import { UsageError } from "../UsageError";
import { failOnFindings, SEVERITIES } from "./failOn";

interface SweepStatus {
  id: string;
  runtimeStatus: string;
  progress: { phase: string; batchesDone: number; batchesTotal: number; failedBatches: number[]; dryRun: boolean } | null;
}

interface ReportTotals {
  totals: Record<string, number>;
  scope: { subscriptions: number; batches: number; failedBatches: number[] };
}

const PHASES = ["scope", "shared", "batches", "reclaims", "report", "done"];
const bar = (done: number, total: number, width = 24) => {
  const n = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${"#".repeat(n)}${"-".repeat(width - n)}]`;
};

/** One line per change: the phase and, in the batches phase, batches done of total. */
function progressLine(s: SweepStatus): string {
  const p = s.progress;
  if (!p) return `${s.id}: ${s.runtimeStatus}`;
  const step = PHASES.indexOf(p.phase) + 1;
  return `${s.id}: phase ${step}/${PHASES.length} ${p.phase} ${bar(p.batchesDone, p.batchesTotal)} batch ${p.batchesDone}/${p.batchesTotal}${p.failedBatches.length ? colour.red(` (${p.failedBatches.length} failed)`) : ""}`;
}

interface SweepOptions {
  dryRun?: boolean;
  watch?: boolean;
  wait: boolean;
  date?: string;
  intervalMs: string;
  failOn?: string;
}

/**
 * `ailz sweep`: starts tonight's sweep (a running or finished one is followed, never doubled) and
 * follows it to the end, then prints the totals and where the report is. `--watch` follows the
 * night's sweep without starting one. On a terminal the progress line redraws; elsewhere each
 * change is its own line, so CI logs show it.
 */
async function sweep(ctx: Context, opts: SweepOptions): Promise<number> {
  const api = ctx.api();
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  let id: string;
  if (opts.watch) {
    id = opts.dryRun ? `${date}-dryrun` : date;
  } else {
    const q = new URLSearchParams({ date, ...(opts.dryRun ? { dryRun: "true" } : {}) });
    const r = await api.post<{ id: string; started: boolean; runtimeStatus: string }>(`/api/sweeps?${q}`);
    id = r.body.id;
    if (!ctx.json) ctx.io.out(r.body.started ? `started sweep ${id}${opts.dryRun ? " (dry run)" : ""}` : `sweep ${id} already ${r.body.runtimeStatus}; following it`);
    if (!opts.wait) {
      if (ctx.json) ctx.io.json(r.body);
      return 0;
    }
  }
  const interval = Number(opts.intervalMs);
  let last = "";
  let status: SweepStatus;
  for (;;) {
    status = await api.get<SweepStatus>(`/api/sweeps/${id}`);
    const line = progressLine(status);
    if (line !== last && !ctx.json) {
      if (ctx.io.tty) process.stdout.write(`\r\x1b[2K${line}`);
      else ctx.io.out(line);
      last = line;
    }
    if (["Completed", "Failed", "Terminated", "Canceled"].includes(status.runtimeStatus)) break;
    await new Promise((r) => setTimeout(r, interval));
  }
  if (ctx.io.tty && !ctx.json) process.stdout.write("\n");
  if (status.runtimeStatus !== "Completed") {
    ctx.io.err(`ailz: sweep ${id} ${status.runtimeStatus}`);
    return 1;
  }
  const reportDate = id.replace(/-dryrun$/, "");
  const dry = id.endsWith("-dryrun");
  const report = await api.get<ReportTotals>(`/api/reports/${reportDate}?format=json${dry ? "&dryRun=true" : ""}`);
  const where = `${api.baseUrl}/api/reports/${reportDate}?format=html${dry ? "&dryRun=true" : ""}`;
  if (ctx.json) ctx.io.json({ id, runtimeStatus: status.runtimeStatus, scope: report.scope, totals: report.totals, report: where });
  else {
    ctx.io.out(`${colour.green("done")}: ${report.scope.subscriptions} subscriptions in ${report.scope.batches} batches${report.scope.failedBatches.length ? colour.red(`, ${report.scope.failedBatches.length} failed`) : ""}`);
    ctx.io.table(["flagged", "done", "would do (dry run)", "exempt", "skipped", "failed"], [[report.totals.flagged, report.totals.done, report.totals.wouldDo, report.totals.exempt, report.totals.skipped, report.totals.failed]]);
    ctx.io.out(`report: ${where} (or: ailz report ${reportDate}${dry ? " --dry-run" : ""})`);
  }
  return opts.failOn ? failOnFindings(ctx, opts.failOn, {}) : 0;
}

export function registerSweepCommand(program: Command, run: (fn: (ctx: Context) => Promise<number> | number) => () => Promise<void>): void {
  program
    .command("sweep")
    .description("start (or follow) tonight's sweep, show its progress, then the totals and the report")
    .option("--dry-run", "decide and report only; change nothing")
    .option("--watch", "follow the night's sweep without starting one")
    .option("--no-wait", "start it and return at once")
    .option("--date <YYYY-MM-DD>", "the sweep's night (default: today, UTC)")
    .option("--interval-ms <ms>", "how often to poll", "1000")
    .option("--fail-on <severity>", `exit 1 when an open finding is at or above this severity (${SEVERITIES.join(", ")})`)
    .action((opts: SweepOptions) => {
      if (opts.date && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) throw new UsageError("--date: must be YYYY-MM-DD");
      return run((ctx) => sweep(ctx, opts))();
    });
}
