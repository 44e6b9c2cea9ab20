import type { Policy } from "../config/Policy";
import type { GuardrailName } from "../config/guardrailParamSchemas";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { ResourceEvent } from "../events/ResourceEvent";
import { AI_RESOURCE_TYPES } from "../guardrails/aiResourceTypes";
import { inScope } from "../guardrails/inScope";
import { isChildResourceType } from "../guardrails/isChildResourceType";

/** The only types shadowAi and aiHardening judge. */
const AI_TYPES: ReadonlySet<string> = new Set(AI_RESOURCE_TYPES);

/** Actions that bring compute back to life: a person restarting a deallocated GPU VM is a write in effect. */
export const POWER_ON = /^microsoft\.compute\/virtualmachines(scalesets)?\/(start|restart|redeploy)\/action$/i;

/** Whether the resource guardrails judge this operation (writes and power-on actions; other actions only repeat decisions). */
export const isJudged = (event: ResourceEvent): boolean => event.operation === "write" || (event.operation === "action" && POWER_ON.test(event.operationName ?? ""));

/**
 * Which round trips an event needs, decided from its type and operation before any is made:
 * the resource body (ARM read) when a guardrail that is on and in scope judges this type, and
 * the resource's open findings when a decision could open or resolve one (a delete resolves
 * every open finding, whoever opened it). Most writes in an estate are neither AI nor, being
 * child or excluded types, subject to required tags: they need neither read. Sandbox activity
 * needs only the subscription and the group's tags, which are cached.
 */
export function factsNeeded(event: ResourceEvent, policy: Policy, subscription: SubscriptionFacts): { resource: boolean; findings: boolean } {
  if (event.operation === "delete" && !event.tagsOnly) return { resource: false, findings: true };
  if (!isJudged(event)) return { resource: false, findings: false };
  const on = (name: GuardrailName) => policy.guardrails[name].mode !== "off" && inScope(policy.guardrails[name].scope, subscription);
  const type = event.resourceType.toLowerCase();
  const ai = AI_TYPES.has(type) && (on("shadowAi") || on("aiHardening"));
  const tags = on("requiredTags") && !isChildResourceType(type) && !policy.guardrails.requiredTags.params.excludeResourceTypes.includes(type);
  const resource = ai || tags;
  return { resource, findings: resource };
}
