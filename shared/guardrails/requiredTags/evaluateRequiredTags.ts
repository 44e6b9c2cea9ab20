import type { Decision } from "../../estate/Decision";
import type { Caller } from "../../estate/Caller";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import { callerLabel } from "../../estate/callerLabel";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import { missingTags } from "../missingTags";
import { isChildResourceType } from "../isChildResourceType";
import { callerFromSystemData } from "../callerFromSystemData";
import { requiredTagsName } from "./params";

export interface RequiredTagsFacts {
  resource: ResourceFacts;
  caller?: Caller;
}

/**
 * Missing required tags: `flag`, or `act` with `addTags` when the caller can fill some of
 * them. `owner` is filled only from a user (a pipeline is not an owner); `created-by` from
 * any caller, and only alongside a missing required tag so compliant resources see no writes.
 * Existing tags are never part of the action, so nothing is rewritten.
 */
export function evaluateRequiredTags(facts: RequiredTagsFacts, policy: Policy, _now: Date): Decision[] {
  const { resource } = facts;
  const params = policy.guardrails.requiredTags.params;
  if (isChildResourceType(resource.type) || params.excludeResourceTypes.includes(resource.type)) return [];
  const missing = missingTags(resource.tags, policy.requiredTags);
  const base = { guardrail: requiredTagsName, resourceId: resource.id, rule: "missingTags" };
  if (missing.length === 0) {
    return [{ ...base, verdict: "ok", reason: `requiredTags: ${resource.name} carries ${policy.requiredTags.join(", ")}`, evidence: {}, dryRun: dryRunFor(policy, requiredTagsName) }];
  }
  const caller = facts.caller ?? callerFromSystemData(resource);
  const fill: Record<string, string> = {};
  if (caller) {
    const ownerMissing = missing.some((t) => t.toLowerCase() === params.ownerTag.toLowerCase());
    const ownerValue = caller.kind === "user" ? (caller.upn ?? caller.name) : undefined;
    if (ownerMissing && ownerValue) fill[params.ownerTag] = ownerValue;
    if (missingTags(resource.tags, [params.createdByTag]).length > 0) {
      fill[params.createdByTag] = caller.upn ?? caller.name ?? caller.appId ?? caller.objectId;
    }
  }
  const action = Object.keys(fill).length > 0 ? ({ type: "addTags", tags: fill } as const) : undefined;
  const by = caller ? ` (written by ${callerLabel(caller)})` : "";
  return [
    {
      ...base,
      verdict: action ? "act" : "flag",
      severity: "low",
      reason: `requiredTags: ${resource.name} lacks ${missing.join(", ")}${by}`,
      evidence: { missingTags: missing, caller: caller ?? null, fill },
      action,
      dryRun: dryRunFor(policy, requiredTagsName, action),
    },
  ];
}
