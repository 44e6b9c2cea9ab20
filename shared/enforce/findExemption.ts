import type { AppliedExemption } from "../estate/Decision";
import type { ResourceFacts } from "../estate/ResourceFacts";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { ExemptionStore } from "../store/ports";
import { EXEMPT_TAG, parseExemptTag } from "./parseExemptTag";

/** ARM scopes an exemption may sit on for this resource: itself, its subscription and its management groups. */
export function exemptionScopes(resourceId: string, subscription: SubscriptionFacts): string[] {
  return [resourceId, `/subscriptions/${subscription.id}`, ...subscription.managementGroupPath.map((m) => `/providers/Microsoft.Management/managementGroups/${m}`)];
}

/**
 * The exemption that applies to a guardrail on this resource now, if any: the resource's
 * `ailz-exempt` tag first (the until date is inclusive), then the Exemptions store (resource,
 * resource group, subscription or management group scope). Expired ones never apply.
 */
export async function findExemption(
  guardrail: string,
  resourceId: string,
  resource: ResourceFacts | undefined,
  subscription: SubscriptionFacts,
  store: ExemptionStore,
  now: Date,
): Promise<AppliedExemption | { tagError: string } | undefined> {
  const tagValue = resource ? Object.entries(resource.tags).find(([k]) => k.toLowerCase() === EXEMPT_TAG)?.[1] : undefined;
  let tagError: string | undefined;
  if (tagValue !== undefined) {
    const t = parseExemptTag(tagValue);
    if ("error" in t) tagError = t.error;
    else if ((t.guardrails.includes(guardrail) || t.guardrails.includes("*")) && t.until >= now.toISOString().slice(0, 10)) {
      return { exemptionId: `tag:${resourceId}`, scope: resourceId, ref: t.ref, until: t.until, source: "tag" };
    }
  }
  const active = await store.active(exemptionScopes(resourceId, subscription), guardrail, now.toISOString());
  const hit = active[0];
  if (hit) return { exemptionId: hit.id, scope: hit.scope, ref: hit.ref ?? hit.id, until: hit.expiresAt, source: "api" };
  return tagError ? { tagError } : undefined;
}
