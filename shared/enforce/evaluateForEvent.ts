import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";
import type { Decision } from "../estate/Decision";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { ResourceEvent } from "../events/ResourceEvent";
import type { EventFacts } from "../facts/EventFacts";
import type { EventNeeds, GuardrailModule } from "../engine/GuardrailModule";
import { inScope } from "../engine/inScope";
import { eventGuardrails } from "../engine/registry";

/** Which event guardrails judge this event, and so which reads it needs; decided before any read. */
export interface EventPlan {
  judges: { module: GuardrailModule; needs: EventNeeds }[];
  /** The resource body (ARM read unless the payload has it). */
  resource: boolean;
  resourceGroupTags: boolean;
  /** The resource's open findings: a decision could open or resolve one (a delete resolves every one, whoever opened it). */
  findings: boolean;
}

/**
 * Plans an event from its type and operation and the subscription (cached): the registry's event
 * guardrails that are on, in scope and judge it. Most writes in an estate are neither AI nor
 * subject to required tags: they need neither the body nor the findings query.
 */
export function planEvent(event: ResourceEvent, policy: Policy, subscription: SubscriptionFacts): EventPlan {
  const judges: EventPlan["judges"] = [];
  for (const module of eventGuardrails()) {
    const entry = entryOf(policy, module.name);
    if (!entry || entry.mode === "off" || !inScope(entry.scope, subscription)) continue;
    const needs = module.onEvent!.needs(event, entry.params, policy);
    if (needs) judges.push({ module, needs });
  }
  const deleted = event.operation === "delete" && !event.tagsOnly;
  const resource = !deleted && judges.some((j) => j.needs.resource);
  return { judges, resource, resourceGroupTags: judges.some((j) => j.needs.resourceGroupTags), findings: deleted || resource };
}

/** Runs the planned guardrails in registry order; one that needs the resource is skipped when it is gone. */
export function evaluateForEvent(event: ResourceEvent, facts: EventFacts, plan: EventPlan, policy: Policy, now: Date): Decision[] {
  const out: Decision[] = [];
  for (const { module, needs } of plan.judges) {
    if (needs.resource && !facts.resource) continue;
    out.push(...module.onEvent!.evaluate({ ...facts, event }, entryOf(policy, module.name)!.params, policy, now));
  }
  return out;
}
