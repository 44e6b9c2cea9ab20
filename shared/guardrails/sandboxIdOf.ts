import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import { parseResourceId } from "../estate/parseResourceId";
import type { Policy } from "../config/Policy";

export interface SandboxLocation {
  /** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}`. */
  id: string;
  kind: "subscription" | "resourceGroup";
}

/**
 * The sandbox a resource id lies in, if any. A subscription under the sandbox management group
 * is one sandbox; elsewhere a resource group tagged with `sandboxActivity.params.resourceGroupTag`
 * (default `ailz-sandbox=true`) is.
 */
export function sandboxIdOf(
  resourceId: string,
  subscription: Pick<SubscriptionFacts, "id" | "archetype"> | undefined,
  resourceGroupTags: Record<string, string> | undefined,
  policy: Policy,
): SandboxLocation | undefined {
  const parts = parseResourceId(resourceId);
  const subId = subscription?.id ?? parts.subscriptionId;
  if (!subId) return undefined;
  if (subscription?.archetype === "sandbox") return { id: `/subscriptions/${subId}`, kind: "subscription" };
  if (!parts.resourceGroup || !resourceGroupTags) return undefined;
  const { name, value } = policy.guardrails.sandboxActivity.params.resourceGroupTag;
  const tag = Object.entries(resourceGroupTags).find(([k]) => k.toLowerCase() === name.toLowerCase());
  if (!tag || tag[1].toLowerCase() !== value.toLowerCase()) return undefined;
  return { id: `/subscriptions/${subId}/resourceGroups/${parts.resourceGroup}`, kind: "resourceGroup" };
}
