import type { Subscription } from "../state/schemas";

/** A subscription as `GET /subscriptions/{id}` returns it. */
export function subscriptionView(s: Subscription, tenantId: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    ...(s.tags ? { tags: s.tags } : {}),
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId ?? tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: s.quotaId ?? (s.workload === "DevTest" ? "MSDNDevTest_2014-09-01" : "EnterpriseAgreement_2014-09-01"),
      spendingLimit: "Off",
    },
  };
}
