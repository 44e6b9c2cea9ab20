import type { Command } from "commander";
import type { Context } from "../Context";
import { loadNames } from "../names";
import { severityText, statusText } from "../output";
import { UsageError } from "../UsageError";
import { failOnFindings, SEVERITIES, severityRank } from "./failOn";

type Run = (fn: (ctx: Context) => Promise<number> | number) => () => Promise<void>;
type Row = Record<string, unknown>;

const day = (iso: unknown) => (typeof iso === "string" && iso ? iso.slice(0, 10) : "");
const when = (iso: unknown) => (typeof iso === "string" && iso ? iso.slice(0, 16).replace("T", " ") : "");
const money = (n: unknown) => (typeof n === "number" ? n.toFixed(2) : "");

interface FindingsOptions {
  guardrail?: string;
  subscription?: string;
  status?: string;
  limit: string;
  failOn?: string;
}

async function findings(ctx: Context, o: FindingsOptions): Promise<number> {
  if (o.status && o.status !== "open" && o.status !== "resolved") throw new UsageError("--status: must be open or resolved");
  if (o.failOn) severityRank(o.failOn);
  const limit = Number(o.limit);
  const api = ctx.api();
  const items: Row[] = [];
  let token: string | undefined;
  do {
    const q = new URLSearchParams({ pageSize: String(Math.min(1000, limit - items.length)) });
    if (o.guardrail) q.set("guardrail", o.guardrail);
    if (o.subscription) q.set("subscription", o.subscription);
    if (o.status) q.set("status", o.status);
    if (token) q.set("continuationToken", token);
    const page = await api.get<{ value: Row[]; continuationToken?: string }>(`/api/findings?${q}`);
    items.push(...page.value);
    token = page.continuationToken;
  } while (token && items.length < limit);
  const names = await loadNames(api);
  if (ctx.json) ctx.io.json(items.map((f) => ({ ...f, resourceName: names.label(String(f.resourceId)), subscriptionName: names.subscription(String(f.subscriptionId || f.resourceId)) })));
  else
    ctx.io.table(
      ["severity", "guardrail", "resource", "subscription", "status", "last seen", "reason"],
      items.map((f) => [severityText(String(f.severity)), `${f.guardrail}${f.rule ? `/${f.rule}` : ""}`, names.label(String(f.resourceId)), names.subscription(String(f.subscriptionId || f.resourceId)), statusText(String(f.status)), when(f.lastSeenAt), String(f.reason)]),
    );
  return o.failOn ? failOnFindings(ctx, o.failOn, { guardrail: o.guardrail, subscription: o.subscription }) : 0;
}

async function audit(ctx: Context, o: { resource?: string; since?: string; limit: string }): Promise<number> {
  const q = new URLSearchParams({ limit: o.limit });
  if (o.resource) q.set("resourceId", o.resource);
  if (o.since) q.set("since", o.since);
  const api = ctx.api();
  const entries = (await api.get<{ value: Row[] }>(`/api/audit?${q}`)).value;
  const names = await loadNames(api, entries.map((e) => String(e.actor)));
  if (ctx.json) ctx.io.json(entries.map((e) => ({ ...e, actorName: names.principal(String(e.actor)), resourceName: e.resourceId ? names.label(String(e.resourceId)) : undefined })));
  else
    ctx.io.table(
      ["at", "actor", "action", "guardrail", "resource", "outcome", "reason"],
      entries.map((e) => [when(e.at), names.principal(String(e.actor)), `${e.action}${e.dryRun ? " (dry run)" : ""}`, e.guardrail as string, e.resourceId ? names.label(String(e.resourceId)) : "", statusText(String(e.outcome)), String(e.reason ?? "")]),
    );
  return 0;
}

async function sandboxes(ctx: Context): Promise<number> {
  const api = ctx.api();
  const rows = (await api.get<{ value: Row[] }>("/api/sandboxes")).value;
  const names = await loadNames(api);
  if (ctx.json) ctx.io.json(rows.map((s) => ({ ...s, name: names.label(String(s.id)) })));
  else
    ctx.io.table(
      ["sandbox", "kind", "state", "days idle", "extensions", "decommission due", "id"],
      rows.map((s) => [names.label(String(s.id)), String(s.kind), statusText(String(s.status)), Number(s.daysIdle), `${s.extensions}/${s.maxExtensions}`, s.decommissionedAt ? `done ${day(s.decommissionedAt)}` : day(s.decommissionDueAt), String(s.id)]),
    );
  return 0;
}

