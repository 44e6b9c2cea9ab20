import fs from "node:fs";
import type { Command } from "commander";
import { loadPolicy } from "../../shared/config/loadPolicy";
import { PolicyError } from "../../shared/config/PolicyError";
import type { Context } from "../Context";
import { colour } from "../output";
import { readInputFile } from "../readInputFile";
import { UsageError } from "../UsageError";

/** The policy file ailz would load: AILZ_POLICY_PATH, else ./guardrails.yaml. */
const defaultPolicyFile = () => process.env.AILZ_POLICY_PATH ?? "guardrails.yaml";

/**
 * `ailz policy validate [file]`: the very check start-up makes (loadPolicy), so the errors are the
 * same `file:line:col field: message` lines. Exit 1 when invalid, 2 when the file cannot be read.
 */
function validatePolicy(ctx: Context, file: string | undefined): number {
  const path = file ?? defaultPolicyFile();
  if (!fs.existsSync(path)) throw new UsageError(`policy file ${path}: no such file`);
  try {
    const policy = loadPolicy(path, { env: process.env });
    const on = Object.entries(policy.guardrails).filter(([, g]) => (g as { mode: string }).mode !== "off");
    if (ctx.json) ctx.io.json({ file: path, valid: true, guardrails: Object.fromEntries(on.map(([n, g]) => [n, (g as { mode: string }).mode])) });
    else ctx.io.out(`${path}: valid (${on.length} guardrails on: ${on.map(([n, g]) => `${n}=${(g as { mode: string }).mode}`).join(", ")})`);
    return 0;
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    if (ctx.json) ctx.io.json({ file: path, valid: false, issues: e.issues });
    else ctx.io.err(`ailz: ${e.message}`);
    return 1;
  }
}

interface PreviewItem {
  guardrail: string;
  rule: string;
  resourceId: string;
  resourceName: string;
  subscriptionName: string;
  reason: string;
  action?: string;
  monthlySavings?: number;
}
interface PreviewReply {
  facts: { sweepId: string; collectedAt: string; subscriptions: number } | null;
  findings: { open: PreviewItem[]; resolve: PreviewItem[] };
  actions: { start: PreviewItem[]; stop: PreviewItem[] };
  actionsBySubscription: Array<{ guardrail: string; subscriptionName: string; start: number; stop: number }>;
  notifications: unknown[];
  estimatedMonthlySavings: { amount: number; currency: string };
  unchanged: number;
  events: { days: number; recorded: number; truncated: boolean; withoutFacts: number; findings: { open: PreviewItem[]; resolve: PreviewItem[] }; actions: { start: PreviewItem[]; stop: PreviewItem[] } };
}

/** `ailz policy preview <file> [--days N]`: what the proposed policy would change, over the latest sweep's facts and the recorded events. */
async function previewPolicyFile(ctx: Context, file: string, days: string | undefined): Promise<number> {
  if (days !== undefined && !/^\d+$/.test(days)) throw new UsageError(`--days: a whole number of days (got "${days}")`);
  const text = readInputFile(file, "policy file");
  const r = await ctx.api().request<PreviewReply>("POST", `/api/policy/preview${days ? `?days=${days}` : ""}`, { text, contentType: "application/yaml" });
  const p = r.body;
  if (ctx.json) {
    ctx.io.json(p);
    return 0;
  }
  const rows = (list: PreviewItem[], change: string) => list.map((i) => [change, `${i.guardrail}${i.rule ? `/${i.rule}` : ""}`, i.resourceName, i.subscriptionName, i.action ?? "", i.monthlySavings !== undefined ? i.monthlySavings.toFixed(2) : "", i.reason]);
  const e = p.events;
  ctx.io.out(p.facts ? `${file} against sweep ${p.facts.sweepId} (${p.facts.subscriptions} subscriptions, facts of ${p.facts.collectedAt.slice(0, 16).replace("T", " ")})` : `${file}: no sweep facts yet, recorded events only`);
  ctx.io.out(colour.bold("Findings"));
  ctx.io.table(["change", "guardrail", "resource", "subscription", "action", "", "reason"], [...rows(p.findings.open, "would open"), ...rows(p.findings.resolve, "would resolve")].map((r) => [r[0], r[1], r[2], r[3], r[6]]).map((r) => r as string[]));
  ctx.io.out(colour.bold("Actions"));
  ctx.io.table(["change", "guardrail", "resource", "subscription", "action", "monthly savings", "reason"], [...rows(p.actions.start, "would run"), ...rows(p.actions.stop, "would stop")]);
  ctx.io.out(colour.bold(`Recorded events (last ${e.days} days: ${e.recorded} events${e.truncated ? ", the newest only" : ""}${e.withoutFacts ? `; ${e.withoutFacts} not judged, their facts were not read` : ""})`));
  ctx.io.table(["change", "guardrail", "resource", "subscription", "action", "reason"], [...rows(e.findings.open, "would open"), ...rows(e.findings.resolve, "would resolve"), ...rows(e.actions.start, "would run"), ...rows(e.actions.stop, "would stop")].map((r) => [r[0], r[1], r[2], r[3], r[4], r[6]]));
  ctx.io.out(
    `${p.findings.open.length} findings would open, ${p.findings.resolve.length} resolve; ${p.actions.start.length} actions would run, ${p.actions.stop.length} stop; ${p.notifications.length} more notifications; estimated savings ${p.estimatedMonthlySavings.amount.toFixed(2)} ${p.estimatedMonthlySavings.currency}/month; ${p.unchanged} decisions unchanged`,
  );
  return 0;
}

export function registerPolicyCommands(program: Command, run: (fn: (ctx: Context) => Promise<number> | number) => () => Promise<void>): Command {
  const policy = program.command("policy").description("check a guardrails.yaml, or preview what it would change");
  policy
    .command("validate [file]")
    .description("validate a policy file exactly as start-up does (default: AILZ_POLICY_PATH or guardrails.yaml)")
    .action((file: string | undefined) => run((ctx) => validatePolicy(ctx, file))());
  policy
    .command("preview <file>")
    .description("what a proposed policy would change (findings, actions, notifications, savings) over the latest sweep's facts and the recorded resource events; changes nothing")
    .option("--days <n>", "replay the resource events of the last n days (default: the whole retention window)")
    .action((file: string, opts: { days?: string }) => run((ctx) => previewPolicyFile(ctx, file, opts.days))());
  return policy;
}
