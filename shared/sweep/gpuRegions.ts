import type { Policy } from "../config/Policy";

/** Regions where GPU quota can be held: the scorecard's GPU regions and every archetype's allowed regions. */
export function gpuRegions(policy: Policy): string[] {
  const regions = new Set(policy.guardrails.scorecard.params.gpuRegions.map((r) => r.toLowerCase()));
  for (const a of Object.values(policy.vending?.archetypes ?? {})) {
    for (const r of (a as { allowedRegions?: string[] } | undefined)?.allowedRegions ?? []) regions.add(r.toLowerCase());
  }
  return [...regions].sort();
}
