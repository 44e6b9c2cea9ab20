import type { Decision } from "../../estate/Decision";
import type { Action } from "../../estate/Action";
import { callerLabel } from "../../estate/callerLabel";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import { vmSizeOf } from "../vmSizeOf";
import type { AiResourceKind } from "../aiResourceKind";
import { classifyAiResource, SHADOW_AI_RULES, type ShadowAiFacts, type ShadowAiRule } from "./classifyAiResource";
import { shadowAiName } from "./params";

const KIND_LABEL: Record<AiResourceKind, string> = {
  gpuVm: "GPU VM",
  gpuScaleSet: "GPU scale set",
  aiAccount: "AI services account",
  modelDeployment: "model deployment",
  mlWorkspace: "ML workspace",
  mlCompute: "ML compute",
  aiSearch: "AI Search service",
  aksGpuPool: "AKS GPU node pool",
};

/**
 * One decision per shadow-AI rule for an AI resource: `flag`/`act` where the rule fires, `ok`
 * where it does not (so the executor can resolve that rule's finding). Non-AI resources: none.
 * In enforce mode a hand-made GPU VM in a deallocate archetype gets a `deallocate` action.
 */
export function evaluateShadowAi(facts: ShadowAiFacts, policy: Policy, _now: Date): Decision[] {
  const c = classifyAiResource(facts, policy);
  if (!c) return [];
  const { resource } = facts;
  const params = policy.guardrails.shadowAi.params;
  const archetype = facts.subscription?.archetype ?? resource.archetype;
  const who = c.caller ? callerLabel(c.caller) : "an unknown identity";
  const role = c.writers.find((w) => w.caller === c.caller)?.role;
  const verb = role === "creator" ? "created by" : role === "lastModifier" ? "last changed by" : "written by";
  const size = vmSizeOf(resource);
  const what = `${KIND_LABEL[c.kind]} ${resource.name}${size ? ` (${size})` : ""}`;
  const evidence = {
    kind: c.kind,
    caller: c.caller ?? null,
    writers: c.writers,
    archetype,
    managementGroupPath: facts.subscription?.managementGroupPath ?? resource.managementGroupPath,
    vmSize: size ?? null,
    missingTags: c.missingTags,
    firedRules: c.fired,
  };
  const deallocate =
    c.kind === "gpuVm" && params.deallocateGpuVmsIn.includes(archetype) && (c.fired.includes("unapprovedDeployer") || c.fired.includes("outsideApprovedManagementGroups"));
  // Only the first of the two placement/identity rules carries the action: one deallocation.
  const actionRule: ShadowAiRule | undefined = deallocate ? c.fired.find((r) => r !== "missingRequiredTags") : undefined;

  const reasons: Record<ShadowAiRule, string> = {
    unapprovedDeployer: `${what} ${verb} ${who}, who is not an approved deployer`,
    outsideApprovedManagementGroups: `${what} is in a subscription outside the approved management groups (archetype ${archetype}), ${verb} ${who}`,
    missingRequiredTags: `${what} lacks required tags ${c.missingTags.join(", ")}, ${verb} ${who}`,
  };
  const okReasons: Record<ShadowAiRule, string> = {
    unapprovedDeployer: `${what} ${verb} approved deployer ${who}`,
    outsideApprovedManagementGroups: `${what} is inside the approved management groups`,
    missingRequiredTags: `${what} carries the required tags`,
  };

  return SHADOW_AI_RULES.filter((rule) => rule !== "missingRequiredTags" || params.checkRequiredTags).map((rule) => {
    if (!c.fired.includes(rule)) {
      return { guardrail: shadowAiName, resourceId: resource.id, verdict: "ok", rule, reason: `shadowAi/${rule}: ${okReasons[rule]}`, evidence, dryRun: dryRunFor(policy, shadowAiName) };
    }
    const action: Action | undefined = rule === actionRule ? { type: "deallocate", vmId: resource.id } : undefined;
    return {
      guardrail: shadowAiName,
      resourceId: resource.id,
      verdict: action ? "act" : "flag",
      rule,
      severity: c.kind === "gpuVm" || rule !== "missingRequiredTags" ? "high" : "medium",
      reason: `shadowAi/${rule}: ${reasons[rule]}`,
      evidence,
      action,
      dryRun: dryRunFor(policy, shadowAiName, action),
    } satisfies Decision;
  });
}
