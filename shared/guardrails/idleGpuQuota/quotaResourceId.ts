/** The Microsoft.Quota resource id of a family's limit in a subscription and region. */
export function quotaResourceId(subscriptionId: string, location: string, family: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${location}/providers/Microsoft.Quota/quotas/${family}`;
}
