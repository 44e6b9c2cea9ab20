// The control-plane `actions` of the built-in roles infra/ assigns to ailz's identity, as Azure
// publishes them (learn.microsoft.com/azure/role-based-access-control/built-in-roles; role ids
// in infra/roles/builtin-roles.json). Only `actions` matter here: ailz uses no data actions on the
// estate, and none of these roles has notActions. Where unsure, a role is listed with less than it
// grants, never more, so the least-privilege test can only be stricter than Azure.
export const builtinRoleActions: Record<string, readonly string[]> = {
  Reader: ["*/read"],
  "Cost Management Reader": [
    "Microsoft.Consumption/*/read",
    "Microsoft.CostManagement/*/read",
    "Microsoft.Billing/billingPeriods/read",
    "Microsoft.Resources/subscriptions/read",
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.Support/*",
    "Microsoft.Advisor/configurations/read",
    "Microsoft.Advisor/recommendations/read",
    "Microsoft.Management/managementGroups/read",
    "Microsoft.Billing/billingProperty/read",
  ],
  // Quota group management on the management group (create/update groups and their limits).
  "GroupQuota Request Operator": [
    "Microsoft.Quota/groupQuotas/read",
    "Microsoft.Quota/groupQuotas/write",
    "Microsoft.Quota/groupQuotas/groupQuotaLimits/read",
    "Microsoft.Quota/groupQuotas/groupQuotaLimits/write",
    "Microsoft.Quota/groupQuotas/groupQuotaRequests/read",
    "Microsoft.Quota/groupQuotas/quotaAllocations/read",
    "Microsoft.Quota/groupQuotas/quotaAllocationRequests/read",
    "Microsoft.Quota/groupQuotas/subscriptions/read",
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.Support/*",
  ],
  "Management Group Contributor": [
    "Microsoft.Management/managementGroups/delete",
    "Microsoft.Management/managementGroups/read",
    "Microsoft.Management/managementGroups/subscriptions/delete",
    "Microsoft.Management/managementGroups/subscriptions/write",
    "Microsoft.Management/managementGroups/write",
    "Microsoft.Management/managementGroups/subscriptions/read",
    "Microsoft.Authorization/*/read",
    "Microsoft.Insights/alertRules/*",
    "Microsoft.Resources/deployments/*",
    "Microsoft.Support/*",
  ],
  // Assigned with an ABAC condition limiting which role definitions it may assign or remove
  // (infra/roles/vending-access.bicep); the condition narrows, never widens, these actions.
  "Role Based Access Control Administrator": [
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.Authorization/roleAssignments/delete",
    "*/read",
    "Microsoft.Resources/deployments/*",
    "Microsoft.Resources/subscriptions/read",
    "Microsoft.Management/managementGroups/read",
    "Microsoft.Support/*",
  ],
};

/**
 * Grants ailz gets outside Bicep, by the documented manual step (infra/README.md, "The one manual
 * step"): creating a subscription alias is authorised by the billing role (EA SubscriptionCreator
 * or MCA Azure subscription creator), which ARM templates cannot assign.
 */
export const outOfBandGrants: Record<string, readonly string[]> = {
  "Billing subscription creator (manual step)": ["Microsoft.Subscription/aliases/write"],
};
