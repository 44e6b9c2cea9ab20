import type { ResourceFacts } from "../estate/ResourceFacts";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";

/** Everything the event path's guardrails read about one resource event. */
export interface EventFacts {
  /** Undefined when the resource is gone (deleted, or deleted before we read it). */
  resource?: ResourceFacts;
  subscription: SubscriptionFacts;
  /** Tags of the resource's group (sandbox detection); undefined outside a group or when unreadable. */
  resourceGroupTags?: Record<string, string>;
  /** Where `resource` came from: the event's own payload, a re-read through ARM, nowhere (gone or deleted), or not read (nothing judges it). */
  source: "payload" | "arm" | "none" | "skipped";
}
