import type { Decision } from "../estate/Decision";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import { parseResourceId } from "../estate/parseResourceId";
import type { Policy } from "../config/Policy";
import { guardrailNames, type GuardrailName } from "../config/guardrailParamSchemas";
import { dryRunFor } from "./dryRunFor";
import { inScope } from "./inScope";

const isGuardrail = (name: string): name is GuardrailName => (guardrailNames as readonly string[]).includes(name);

/**
 * Applies each guardrail's policy entry to its decisions: `off` drops them; decisions on
 * subscriptions outside the scope are dropped (a decision whose subscription is unknown to
 * `subscriptionOf` is kept only when the scope lists no management groups or subscriptions);
 * `dryRun` is set from the mode (bookkeeping actions never dry-run). Unknown guardrails are kept.
 */
export function applyMode(
  decisions: readonly Decision[],
  policy: Policy,
  subscriptionOf: (subscriptionId: string) => Pick<SubscriptionFacts, "id" | "managementGroupPath"> | undefined,
): Decision[] {
  const out: Decision[] = [];
  for (const d of decisions) {
    if (!isGuardrail(d.guardrail)) {
      out.push(d);
      continue;
    }
    const entry = policy.guardrails[d.guardrail];
    if (entry.mode === "off") continue;
    const subId = parseResourceId(d.resourceId).subscriptionId;
    if (subId) {
      if ((entry.scope.excludeSubscriptions ?? []).some((x) => x.toLowerCase() === subId)) continue;
      const sub = subscriptionOf(subId);
      const scoped = (entry.scope.managementGroups?.length ?? 0) + (entry.scope.subscriptions?.length ?? 0) > 0;
      if (sub ? !inScope(entry.scope, sub) : scoped && !(entry.scope.subscriptions ?? []).some((x) => x.toLowerCase() === subId)) continue;
    }
    out.push({ ...d, dryRun: dryRunFor(policy, d.guardrail, d.action) });
  }
  return out;
}
