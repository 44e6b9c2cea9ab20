import type { ManagementGroupsAPI } from "@azure/arm-managementgroups";
import { paged } from "../AzureError";

export interface Descendant {
  id: string;
  name: string;
  type: "Microsoft.Management/managementGroups" | "/subscriptions" | string;
  displayName: string;
  parentId?: string;
}

/** Every management group and subscription below a management group, in one paged call. */
export async function* listDescendants(client: ManagementGroupsAPI, managementGroupId: string): AsyncGenerator<Descendant> {
  for await (const d of paged(client.managementGroups.listDescendants(managementGroupId))) {
    if (!d.id || !d.name) continue;
    yield { id: d.id, name: d.name, type: d.type ?? "", displayName: d.displayName ?? d.name, parentId: d.parent?.id };
  }
}

/** Subscription ids below a management group (at any depth). */
export async function listSubscriptionIdsUnder(client: ManagementGroupsAPI, managementGroupId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const d of listDescendants(client, managementGroupId)) {
    if (d.type.toLowerCase() === "/subscriptions" || d.type.toLowerCase() === "microsoft.resources/subscriptions") ids.push(d.name);
  }
  return ids;
}
