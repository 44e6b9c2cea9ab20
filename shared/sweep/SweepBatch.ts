import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { BatchFacts } from "./BatchFacts";
import type { BatchMemory } from "./BatchMemory";
import type { CostFacts } from "./CostFacts";

/** What a sweep guardrail evaluates: one batch of subscriptions in its scope, their facts and ailz's memory of them. */
export interface SweepBatch {
  subscriptions: SubscriptionFacts[];
  facts: BatchFacts;
  costs: CostFacts;
  memory: BatchMemory;
}
