import type { ComputeManagementClient } from "@azure/arm-compute";
import { paged } from "../../azure/AzureError";

/**
 * Quota families of the GPU VM sizes a region offers to the subscription, from the compute
 * resource SKUs (`location eq` is the one filter the API supports). Sizes restricted for the
 * subscription in that location (`restrictions` of type Location) are not offered.
 */
export async function listGpuFamilies(client: ComputeManagementClient, region: string): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const sku of paged(client.resourceSkus.list({ filter: `location eq '${region}'` }))) {
    if (sku.resourceType !== "virtualMachines" || !sku.family) continue;
    const gpus = Number(sku.capabilities?.find((c) => c.name === "GPUs")?.value ?? "0");
    const restricted = (sku.restrictions ?? []).some((r) => r.type === "Location" && (r.values ?? []).some((v) => v.toLowerCase() === region));
    if (gpus > 0 && !restricted) out.add(sku.family.toLowerCase());
  }
  return out;
}
