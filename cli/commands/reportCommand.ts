import fs from "node:fs";
import type { Command } from "commander";
import type { Context } from "../Context";
import { UsageError } from "../UsageError";

type Run = (fn: (ctx: Context) => Promise<number> | number) => () => Promise<void>;

/** `ailz report [date] [--format md|html|json] [--out file]`: the morning report as stored. */
export function registerReportCommand(program: Command, run: Run): void {
  program
    .command("report [date]")
    .description("print a sweep's morning report (default: the latest)")
    .option("--format <md|html|json>", "md, html or json", "md")
    .option("--dry-run", "the night's dry-run report")
    .option("--out <file>", "write it to a file instead of standard output")
    .action((date: string | undefined, o: { format: string; dryRun?: boolean; out?: string }) =>
      run(async (ctx) => {
        if (!["md", "html", "json"].includes(o.format)) throw new UsageError(`--format: must be md, html or json (got ${o.format})`);
        if (date && date !== "latest" && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`date: must be YYYY-MM-DD or latest (got ${date})`);
        const q = new URLSearchParams({ format: o.format, ...(o.dryRun ? { dryRun: "true" } : {}) });
        const r = await ctx.api().request<unknown>("GET", `/api/reports/${date ?? "latest"}?${q}`, { accept: "*/*" });
        const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body, null, 2);
        if (o.out) {
          fs.writeFileSync(o.out, text);
          ctx.io.err(`wrote ${o.out}`);
        } else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
        return 0;
      })(),
    );
}
