import { createHash } from "node:crypto";
import type { Decision } from "../estate/Decision";
import type { ActionContext } from "./ActionContext";
import type { ActionResult } from "./ActionResult";
import { describeAction, runAction } from "./actionRegistry";

export interface ExecuteOutcome {
  /** Undefined when the decision carried no action. */
  result?: ActionResult;
  /** What was (or would have been) done. */
  description?: string;
}

const auditId = (...parts: string[]) => createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 32);

/**
 * Records a decision in the audit log and carries out its action: skipped (and said why) when an
 * exemption covers it, recorded as "would have" in a dry run, otherwise run with before/after.
 * Audit ids derive from the trigger, so a redelivered event never writes a second entry.
 * Failures worth retrying (throttling, 5xx) are audited, then rethrown.
 */
export async function executeDecision(decision: Decision, ctx: ActionContext): Promise<ExecuteOutcome> {
  const key = [ctx.correlationId, decision.guardrail, decision.resourceId.toLowerCase(), decision.rule ?? ""];
  const { action } = decision;
  const decided = ctx.audit.append({
    id: auditId(...key, "decision"),
    at: ctx.now().toISOString(),
    actor: ctx.actor,
    action: "decision",
    guardrail: decision.guardrail,
    resourceId: decision.resourceId,
    reason: decision.exemption ? `${decision.reason} — exempted (${decision.exemption.source} exemption ${decision.exemption.ref}, until ${decision.exemption.until})` : decision.reason,
    dryRun: decision.dryRun,
    outcome: decision.exemption && action ? "skipped" : "succeeded",
    details: { verdict: decision.verdict, rule: decision.rule, severity: decision.severity, evidence: decision.evidence, exemption: decision.exemption, action, trigger: ctx.correlationId },
  });
  if (!action) {
    await decided;
    return {};
  }
  const description = describeAction(action, decision.resourceId);
  const entry = { id: auditId(...key, "action", action.type), actor: ctx.actor, action: `action.${action.type}`, guardrail: decision.guardrail, resourceId: decision.resourceId, dryRun: decision.dryRun };

  if (decision.exemption) {
    const result: ActionResult = { outcome: "skipped", note: `exempted by ${decision.exemption.source} exemption ${decision.exemption.ref} (scope ${decision.exemption.scope}, until ${decision.exemption.until})` };
    // Nothing is done: the decision and what was held back are audited together.
    await Promise.all([decided, ctx.audit.append({ ...entry, at: ctx.now().toISOString(), reason: `not done: ${description}: ${result.note}`, outcome: "skipped", details: { trigger: ctx.correlationId, exemption: decision.exemption } })]);
    return { result, description };
  }
  if (decision.dryRun) {
    const result: ActionResult = { outcome: "skipped", note: `dry run: would ${description}` };
    await Promise.all([decided, ctx.audit.append({ ...entry, at: ctx.now().toISOString(), reason: result.note, outcome: "skipped", details: { trigger: ctx.correlationId, wouldDo: action } })]);
    return { result, description };
  }
  // A real action: the decision is on record before anything is done.
  await decided;
  let result: ActionResult;
  try {
    result = await runAction(decision, action, ctx);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await ctx.audit.append({ ...entry, id: auditId(...key, "action", action.type, "failed", ctx.now().toISOString()), at: ctx.now().toISOString(), reason: `${description} failed: ${message}`, outcome: "failed", details: { trigger: ctx.correlationId } });
    throw err;
  }
  await ctx.audit.append({ ...entry, at: ctx.now().toISOString(), reason: `${description}: ${result.note}`, outcome: result.outcome, before: result.before, after: result.after, details: { trigger: ctx.correlationId, noop: result.noop ?? false } });
  return { result, description };
}
