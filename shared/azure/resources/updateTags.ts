import type { ResourceManagementClient } from "@azure/arm-resources";
import { call } from "../AzureError";
import { armScope } from "../armScope";

/**
 * Merges tags into a resource (or resource group / subscription) through `Microsoft.Resources/tags/default`:
 * other tags stay, and no provider-specific PUT is needed. Returns the resource's tags afterwards.
 */
export async function mergeTags(client: ResourceManagementClient, scope: string, tags: Record<string, string>): Promise<Record<string, string>> {
  const result = await call(() => client.tagsOperations.updateAtScope(armScope(scope), { operation: "Merge", properties: { tags } }));
  return result.properties?.tags ?? {};
}

/** Removes the named tags (the `Delete` patch operation removes only the given keys). */
export async function deleteTags(client: ResourceManagementClient, scope: string, tags: Record<string, string>): Promise<Record<string, string>> {
  const result = await call(() => client.tagsOperations.updateAtScope(armScope(scope), { operation: "Delete", properties: { tags } }));
  return result.properties?.tags ?? {};
}

/** The tags on a scope. */
export async function getTags(client: ResourceManagementClient, scope: string): Promise<Record<string, string>> {
  const result = await call(() => client.tagsOperations.getAtScope(armScope(scope)));
  return result.properties?.tags ?? {};
}
