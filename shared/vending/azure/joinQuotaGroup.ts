import type { AzureQuotaExtensionAPI } from "@azure/arm-quota";
import { call } from "../../azure/AzureError";

/**
 * Makes the subscription a member of the quota group (a subscription must be a member before the
 * group can allocate to it). The client is bound to that subscription; PUT is idempotent.
 */
export async function joinQuotaGroup(client: AzureQuotaExtensionAPI, managementGroupId: string, groupQuotaName: string): Promise<void> {
  await call(() => client.groupQuotaSubscriptions.beginCreateOrUpdateAndWait(managementGroupId, groupQuotaName));
}
