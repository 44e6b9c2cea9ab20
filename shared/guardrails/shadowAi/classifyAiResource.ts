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

interface AiWriter {
  role: "caller" | "creator" | "lastModifier";
  caller: Caller;
  approved: boolean;
}

export interface AiClassification {
  kind: AiResourceKind;
  /** The identity a finding names: the first unapproved writer, else the event caller or creator. */
  caller?: Caller;
  /** Every known writer (event caller, creator, last modifier), deduplicated. */
  writers: AiWriter[];
  /** Rules that fired, in `SHADOW_AI_RULES` order; empty means governed. */
  fired: ShadowAiRule[];
  missingTags: string[];
}

/**
 * Governed or shadow, with reasons: the one rule set used by the event path and the nightly
 * inventory. Undefined for resources that are not AI. `unapprovedDeployer` fires when any
 * known writer (the event's caller, systemData's creator or last modifier) is not an approved
 * deployer: a pipeline touching a hand-made resource does not launder it. When no writer is
 * known (a sweep before provenance was recorded) the rule does not fire: unknown is not
 * unapproved; the scorecard counts such resources separately.
 */
export function classifyAiResource(facts: ShadowAiFacts, policy: Policy): AiClassification | undefined {
  const params = policy.guardrails.shadowAi.params;
  const { resource } = facts;
  const kind = aiResourceKind(resource, policy, params.cognitiveServicesKinds);
  if (!kind) return undefined;
  const writers: AiWriter[] = [];
  const add = (role: AiWriter["role"], c: Caller | undefined) => {
    if (!c || writers.some((w) => w.caller.objectId.toLowerCase() === c.objectId.toLowerCase())) return;
    writers.push({ role, caller: c, approved: approvedDeployerFor(c, policy) !== undefined });
  };
  add("caller", facts.caller);
  add("creator", callerFromSystemData(resource, "created"));
  add("lastModifier", callerFromSystemData(resource, "lastModified"));
  const caller = (writers.find((w) => !w.approved) ?? writers[0])?.caller;
  const archetype = facts.subscription?.archetype ?? resource.archetype;
  const path = facts.subscription?.managementGroupPath ?? resource.managementGroupPath;
  const approvedMgs = params.approvedManagementGroups.map((m) => m.toLowerCase());
  const inApprovedMg = params.approvedArchetypes.includes(archetype) || path.some((m) => approvedMgs.includes(m.toLowerCase()));
  const missing = params.checkRequiredTags && !isChildResourceType(resource.type) ? missingTags(resource.tags, policy.requiredTags) : [];

  const fired: ShadowAiRule[] = [];
  if (writers.some((w) => !w.approved)) fired.push("unapprovedDeployer");
  if (!inApprovedMg) fired.push("outsideApprovedManagementGroups");
  if (missing.length > 0) fired.push("missingRequiredTags");
  return { kind, caller, writers, fired, missingTags: missing };
}
