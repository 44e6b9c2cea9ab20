import type { ResourceManagementClient } from "@azure/arm-resources";
import { call, getOrUndefined } from "../AzureError";
import { startLro, type LroStart } from "../lroStart";

/** Starts deleting a resource group and returns without waiting; poll resourceGroupExists to see it gone. */
export async function deleteResourceGroup(client: ResourceManagementClient, resourceGroupName: string): Promise<LroStart> {
  return call(() => startLro(client.resourceGroups.delete(resourceGroupName)));
}

export async function resourceGroupExists(client: ResourceManagementClient, resourceGroupName: string): Promise<boolean> {
  return (await getOrUndefined(() => client.resourceGroups.get(resourceGroupName))) !== undefined;
}
