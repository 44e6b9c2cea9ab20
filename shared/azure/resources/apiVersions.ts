/**
 * api-versions for generic resource reads by id (ARM requires the provider's version, and the
 * generic Resources API cannot discover it without a providers call per type). Types not listed
 * fall back to a providers lookup in getResourceById.
 */
export const apiVersions: Record<string, string> = {
  "microsoft.compute/virtualmachines": "2024-07-01",
  "microsoft.compute/virtualmachinescalesets": "2024-07-01",
  "microsoft.compute/disks": "2024-03-02",
  "microsoft.cognitiveservices/accounts": "2024-10-01",
  "microsoft.cognitiveservices/accounts/deployments": "2024-10-01",
  "microsoft.machinelearningservices/workspaces": "2024-10-01",
  "microsoft.machinelearningservices/workspaces/computes": "2024-10-01",
  "microsoft.search/searchservices": "2023-11-01",
  "microsoft.containerservice/managedclusters": "2024-09-01",
  "microsoft.containerservice/managedclusters/agentpools": "2024-09-01",
  "microsoft.network/virtualnetworks": "2024-05-01",
  "microsoft.network/virtualnetworks/subnets": "2024-05-01",
  "microsoft.network/virtualnetworks/virtualnetworkpeerings": "2024-05-01",
  "microsoft.network/networkinterfaces": "2024-05-01",
  "microsoft.network/publicipaddresses": "2024-05-01",
  "microsoft.network/privateendpoints": "2024-05-01",
  "microsoft.storage/storageaccounts": "2023-05-01",
  "microsoft.keyvault/vaults": "2023-07-01",
  "microsoft.eventgrid/systemtopics": "2022-06-15",
  "microsoft.resources/resourcegroups": "2021-04-01",
  "microsoft.authorization/locks": "2020-05-01",
};

/** `Microsoft.Compute/virtualMachines` (or a nested type) from a resource id. */
export function resourceTypeOf(resourceId: string): string {
  const parts = resourceId.split("/").filter(Boolean);
  const p = parts.findIndex((s, i) => s.toLowerCase() === "providers" && i + 1 < parts.length);
  if (p < 0) {
    if (parts.length === 4 && parts[2]?.toLowerCase() === "resourcegroups") return "Microsoft.Resources/resourceGroups";
    throw new Error(`resourceId is not an ARM resource id: ${resourceId}`);
  }
  // After the last "providers" segment: namespace, then alternating type/name pairs.
  const last = parts.map((s) => s.toLowerCase()).lastIndexOf("providers");
  const rest = parts.slice(last + 1);
  const types = [rest[0]];
  for (let i = 1; i < rest.length; i += 2) types.push(rest[i]);
  return types.join("/");
}
