import type { ResourceFacts } from "../estate/ResourceFacts";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** The VM size of a VM (hardwareProfile), scale set or AKS agent pool (sku / vmSize). */
export function vmSizeOf(resource: ResourceFacts): string | undefined {
  const p = resource.properties;
  const hw = p["hardwareProfile"] as Record<string, unknown> | undefined;
  return str(hw?.["vmSize"]) ?? str(p["vmSize"]) ?? (resource.type === "microsoft.compute/virtualmachinescalesets" ? resource.sku?.name : undefined);
}
