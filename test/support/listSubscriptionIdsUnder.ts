import type { ManagementGroupsAPI } from "@azure/arm-managementgroups";

/**
 * Subscription ids below a management group (at any depth), read through the SDK's
 * listDescendants: how the adapter and demo-estate tests check the emulator's hierarchy.
 */
export async function listSubscriptionIdsUnder(client: ManagementGroupsAPI, managementGroupId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const d of client.managementGroups.listDescendants(managementGroupId)) {
    const type = (d.type ?? "").toLowerCase();
    if (d.name && (type === "/subscriptions" || type === "microsoft.resources/subscriptions")) ids.push(d.name);
  }
  return ids;
}
