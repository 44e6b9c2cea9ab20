import type { ArmResourceLike } from "../estate/toResourceFacts";

/** A subscription as Resource Graph's ResourceContainers table shows it. */
export interface SubscriptionContainer {
  subscriptionId: string;
  name: string;
  tags: Record<string, string>;
  state?: string;
  /** `properties.managementGroupAncestorsChain` names: direct parent first, tenant root last. */
  ancestors: string[];
}

/** The reads fact collection makes. Production: createFactsSource over the adapters; tests: fakes. */
export interface FactsSource {
  /** The resource's ARM body (with systemData), or undefined when it does not exist. */
  readResource(resourceId: string): Promise<ArmResourceLike | undefined>;
  /** Every subscription the identity can see, with its management-group chain: one query. */
  subscriptionContainers(): Promise<SubscriptionContainer[]>;
  resourceGroupTags(subscriptionId: string, resourceGroup: string): Promise<Record<string, string> | undefined>;
}
