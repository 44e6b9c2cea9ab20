import type { Decision } from "../../estate/Decision";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import type { Policy } from "../../config/Policy";
import { aiResourceKind } from "../aiResourceKind";
import { dryRunFor } from "../../engine/dryRunFor";
import { hardeningChecks } from "./hardeningChecks";
import { aiHardeningName } from "./params";

export interface AiHardeningFacts {
  resource: ResourceFacts;
  subscription?: SubscriptionFacts;
}

/**
 * One decision per applicable check (rule id): failing checks `flag`, or `act` with their fix
 * (disable public network access / local auth) where `params.remediate` allows it; passing
 * checks `ok` so their findings resolve once fixed.
 */
export function evaluateAiHardening(facts: AiHardeningFacts, policy: Policy, _now: Date): Decision[] {
  const { resource } = facts;
  const kind = aiResourceKind(resource, policy);
  if (!kind) return [];
  const archetype = facts.subscription?.archetype ?? resource.archetype;
  const remediate = policy.guardrails.aiHardening.params.remediate as Record<string, boolean>;
  return hardeningChecks(resource, kind, archetype, policy).map((check) => {
    const action = check.failed && check.fix && remediate[check.rule] ? check.fix : undefined;
    return {
      guardrail: aiHardeningName,
      resourceId: resource.id,
      verdict: !check.failed ? "ok" : action ? "act" : "flag",
      rule: check.rule,
      severity: check.failed ? (check.rule === "publicNetworkAccess" || check.rule === "localAuth" ? "high" : "medium") : undefined,
      reason: `aiHardening/${check.rule}: ${resource.name}: ${check.reason}`,
      evidence: { kind, ...check.evidence },
      action,
      dryRun: dryRunFor(policy, aiHardeningName, action),
    } satisfies Decision;
  });
}
