import type { ManagementGroupsAPI } from "@azure/arm-managementgroups";
import { call } from "../AzureError";

/** Places a subscription under a management group (PUT is idempotent: moving to the current parent is a no-op). */
export async function moveSubscription(client: ManagementGroupsAPI, managementGroupId: string, subscriptionId: string): Promise<void> {
  await call(() => client.managementGroupSubscriptions.create(managementGroupId, subscriptionId));
}

/** The management group a subscription sits directly under, or undefined when it is not under the given group. */
export async function getSubscriptionParent(client: ManagementGroupsAPI, managementGroupId: string, subscriptionId: string): Promise<string | undefined> {
  try {
    const s = await call(() => client.managementGroupSubscriptions.getSubscription(managementGroupId, subscriptionId));
    return s.parent?.id?.split("/").pop();
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}
