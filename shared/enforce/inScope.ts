import type { GuardrailScope } from "../config/GuardrailMode";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";

/**
 * Whether a guardrail's scope covers a subscription: never when excluded; always when the scope
 * names neither management groups nor subscriptions; else when one of its management groups is on
 * the subscription's path or the subscription is listed.
 */
export function inScope(scope: GuardrailScope, subscription: SubscriptionFacts): boolean {
  const id = subscription.id.toLowerCase();
  const has = (xs: string[] | undefined, x: string) => (xs ?? []).some((v) => v.toLowerCase() === x);
  if (has(scope.excludeSubscriptions, id)) return false;
  const mgs = scope.managementGroups ?? [];
  const subs = scope.subscriptions ?? [];
  if (mgs.length === 0 && subs.length === 0) return true;
  if (has(subs, id)) return true;
  return subscription.managementGroupPath.some((m) => has(mgs, m.toLowerCase()));
}
