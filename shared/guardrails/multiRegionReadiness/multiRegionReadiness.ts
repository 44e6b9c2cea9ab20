import type { GuardrailModule } from "../../engine/GuardrailModule";
import { evaluateMultiRegionReadiness } from "./evaluateMultiRegionReadiness";
import { multiRegionReadinessExample, multiRegionReadinessName, multiRegionReadinessParams } from "./params";

/** Production AI workloads that could not fail over: one region, models or GPU quota missing in the other. */
export const multiRegionReadiness: GuardrailModule<typeof multiRegionReadinessName, typeof multiRegionReadinessParams> = {
  name: multiRegionReadinessName,
  paramsSchema: multiRegionReadinessParams,
  example: multiRegionReadinessExample,
  onSweep: {
    evaluate: ({ subscriptions, facts }, params, policy) => ({ decisions: evaluateMultiRegionReadiness(subscriptions, facts.resources, facts.quota, facts.regions, params, policy) }),
  },
};
