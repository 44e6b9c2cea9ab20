import type { VendingRequest } from "../estate/VendingRequest";

/** The tags every vended subscription carries (expires-on only for sandboxes). */
export function subscriptionTags(r: VendingRequest, requestId: string): Record<string, string> {
  return {
    "cost-center": r.costCenter,
    owner: r.owners.join(",").slice(0, 256),
    project: r.workloadName,
    environment: r.environment,
    archetype: r.archetype,
    "ailz-vending-request": requestId,
    ...(r.dataClassification ? { "data-classification": r.dataClassification } : {}),
    ...(r.archetype === "sandbox" && r.expiresOn ? { "expires-on": r.expiresOn } : {}),
  };
}