async function quotaReclaims(ctx: Context, o: { status?: string }): Promise<number> {
  const api = ctx.api();
  const rows = (await api.get<{ value: Row[] }>(`/api/quota-reclaims${o.status ? `?status=${encodeURIComponent(o.status)}` : ""}`)).value;
  const names = await loadNames(api);
  const subOf = (r: Row) => String(r.subscriptionId ?? "");
  if (ctx.json) ctx.io.json(rows.map((r) => ({ ...r, subscriptionName: names.subscription(subOf(r)) })));
  else
    ctx.io.table(
      ["id", "subscription", "region", "family", "allocated", "peak in use", "lower to", "status", "grace ends"],
      rows.map((r) => [String(r.id), names.subscription(subOf(r)), String(r.location ?? ""), String(r.family ?? ""), r.limit as number, r.peakUsage as number, r.targetLimit as number, statusText(String(r.status)), day(r.graceEndsAt)]),
    );
  return 0;
}

async function budgets(ctx: Context, o: { subscription?: string }): Promise<number> {
  const api = ctx.api();
  const rows = (await api.get<{ value: Row[] }>(`/api/budgets${o.subscription ? `?subscription=${o.subscription}` : ""}`)).value;
  const names = await loadNames(api);
  if (ctx.json) ctx.io.json(rows.map((b) => ({ ...b, subscriptionName: names.subscription(String(b.subscriptionId)) })));
  else
    ctx.io.table(
      ["subscription", "budget", "scope", "amount", "actual", "forecast", "actual %", "forecast %"],
      rows.map((b) => [names.subscription(String(b.subscriptionId)), String(b.name), names.label(String(b.scope)), money(b.amount), money(b.actual), money(b.forecast), b.actualPercent as number, b.forecastPercent as number]),
    );
  return 0;
}

async function exemptions(ctx: Context, o: { all?: boolean }): Promise<number> {
  const api = ctx.api();
  const rows = (await api.get<{ value: Row[] }>(`/api/exemptions${o.all ? "?includeExpired=true" : ""}`)).value;
  const names = await loadNames(api, rows.map((r) => String(r.createdBy)));
  if (ctx.json) ctx.io.json(rows.map((r) => ({ ...r, scopeName: names.label(String(r.scope)), createdByName: names.principal(String(r.createdBy)) })));
  else ctx.io.table(["id", "scope", "guardrail", "until", "by", "ref", "reason"], rows.map((r) => [String(r.id), names.label(String(r.scope)), String(r.guardrail), day(r.expiresAt), names.principal(String(r.createdBy)), r.ref as string, String(r.justification)]));
  return 0;
}

async function vendingRequests(ctx: Context, o: { status?: string }): Promise<number> {
  const rows = (await ctx.api().get<{ value: Row[] }>(`/api/vending/requests${o.status ? `?status=${encodeURIComponent(o.status)}` : ""}`)).value;
  if (ctx.json) ctx.io.json(rows);
  else
    ctx.io.table(
      ["id", "workload", "archetype", "status", "requested by", "created", "subscription"],
      rows.map((r) => {
        const req = (r.request ?? {}) as Row;
        return [String(r.id), String(req.workloadName ?? ""), String(req.archetype ?? ""), statusText(String(r.status)), String(r.requestedBy ?? ""), when(r.createdAt), String(r.subscriptionId ?? "")];
      }),
    );
  return 0;
}

export function registerListCommands(program: Command, run: Run): void {
  program
    .command("findings")
    .description("findings, with resource and subscription names")
    .option("--guardrail <name>", "only this guardrail")
    .option("--subscription <id>", "only this subscription (GUID)")
    .option("--status <open|resolved>", "only open or resolved findings")
    .option("--limit <n>", "at most this many", "1000")
    .option("--fail-on <severity>", `exit 1 when an open finding is at or above this severity (${SEVERITIES.join(", ")})`)
    .action((o: FindingsOptions) => run((ctx) => findings(ctx, o))());
  program
    .command("audit")
    .description("the audit log, newest first, with actor names")
    .option("--resource <id>", "only entries about this resource id")
    .option("--since <iso>", "only entries since this ISO 8601 date-time")
    .option("--limit <n>", "at most this many", "100")
    .action((o: { resource?: string; since?: string; limit: string }) => run((ctx) => audit(ctx, o))());
  program.command("sandboxes").description("tracked sandboxes: state, days idle, extensions, decommission date").action(() => run(sandboxes)());
  program
    .command("quota-reclaims")
    .description("idle GPU quota reclaims")
    .option("--status <status>", "only reclaims in this status (e.g. Notified)")
    .action((o: { status?: string }) => run((ctx) => quotaReclaims(ctx, o))());
  program
    .command("budgets")
    .description("budgets: actual and forecast spend against the amount")
    .option("--subscription <id>", "only this subscription (GUID)")
    .action((o: { subscription?: string }) => run((ctx) => budgets(ctx, o))());
  program
    .command("exemptions")
    .description("active exemptions")
    .option("--all", "include expired ones")
    .action((o: { all?: boolean }) => run((ctx) => exemptions(ctx, o))());
  program
    .command("requests")
    .description("subscription vending requests, newest first")
    .option("--status <status>", "only requests in this status (e.g. AwaitingApproval)")
    .action((o: { status?: string }) => run((ctx) => vendingRequests(ctx, o))());
}
