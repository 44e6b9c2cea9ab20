import type { AzureQuotaExtensionAPI } from "@azure/arm-quota";
import { call } from "../AzureError";

export interface SubscriptionAllocation {
  family: string;
  /** The subscription's limit that comes from the group. */
  limit: number;
  /** Part of the limit the subscription does not use and could hand back. */
  shareableQuota?: number;
}

export interface GroupFamilyLimit {
  family: string;
  limit: number;
  /** Group quota not yet allocated to any subscription. */
  availableLimit: number;
  allocatedToSubscriptions: Array<{ subscriptionId: string; quotaAllocated: number }>;
}

const PROVIDER = "Microsoft.Compute";

/**
 * One subscription's allocations from a quota group in a region. The client must be bound to
 * that subscription (clients.quota(subscriptionId)): the subscription id is part of the path.
 */
export async function getSubscriptionAllocations(
  client: AzureQuotaExtensionAPI,
  managementGroupId: string,
  groupQuotaName: string,
  location: string,
): Promise<SubscriptionAllocation[]> {
  const res = await call(() => client.groupQuotaSubscriptionAllocation.list(managementGroupId, groupQuotaName, PROVIDER, location));
  return (res.properties?.value ?? []).map((a) => ({
    family: a.properties?.resourceName ?? "",
    limit: a.properties?.limit ?? 0,
    shareableQuota: a.properties?.shareableQuota,
  }));
}

/**
 * Sets a subscription's allocation for one family (lower to give unused quota back to the
 * group, raise to take from the group's free quota). Azure refuses to go below current usage
 * or above what the group has free; those come back as AzureError with Azure's code.
 * Returns once Azure finished the request (it answers synchronously or within seconds).
 */
export async function setSubscriptionAllocation(
  client: AzureQuotaExtensionAPI,
  managementGroupId: string,
  groupQuotaName: string,
  location: string,
  family: string,
  limit: number,
): Promise<SubscriptionAllocation[]> {
  const res = await call(() =>
    client.groupQuotaSubscriptionAllocationRequest.beginUpdateAndWait(managementGroupId, groupQuotaName, PROVIDER, location, {
      properties: { value: [{ properties: { resourceName: family, limit } }] },
    }),
  );
  return (res.properties?.value ?? []).map((a) => ({
    family: a.properties?.resourceName ?? "",
    limit: a.properties?.limit ?? 0,
    shareableQuota: a.properties?.shareableQuota,
  }));
}

/** The group's limits per family in a region with what is still free to allocate. */
export async function getGroupQuotaLimits(
  client: AzureQuotaExtensionAPI,
  managementGroupId: string,
  groupQuotaName: string,
  location: string,
): Promise<GroupFamilyLimit[]> {
  const res = await call(() => client.groupQuotaLimits.list(managementGroupId, groupQuotaName, PROVIDER, location));
  return (res.properties?.value ?? []).map((l) => ({
    family: l.properties?.resourceName ?? "",
    limit: l.properties?.limit ?? 0,
    availableLimit: l.properties?.availableLimit ?? 0,
    allocatedToSubscriptions: (l.properties?.allocatedToSubscriptions?.value ?? []).map((a) => ({
      subscriptionId: a.subscriptionId ?? "",
      quotaAllocated: a.quotaAllocated ?? 0,
    })),
  }));
}
