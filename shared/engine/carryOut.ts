import { createHash } from "node:crypto";
import type { ActionContext } from "../actions/ActionContext";
import { executeDecision, type ExecuteOutcome } from "../actions/executeDecision";
import type { Decision } from "../estate/Decision";
import { parseResourceId } from "../estate/parseResourceId";
import type { FindingRecord } from "../store/records";
import type { FindingStore } from "../store/ports";

/** Findings as CloudEvents on the findings topic (Event Grid custom topic). */
export interface FindingPublisher {
  publish(finding: FindingRecord, change: "opened" | "resolved"): Promise<void>;
}

/** What the decision pipeline writes to, beside the action context. */
export interface PipelineDeps {
  ctx: ActionContext;
  findings: FindingStore;
  publisher?: FindingPublisher;
  /** A topic outage is logged, never fails the trigger: the finding is stored, and a retry would act again. */
  onPublishError?: (err: unknown, finding: FindingRecord) => void;
}

export interface CarriedOut {
  outcome: ExecuteOutcome;
  /** The finding the decision opened or refreshed (flag/act, not exempted). */
  finding?: FindingRecord;
  /** True when that finding was not open before. */
  opened: boolean;
  /** The open finding it resolved (fixed, or exempted now). */
  resolved?: FindingRecord;
}

const auditId = (...parts: string[]) => createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 32);

/**
 * The one decision pipeline of both paths, for one decided decision: carry it out (or hold it back:
 * exempted, dry run) and audit it, then keep its finding true — open or refresh it while it fires,
 * resolve the open one when it is fixed or exempted (audited) — and publish what changed. `open`
 * is the finding open before this trigger, read by the caller in one query per partition.
 */
export async function carryOut(d: Decision, open: FindingRecord | undefined, deps: PipelineDeps): Promise<CarriedOut> {
  const { ctx } = deps;
  const outcome = await executeDecision(d, ctx);
  const at = ctx.now().toISOString();
  if (d.verdict === "ok" || d.exemption) {
    if (!open) return { outcome, opened: false };
    const why = d.exemption ? `exempted (${d.exemption.source} ${d.exemption.ref}, until ${d.exemption.until})` : `fixed: ${d.reason}`;
    const resolved = await resolveFinding(open, why, deps);
    return { outcome, opened: false, resolved };
  }
  const { result, description } = outcome;
  const finding = await deps.findings.upsertOpen(
    {
      guardrail: d.guardrail,
      resourceId: d.resourceId,
      rule: d.rule ?? "",
      subscriptionId: parseResourceId(d.resourceId).subscriptionId?.toLowerCase() ?? "",
      severity: d.severity ?? "medium",
      reason: d.reason,
      evidence: { ...d.evidence, ...(result ? { action: { description, outcome: result.outcome, note: result.note } } : {}) },
      // Whether what the finding asks for was held back: a notification that went out was not a dry run.
      dryRun: d.dryRun,
    },
    at,
    open,
  );
  if (!open) await publish(deps, finding, "opened");
  return { outcome, finding, opened: !open };
}

/** Resolves an open finding with its reason, audited once per trigger, and publishes it. */
export async function resolveFinding(open: FindingRecord, why: string, deps: PipelineDeps): Promise<FindingRecord | undefined> {
  const { ctx } = deps;
  const at = ctx.now().toISOString();
  const r = await deps.findings.resolve(open, at, why);
  if (!r) return undefined;
  await ctx.audit.append({
    id: auditId(ctx.correlationId, "finding.resolved", open.guardrail, open.resourceId.toLowerCase(), open.rule),
    at,
    actor: ctx.actor,
    action: "finding.resolved",
    guardrail: open.guardrail,
    resourceId: open.resourceId,
    reason: why,
    dryRun: false,
    before: { status: open.status, reason: open.reason, lastSeenAt: open.lastSeenAt },
    after: { status: r.status, resolvedAt: r.resolvedAt, resolution: r.resolution },
    details: { rule: open.rule, trigger: ctx.correlationId },
  });
  await publish(deps, r, "resolved");
  return r;
}

async function publish(deps: PipelineDeps, finding: FindingRecord, change: "opened" | "resolved"): Promise<void> {
  if (!deps.publisher) return;
  try {
    await deps.publisher.publish(finding, change);
  } catch (err) {
    deps.onPublishError?.(err, finding);
  }
}
