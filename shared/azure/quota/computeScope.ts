/** The Microsoft.Quota scope for one subscription's compute quota in a region. */
export function computeQuotaScope(subscriptionId: string, location: string): string {
  return `subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${location}`;
}
