import type { GuardrailModule } from "../../engine/GuardrailModule";
import { evaluatePrivateLinkCoverage } from "./evaluatePrivateLinkCoverage";
import { privateLinkCoverageExample, privateLinkCoverageName, privateLinkCoverageParams } from "./params";

/** Data services AI workloads use (storage, registries, vaults, Cosmos DB, Search), public and without Private Link in Corp. */
export const privateLinkCoverage: GuardrailModule<typeof privateLinkCoverageName, typeof privateLinkCoverageParams> = {
  name: privateLinkCoverageName,
  paramsSchema: privateLinkCoverageParams,
  example: privateLinkCoverageExample,
  onSweep: { evaluate: ({ subscriptions, facts }, params, policy) => ({ decisions: evaluatePrivateLinkCoverage(facts.resources, subscriptions, params, policy) }) },
};
