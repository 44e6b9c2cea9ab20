import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import type { Context } from "../Context";
import { openInBrowser } from "../openInBrowser";
import { UsageError } from "../UsageError";

type Run = (fn: (ctx: Context) => Promise<number> | number) => () => Promise<void>;

/**
 * `ailz report [date] [--format md|html|json] [--out file] [--open]`: the morning report as
 * stored. `--open` writes it (HTML unless another format is asked for) to `--out` or a temporary
 * file and opens that in the browser, so the key never appears in a URL.
 */
export function registerReportCommand(program: Command, run: Run): void {
  program
    .command("report [date]")
    .description("print a sweep's morning report (default: the latest)")
    .option("--format <md|html|json>", "md, html or json", "md")
    .option("--dry-run", "the night's dry-run report")
    .option("--out <file>", "write it to a file instead of standard output")
    .option("--open", "open it in the browser (HTML by default; $BROWSER, else the system's opener)")
    .action((date: string | undefined, o: { format: string; dryRun?: boolean; out?: string; open?: boolean }, cmd: Command) =>
      run(async (ctx) => {
        if (o.open && cmd.getOptionValueSource("format") === "default") o.format = "html";
        if (!["md", "html", "json"].includes(o.format)) throw new UsageError(`--format: must be md, html or json (got ${o.format})`);
        if (date && date !== "latest" && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`date: must be YYYY-MM-DD or latest (got ${date})`);
        const q = new URLSearchParams({ format: o.format, ...(o.dryRun ? { dryRun: "true" } : {}) });
        const r = await ctx.api().request<unknown>("GET", `/api/reports/${date ?? "latest"}?${q}`, { accept: "*/*" });
        const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body, null, 2);
        const out = o.out ?? (o.open ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ailz-report-")), `report-${date ?? "latest"}${o.dryRun ? "-dryrun" : ""}.${o.format}`) : undefined);
        if (out) {
          fs.writeFileSync(out, text);
          ctx.io.err(`wrote ${out}`);
        } else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
        if (out && o.open) ctx.io.err(`opened ${out} with ${await openInBrowser(out)}`);
        return 0;
      })(),
    );
}
