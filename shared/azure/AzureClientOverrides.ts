import type { TokenCredential } from "@azure/core-auth";
import type { AddPipelineOptions, PipelinePolicy } from "@azure/core-rest-pipeline";

/** A policy added to every SDK client's pipeline, where `placement` says. */
interface AdditionalPolicy {
  policy: PipelinePolicy;
  placement: AddPipelineOptions;
}

/**
 * What a host may change about how the SDK clients reach Azure. In Azure nothing is set: the
 * credential is the managed identity (or DefaultAzureCredential) and the pipelines are the stock
 * ones plus ailz's retry and Resource Graph quota policies.
 */
export interface AzureClientOverrides {
  credential?: TokenCredential;
  additionalPolicies?: readonly AdditionalPolicy[];
}
