import { z } from "zod";
import { Archetype } from "./Archetype";

export const SubscriptionFacts = z.object({
  /** The bare subscription GUID (lower-case), not `/subscriptions/...`. */
  id: z.string().min(1).toLowerCase(),
  name: z.string().default(""),
  state: z.string().default("Enabled"),
  /** Management group names, root first, direct parent last. */
  managementGroupPath: z.array(z.string()).default([]),
  tags: z.record(z.string(), z.string()).default({}),
  /** Derived from the management group path with `archetypeOf` (shared/config). */
  archetype: Archetype.default("none"),
});
export type SubscriptionFacts = z.infer<typeof SubscriptionFacts>;
/** @internal */
export type SubscriptionFactsInput = z.input<typeof SubscriptionFacts>;
