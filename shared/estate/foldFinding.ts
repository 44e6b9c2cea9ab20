import type { Decision } from "./Decision";
import type { Finding } from "./Finding";
import { findingId } from "./findingId";
import { parseResourceId } from "./parseResourceId";

/**
 * The finding after a decision: `flag`/`act` opens (or keeps open, reopens) it; `ok` resolves an
 * open one; returns undefined when an `ok` decision meets no finding (nothing to record).
 */
export function foldFinding(existing: Finding | undefined, decision: Decision, now: Date): Finding | undefined {
  const at = now.toISOString();
  if (decision.verdict === "ok") {
    if (!existing || existing.status === "resolved") return existing;
    return { ...existing, status: "resolved", lastSeen: at, resolvedAt: at, resolution: decision.reason };
  }
  const reopened = existing?.status === "resolved";
  return {
    id: findingId(decision.guardrail, decision.resourceId, decision.rule),
    guardrail: decision.guardrail,
    rule: decision.rule ?? "",
    resourceId: decision.resourceId,
    subscriptionId: parseResourceId(decision.resourceId).subscriptionId ?? "",
    status: "open",
    reason: decision.reason,
    severity: decision.severity ?? existing?.severity ?? "medium",
    evidence: decision.evidence,
    firstSeen: existing && !reopened ? existing.firstSeen : at,
    lastSeen: at,
    dryRun: decision.dryRun,
    exemptionRef: decision.exemption?.ref,
  };
}

/** Resolves a finding whose resource was fixed or deleted. */
export function resolveFinding(finding: Finding, now: Date, resolution: string): Finding {
  if (finding.status === "resolved") return finding;
  const at = now.toISOString();
  return { ...finding, status: "resolved", lastSeen: at, resolvedAt: at, resolution };
}
