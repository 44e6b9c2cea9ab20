import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { GuardrailScope } from "../config/GuardrailMode";

const lower = (xs: readonly string[] | undefined) => (xs ?? []).map((x) => x.toLowerCase());

/**
 * Whether a subscription is in a guardrail's scope. Excluded ids never are; with neither
 * management groups nor subscriptions listed, everything is; otherwise the subscription must be
 * listed or have a listed management group on its path.
 */
export function inScope(scope: GuardrailScope, subscription: Pick<SubscriptionFacts, "id" | "managementGroupPath">): boolean {
  const id = subscription.id.toLowerCase();
  if (lower(scope.excludeSubscriptions).includes(id)) return false;
  const mgs = lower(scope.managementGroups);
  const subs = lower(scope.subscriptions);
  if (mgs.length === 0 && subs.length === 0) return true;
  return subs.includes(id) || subscription.managementGroupPath.some((m) => mgs.includes(m.toLowerCase()));
}
