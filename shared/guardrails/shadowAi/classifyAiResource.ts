import type { Caller } from "../../estate/Caller";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import type { Policy } from "../../config/Policy";
import { aiResourceKind, type AiResourceKind } from "../aiResourceKind";
import { approvedDeployerFor } from "../approvedDeployerFor";
import { callerFromSystemData } from "../callerFromSystemData";
import { missingTags } from "../missingTags";
import { isChildResourceType } from "../isChildResourceType";

export type ShadowAiRule = "unapprovedDeployer" | "outsideApprovedManagementGroups" | "missingRequiredTags";
export const SHADOW_AI_RULES: readonly ShadowAiRule[] = ["unapprovedDeployer", "outsideApprovedManagementGroups", "missingRequiredTags"];

export interface ShadowAiFacts {
  resource: ResourceFacts;
  /** The caller of the write (event path); without it the creator from systemData is used. */
  caller?: Caller;
  subscription?: SubscriptionFacts;
}

export interface AiClassification {
  kind: AiResourceKind;
  caller?: Caller;
  /** Rules that fired, in `SHADOW_AI_RULES` order; empty means governed. */
  fired: ShadowAiRule[];
  missingTags: string[];
}

/**
 * Governed or shadow, with reasons: the one rule set used by the event path and the nightly
 * inventory. Undefined for resources that are not AI.
 */
export function classifyAiResource(facts: ShadowAiFacts, policy: Policy): AiClassification | undefined {
  const params = policy.guardrails.shadowAi.params;
  const { resource } = facts;
  const kind = aiResourceKind(resource, policy, params.cognitiveServicesKinds);
  if (!kind) return undefined;
  const caller = facts.caller ?? callerFromSystemData(resource);
  const archetype = facts.subscription?.archetype ?? resource.archetype;
  const path = facts.subscription?.managementGroupPath ?? resource.managementGroupPath;
  const approvedMgs = params.approvedManagementGroups.map((m) => m.toLowerCase());
  const inApprovedMg = params.approvedArchetypes.includes(archetype) || path.some((m) => approvedMgs.includes(m.toLowerCase()));
  const missing = params.checkRequiredTags && !isChildResourceType(resource.type) ? missingTags(resource.tags, policy.requiredTags) : [];

  const fired: ShadowAiRule[] = [];
  if (!approvedDeployerFor(caller, policy)) fired.push("unapprovedDeployer");
  if (!inApprovedMg) fired.push("outsideApprovedManagementGroups");
  if (missing.length > 0) fired.push("missingRequiredTags");
  return { kind, caller, fired, missingTags: missing };
}
