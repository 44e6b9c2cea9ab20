import { entryOf } from "../../shared/config/entryOf";
import type { Policy } from "../../shared/config/Policy";
import { sweepGuardrails } from "../../shared/engine/registry";
import type { Decision } from "../../shared/estate/Decision";
import type { SandboxState } from "../../shared/estate/SandboxState";
import { budgetAlertsName } from "../../shared/guardrails/budgetAlerts/params";
import { sandboxLifecycleName } from "../../shared/guardrails/sandboxLifecycle/params";
import type { FindingRecord } from "../../shared/store/records";
import type { FindingStore } from "../../shared/store/ports";
import { resolveFinding, type PipelineDeps } from "../../shared/engine/carryOut";
import { mapLimit } from "../../shared/sweep/mapLimit";


export const findingKey = (f: { guardrail: string; resourceId: string; rule?: string }) => `${f.guardrail}|${f.resourceId.toLowerCase()}|${f.rule ?? ""}`;

/** The registry's sweep guardrails switched on; only their findings are the sweep's to resolve in the policy (an "off" guardrail is not evaluated, so its silence proves nothing). */
export function sweepGuardrailsOn(policy: Policy): string[] {
  return sweepGuardrails().map((m) => m.name).filter((g) => (entryOf(policy, g)?.mode ?? "off") !== "off");
}

/** Every open finding of the batch's subscriptions (one partition query per subscription, paged). */
export async function openFindingsOf(findings: FindingStore, subscriptionIds: string[]): Promise<FindingRecord[]> {
  const pages = await mapLimit(subscriptionIds, 8, async (subscriptionId) => {
    const out: FindingRecord[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await findings.list({ subscriptionId, status: "open", pageSize: 1000, continuationToken });
      out.push(...page.items);
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return out;
  });
  return pages.flat();
}

export interface Tonight {
  /** The batch's decisions tonight (all verdicts). */
  decisions: Decision[];
  /** Lower-case ids of the resources Resource Graph returned tonight. */
  resourceIds: Set<string>;
  /** Lower-case `budgetAlertKey`s already fired in the current budget period. */
  firedKeys: Set<string>;
  /** Tonight's state of every sandbox in the batch. */
  sandboxStates: SandboxState[];
}

const under = (id: string, scope: string) => id.toLowerCase() === scope.toLowerCase() || id.toLowerCase().startsWith(`${scope.toLowerCase()}/`);

/**
 * Why an open finding of a sweep guardrail no longer holds tonight, or undefined while it still does.
 * Some findings fire once and then stay true without a new decision: a budget threshold for the rest
 * of its period (markFired dedupes it), a sandbox while it stays Flagged, locked leftovers of a
 * decommissioned sandbox.
 */
function staleReason(f: FindingRecord, tonight: Tonight, refired: Set<string>, exempted: Map<string, Decision>): string | undefined {
  const key = findingKey(f);
  if (refired.has(key)) return undefined;
  const ex = exempted.get(key)?.exemption;
  if (ex) return `exempted (${ex.source} ${ex.ref}, until ${ex.until})`;
  if (f.guardrail === budgetAlertsName) {
    const alertKey = typeof f.evidence["alertKey"] === "string" ? f.evidence["alertKey"].toLowerCase() : undefined;
    if (alertKey) return tonight.firedKeys.has(alertKey) ? undefined : "budget period ended: the threshold no longer fires";
    return "the subscription has a budget now";
  }
  if (f.guardrail === sandboxLifecycleName) {
    const sandbox = tonight.sandboxStates.find((s) => under(f.resourceId, s.id));
    if (!sandbox) return "sandbox deleted or no longer a sandbox";
    if (f.rule === "inactive" && sandbox.status === "Flagged") return undefined;
    if (f.rule === "locked" && sandbox.status === "Decommissioned") return undefined;
    if (f.rule === "inactive") return sandbox.status === "Active" ? `sandbox active again (last activity ${sandbox.lastActivityAt})` : `sandbox ${sandbox.status.toLowerCase()}`;
  }
  // Resource-level findings: gone from Resource Graph means deleted; still there means fixed.
  if (/\/providers\//i.test(f.resourceId) && !tonight.resourceIds.has(f.resourceId.toLowerCase())) return "resource deleted";
  return "fixed: no longer fires in the nightly sweep";
}

/**
 * Resolves the batch's open findings of the sweep's guardrails that tonight's sweep did not decide
 * again, each with its reason, through the pipeline's resolve (audited once per night, published).
 */
export async function resolveStaleFindings(pipeline: PipelineDeps, guardrails: string[], open: FindingRecord[], tonight: Tonight): Promise<FindingRecord[]> {
  const refired = new Set<string>();
  const exempted = new Map<string, Decision>();
  for (const d of tonight.decisions) {
    if (d.verdict === "ok") continue;
    if (d.exemption) exempted.set(findingKey(d), d);
    else refired.add(findingKey(d));
  }
  const owned = new Set(guardrails);
  const resolved: FindingRecord[] = [];
  for (const f of open) {
    if (!owned.has(f.guardrail)) continue;
    const why = staleReason(f, tonight, refired, exempted);
    if (!why) continue;
    const r = await resolveFinding(f, why, pipeline);
    if (r) resolved.push(r);
  }
  return resolved;
}
