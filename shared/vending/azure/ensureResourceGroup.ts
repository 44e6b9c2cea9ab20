import type { ResourceManagementClient } from "@azure/arm-resources";
import { call } from "../../azure/AzureError";

/** PUT is idempotent: an existing group with the same location is left as it is (tags merged by ARM semantics of the body). */
export async function ensureResourceGroup(client: ResourceManagementClient, name: string, location: string, tags: Record<string, string>): Promise<string> {
  const rg = await call(() => client.resourceGroups.createOrUpdate(name, { location, tags }));
  return rg.id ?? name;
}
