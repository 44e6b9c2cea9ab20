import type { Policy } from "../config/Policy";
import type { GuardrailName } from "../config/guardrailParamSchemas";
import type { Decision } from "../estate/Decision";
import type { ResourceEvent } from "../events/ResourceEvent";
import type { EventFacts } from "../facts/EventFacts";
import { aiHardening } from "../guardrails/aiHardening/aiHardening";
import { requiredTags } from "../guardrails/requiredTags/requiredTags";
import { sandboxActivity } from "../guardrails/sandboxActivity/sandboxActivity";
import { shadowAi } from "../guardrails/shadowAi/shadowAi";
import { inScope } from "../guardrails/inScope";
import { isJudged } from "./factsNeeded";


/** The guardrails on the event path, in the order their decisions are carried out. */
export const EVENT_GUARDRAILS = ["shadowAi", "aiHardening", "requiredTags", "sandboxActivity"] as const satisfies readonly GuardrailName[];

/**
 * Runs each event-path guardrail that is on (mode not `off`) and whose scope covers the
 * subscription. Resource guardrails look at writes (and VM power-on actions) of a resource that
 * still exists; other actions (listKeys...) would only repeat decisions. Sandbox activity looks
 * at every succeeded write, delete or action.
 */
export function evaluateForEvent(event: ResourceEvent, facts: EventFacts, policy: Policy, now: Date): Decision[] {
  const out: Decision[] = [];
  const on = (name: GuardrailName) => policy.guardrails[name].mode !== "off" && inScope(policy.guardrails[name].scope, facts.subscription);
  const { resource, subscription } = facts;
  if (resource && isJudged(event)) {
    // A tags-only write is not a deployment: judge the resource by its creator (systemData) instead.
    const caller = event.tagsOnly ? undefined : event.caller;
    if (on("shadowAi")) out.push(...shadowAi.evaluate({ resource, caller, subscription }, policy, now));
    if (on("aiHardening")) out.push(...aiHardening.evaluate({ resource, subscription }, policy, now));
    if (on("requiredTags")) out.push(...requiredTags.evaluate({ resource, caller }, policy, now));
  }
  if (on("sandboxActivity")) {
    out.push(...sandboxActivity.evaluate({ resourceId: event.resourceId, caller: event.caller, subscription, resourceGroupTags: facts.resourceGroupTags, at: event.time }, policy, now));
  }
  return out;
}
