import type { Policy } from "../../config/Policy";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import { aiResourceKind } from "../aiResourceKind";
import { isGpuSize } from "../isGpuSize";
import type { MultiRegionReadinessParams } from "./params";

const tagOf = (tags: Record<string, string>, name: string) => Object.entries(tags).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
/** Locations that are not a region a workload can fail over to. */
const NOT_A_REGION = new Set(["", "global"]);

/** A production workload: a subscription in the guardrail's archetypes whose environment tag says prod. */
export function isProdWorkload(sub: SubscriptionFacts, p: MultiRegionReadinessParams): boolean {
  const env = tagOf(sub.tags, p.environmentTag)?.toLowerCase();
  return p.archetypes.includes(sub.archetype) && env !== undefined && p.prodValues.some((v) => v.toLowerCase() === env);
}

/** Whether a resource is GPU compute (what needs GPU quota in the failover region). */
export function isGpuCompute(r: ResourceFacts, policy: Policy): boolean {
  const kind = aiResourceKind(r, policy);
  if (kind === "gpuVm" || kind === "gpuScaleSet" || kind === "aksGpuPool") return true;
  const inner = (r.properties["properties"] ?? {}) as { vmSize?: string };
  return kind === "mlCompute" && isGpuSize(inner.vmSize, policy);
}

export interface WorkloadRegions {
  /** Where most of its AI resources run (else most of its resources). */
  primary: string;
  inUse: string[];
  declared: string[];
  /** Every region but the primary: in use or declared. */
  secondaries: string[];
}

/** A workload's regions from its resources' locations and its secondary-region tag; undefined when it has no resources. */
export function workloadRegions(sub: SubscriptionFacts, resources: ResourceFacts[], p: MultiRegionReadinessParams, policy: Policy): WorkloadRegions | undefined {
  const located = resources.filter((r) => !NOT_A_REGION.has(r.location));
  if (located.length === 0) return undefined;
  const count = (rs: ResourceFacts[]) => {
    const m = new Map<string, number>();
    for (const r of rs) m.set(r.location, (m.get(r.location) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const ai = located.filter((r) => aiResourceKind(r, policy) !== undefined);
  const primary = count(ai.length > 0 ? ai : located)[0]![0];
  const inUse = count(located).map(([l]) => l).sort();
  const declared = (tagOf(sub.tags, p.secondaryRegionTag) ?? "").split(/[,;\s]+/).map((x) => x.trim().toLowerCase()).filter((x) => x && !NOT_A_REGION.has(x));
  const secondaries = [...new Set([...inUse, ...declared])].filter((r) => r !== primary).sort();
  return { primary, inUse, declared: [...new Set(declared)].sort(), secondaries };
}
