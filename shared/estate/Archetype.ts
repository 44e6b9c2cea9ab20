import { z } from "zod";

/**
 * The landing-zone archetype a subscription belongs to, derived from its management group.
 * `platform` covers identity/management/connectivity; `none` means outside the policy's root
 * management group (or not placed yet).
 */
export const Archetype = z.enum(["corp", "online", "sandbox", "decommissioned", "platform", "none"]);
export type Archetype = z.infer<typeof Archetype>;

/** The archetypes a workload team can ask for through vending. */
export const WorkloadArchetype = z.enum(["corp", "online", "sandbox"]);
export type WorkloadArchetype = z.infer<typeof WorkloadArchetype>;
