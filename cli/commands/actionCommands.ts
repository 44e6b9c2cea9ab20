import type { Command } from "commander";
import type { Context } from "../Context";
import { colour } from "../output";
import { UsageError } from "../UsageError";

type Run = (fn: (ctx: Context) => Promise<number> | number) => () => Promise<void>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A sandbox as the user names it (a subscription GUID, `/subscriptions/{id}`, or a resource group id) -> its extend route. */
function extendPath(sandbox: string): string {
  if (GUID.test(sandbox)) return `/api/sandboxes/${sandbox}/extend`;
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/?$/i.exec(sandbox);
  if (!m || !GUID.test(m[1]!)) throw new UsageError(`sandbox: must be a subscription id, /subscriptions/{id} or /subscriptions/{id}/resourceGroups/{name} (got ${sandbox})`);
  return m[2] ? `/api/sandboxes/${m[1]}/resourceGroups/${encodeURIComponent(m[2])}/extend` : `/api/sandboxes/${m[1]}/extend`;
}

export function registerActionCommands(program: Command, run: Run): void {
  program
    .command("exempt <scope> <guardrail>")
    .description("exempt a scope (management group, subscription, resource group or resource id) from a guardrail (or *)")
    .requiredOption("--until <YYYY-MM-DD>", "last day of the exemption (UTC, inclusive)")
    .requiredOption("--reason <text>", "why (recorded in the audit log)")
    .option("--ref <ticket>", "a change or ticket reference")
    .action((scope: string, guardrail: string, o: { until: string; reason: string; ref?: string }) =>
      run(async (ctx) => {
        const r = await ctx.api().post<Record<string, unknown>>("/api/exemptions", { scope, guardrail, until: o.until, justification: o.reason, ...(o.ref ? { ref: o.ref } : {}) });
        if (ctx.json) ctx.io.json(r.body);
        else ctx.io.out(`${colour.green("exempted")} ${scope} from ${guardrail} until ${String(r.body.expiresAt).slice(0, 10)} (exemption ${r.body.id})`);
        return 0;
      })(),
    );
  program
    .command("unexempt <id>")
    .description("revoke an exemption")
    .action((id: string) =>
      run(async (ctx) => {
        await ctx.api().request("DELETE", `/api/exemptions/${encodeURIComponent(id)}`);
        if (ctx.json) ctx.io.json({ id, deleted: true });
        else ctx.io.out(`revoked exemption ${id}`);
        return 0;
      })(),
    );
  program
    .command("extend <sandbox>")
    .description("extend a sandbox (resets its idle clock; limited to the policy's maxExtensions); --cap lifts a cost cap with a new monthly cap")
    .option("--reason <text>", "why (recorded in the audit log)")
    .option("--cap <amount>", "new monthly cost cap (required to lift a CostCapped sandbox)")
    .action((sandbox: string, o: { reason?: string; cap?: string }) =>
      run(async (ctx) => {
        const cap = o.cap === undefined ? undefined : Number(o.cap);
        if (cap !== undefined && !(cap > 0)) throw new UsageError(`--cap: must be a positive amount (got ${o.cap})`);
        const r = await ctx.api().post<{ id: string; status: string; extensions: number; maxExtensions: number }>(extendPath(sandbox), { ...(o.reason ? { reason: o.reason } : {}), ...(cap !== undefined ? { newCap: cap } : {}) });
        if (ctx.json) ctx.io.json(r.body);
        else ctx.io.out(`${colour.green("extended")} ${r.body.id}: ${r.body.status}, extension ${r.body.extensions} of ${r.body.maxExtensions}`);
        return 0;
      })(),
    );
  program
    .command("keep <reclaim>")
    .description("keep an idle GPU quota allocation for this window (during the reclaim's grace period)")
    .requiredOption("--reason <text>", "why the allocation is still needed")
    .action((reclaim: string, o: { reason: string }) =>
      run(async (ctx) => {
        const r = await ctx.api().post<Record<string, unknown>>(`/api/quota-reclaims/${encodeURIComponent(reclaim)}/keep`, { reason: o.reason });
        if (ctx.json) ctx.io.json(r.body);
        else ctx.io.out(`${colour.green("keeping")} ${reclaim}: ${o.reason}`);
        return 0;
      })(),
    );
}
