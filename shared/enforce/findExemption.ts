import type { AppliedExemption } from "../estate/Decision";
import type { ResourceFacts } from "../estate/ResourceFacts";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import { exemptionCovers } from "../guardrails/exemptions/exemptionCovers";
import { isExemptionActive } from "../guardrails/exemptions/isExemptionActive";
import { exemptionFromTags } from "../guardrails/exemptions/parseExemptTag";
import type { ExemptionStore } from "../store/ports";

/** ARM scopes an exemption may sit on for this resource: itself, its subscription and its management groups. */
export function exemptionScopes(resourceId: string, subscription: SubscriptionFacts): string[] {
  return [resourceId, `/subscriptions/${subscription.id}`, ...subscription.managementGroupPath.map((m) => `/providers/Microsoft.Management/managementGroups/${m}`)];
}

/**
 * The exemption that applies to a guardrail on this resource now, if any: the resource's
 * `ailz-exempt` tag first (read as the sweep reads it; the until date is inclusive), then the
 * Exemptions store (resource, resource group, subscription or management group scope). Expired
 * ones never apply; an unreadable tag exempts nothing and its error is returned when nothing else applies.
 */
export async function findExemption(
  guardrail: string,
  resourceId: string,
  resource: ResourceFacts | undefined,
  subscription: SubscriptionFacts,
  store: ExemptionStore,
  now: Date,
): Promise<AppliedExemption | { tagError: string } | undefined> {
  const tag = resource ? exemptionFromTags(resource.tags, resourceId) : {};
  const t = tag.exemption;
  if (t && isExemptionActive(t, now) && exemptionCovers(t, guardrail, resourceId)) {
    return { exemptionId: t.id, scope: t.scope, ref: t.ref, until: t.until, source: "tag" };
  }
  const active = await store.active(exemptionScopes(resourceId, subscription), guardrail, now.toISOString());
  const hit = active[0];
  if (hit) return { exemptionId: hit.id, scope: hit.scope, ref: hit.ref ?? hit.id, until: hit.expiresAt, source: "api" };
  return tag.error ? { tagError: tag.error } : undefined;
}
