import { createHash } from "node:crypto";
import type { Command } from "commander";
import type { Context } from "../Context";
import { colour, statusText } from "../output";
import { readInputFile } from "../readInputFile";
import { UsageError } from "../UsageError";

type Run = (fn: (ctx: Context) => Promise<number> | number) => () => Promise<void>;

interface Step {
  name: string;
  status: string;
  startedAt?: string;
  endedAt?: string;
  error?: string;
}
interface RequestState {
  id: string;
  status: string;
  steps: Step[];
  subscriptionId?: string;
  reason?: string;
  failedStep?: string;
  error?: string;
  approvalReasons?: string[];
}

const TERMINAL = new Set(["Completed", "Failed", "Rejected", "Cancelled", "Expired"]);

/**
 * Follows a request until it ends (or `until` holds), printing each step as it starts and ends
 * and each status change, one line each (the same on a terminal and in a log).
 */
async function follow(ctx: Context, id: string, intervalMs: number, timeoutMs: number): Promise<RequestState> {
  const seen = new Set<string>();
  let status = "";
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await ctx.api().get<RequestState>(`/api/vending/requests/${encodeURIComponent(id)}`);
    if (!ctx.json) {
      for (const step of s.steps) {
        const key = `${step.name}:${step.status}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const took = step.startedAt && step.endedAt ? ` (${((Date.parse(step.endedAt) - Date.parse(step.startedAt)) / 1000).toFixed(1)} s)` : "";
        ctx.io.out(`  step ${step.name}: ${statusText(step.status)}${took}${step.error ? ` - ${step.error}` : ""}`);
      }
      if (s.status !== status) {
        ctx.io.out(`${id}: ${statusText(s.status)}${s.status === "AwaitingApproval" && s.approvalReasons?.length ? ` (${s.approvalReasons.join("; ")}); an approver runs: ailz approve ${id}` : ""}`);
        status = s.status;
      }
    }
    if (TERMINAL.has(s.status)) return s;
    if (Date.now() > deadline) throw new UsageError(`--timeout: ${id} is still ${s.status} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function finish(ctx: Context, s: RequestState): number {
  if (ctx.json) ctx.io.json(s);
  else if (s.status === "Completed") ctx.io.out(`${colour.green("vended")} subscription ${s.subscriptionId}`);
  else ctx.io.err(`ailz: request ${s.id} ${s.status}${s.reason ? `: ${s.reason}` : ""}${s.error ? `: ${s.error}` : ""}`);
  return s.status === "Completed" ? 0 : 1;
}

interface VendOptions {
  wait?: boolean;
  idempotencyKey?: string;
  intervalMs: string;
  timeout: string;
}

export function registerVendCommands(program: Command, run: Run): void {
  program
    .command("vend <request.json>")
    .description("request a subscription; --wait follows the orchestration step by step")
    .option("--wait", "follow the request until it completes, fails or is rejected")
    .option("--idempotency-key <key>", "default: a hash of the file, so sending the same file twice vends once")
    .option("--interval-ms <ms>", "how often to poll", "1000")
    .option("--timeout <s>", "give up waiting after this many seconds", "3600")
    .action((file: string, o: VendOptions) =>
      run(async (ctx) => {
        const text = readInputFile(file, "request file");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (e) {
          throw new UsageError(`request file ${file}: not JSON (${(e as Error).message})`);
        }
        const key = o.idempotencyKey ?? `cli-${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
        const r = await ctx.api().post<{ id: string; status: string; replayed: boolean }>("/api/vending/requests", body, { "idempotency-key": key });
        if (!ctx.json) ctx.io.out(`${r.body.replayed ? "already requested" : "requested"}: ${r.body.id} (${r.body.status})`);
        if (!o.wait) {
          if (ctx.json) ctx.io.json(r.body);
          return 0;
        }
        return finish(ctx, await follow(ctx, r.body.id, Number(o.intervalMs), Number(o.timeout) * 1000));
      })(),
    );
  program
    .command("approve <id>")
    .description("approve a vending request (needs the approver role: --as and --role locally)")
    .option("--wait", "follow the request to its end")
    .action((id: string, o: { wait?: boolean }) =>
      run(async (ctx) => {
        await ctx.api().post(`/api/vending/requests/${encodeURIComponent(id)}/approve`);
        if (!ctx.json) ctx.io.out(`approved ${id}`);
        if (!o.wait) {
          if (ctx.json) ctx.io.json({ id, decision: "approved" });
          return 0;
        }
        return finish(ctx, await follow(ctx, id, 1000, 3_600_000));
      })(),
    );
  program
    .command("reject <id>")
    .description("reject a vending request")
    .requiredOption("--reason <text>", "why (the requester sees it)")
    .action((id: string, o: { reason: string }) =>
      run(async (ctx) => {
        await ctx.api().post(`/api/vending/requests/${encodeURIComponent(id)}/reject`, { reason: o.reason });
        if (ctx.json) ctx.io.json({ id, decision: "rejected", reason: o.reason });
        else ctx.io.out(`rejected ${id}: ${o.reason}`);
        return 0;
      })(),
    );
}
