import type { NetworkManagementClient } from "@azure/arm-network";
import { AzureError, call } from "../../azure/AzureError";

/** Removes one side of a peering; an already missing peering (or network) counts as removed. */
export async function deletePeering(client: NetworkManagementClient, resourceGroupName: string, vnetName: string, peeringName: string): Promise<void> {
  try {
    await call(async () => {
      await client.virtualNetworkPeerings.delete(resourceGroupName, vnetName, peeringName);
    });
  } catch (e) {
    if (e instanceof AzureError && e.status === 404) return;
    throw e;
  }
}
