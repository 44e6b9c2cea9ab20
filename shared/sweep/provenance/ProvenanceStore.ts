import type { Provenance } from "./Provenance";

/** Recorded provenance of AI/GPU resources, partitioned by subscription (one read per subscription per batch). */
export interface ProvenanceStore {
  /** Every record of the subscription, keyed by lower-case resource id. */
  forSubscription(subscriptionId: string): Promise<Map<string, Provenance>>;
  get(subscriptionId: string, resourceId: string): Promise<Provenance | undefined>;
  /** Last writer wins. */
  put(record: Provenance): Promise<void>;
}
