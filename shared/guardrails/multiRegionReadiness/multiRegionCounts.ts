import { entryOf } from "../../config/entryOf";
import type { Policy } from "../../config/Policy";
import { inScope } from "../../engine/inScope";
import type { Decision } from "../../estate/Decision";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import type { BatchFacts } from "../../sweep/BatchFacts";
import { multiRegionReadinessName, multiRegionReadinessParams } from "./params";
import { isProdWorkload, workloadRegions } from "./workloadRegions";
import { resourcesBySubscription } from "../../estate/resourcesBySubscription";

/**
 * The scorecard's multi-region counts for one batch: the production workloads the guardrail
 * judged (in its scope, with resources) and those with no finding tonight (an exempted finding
 * still counts against readiness). Zero when the guardrail is off.
 */
export function multiRegionCounts(policy: Policy, subscriptions: SubscriptionFacts[], facts: BatchFacts, decisions: Decision[]): { prodWorkloads: number; prodWorkloadsMultiRegion: number } {
  const entry = entryOf(policy, multiRegionReadinessName);
  if (!entry || entry.mode === "off") return { prodWorkloads: 0, prodWorkloadsMultiRegion: 0 };
  const p = multiRegionReadinessParams.parse(entry.params);
  const flagged = new Set(decisions.filter((d) => d.guardrail === multiRegionReadinessName && d.verdict !== "ok").map((d) => d.resourceId.toLowerCase()));
  let judged = 0;
  let ready = 0;
  for (const s of subscriptions) {
    if (!inScope(entry.scope, s) || !isProdWorkload(s, p)) continue;
    if (!workloadRegions(s, resourcesBySubscription(facts.resources, s.id), p, policy)) continue;
    judged++;
    if (!flagged.has(`/subscriptions/${s.id}`)) ready++;
  }
  return { prodWorkloads: judged, prodWorkloadsMultiRegion: ready };
}
