import { z } from "zod";
import { Caller } from "./Caller";

const Instant = z.iso.datetime({ offset: true });

const SandboxBase = z.object({
  /** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}`. */
  id: z.string().min(1),
  kind: z.enum(["subscription", "resourceGroup"]),
  lastActivityAt: Instant,
  lastActor: Caller.optional(),
  extensions: z.number().int().nonnegative().default(0),
  /** The monthly cost cap the owner set when lifting a cost cap; it replaces the tag's or policy's budget. */
  budgetOverride: z.number().positive().optional(),
  updatedAt: Instant,
});

const SandboxActive = SandboxBase.extend({ status: z.literal("Active") });
/** @internal */
export const SandboxFlagged = SandboxBase.extend({ status: z.literal("Flagged"), flaggedAt: Instant });
const SandboxDecommissioned = SandboxBase.extend({
  status: z.literal("Decommissioned"),
  flaggedAt: Instant.optional(),
  decommissionedAt: Instant,
  why: z.enum(["inactive", "expired"]),
});

/** Spend reached the cap: compute deallocated, held until the owner lifts it with an extension and a new cap. */
const SandboxCostCapped = SandboxBase.extend({
  status: z.literal("CostCapped"),
  cappedAt: Instant,
  /** The spend (actual or forecast, see `capBasis`) and the budget it crossed. */
  capSpend: z.number().nonnegative(),
  capBudget: z.number().positive(),
  capBasis: z.enum(["actual", "forecast"]),
  /** When it was flagged inactive before the cap, if it was: inactivity still decommissions a capped sandbox. */
  flaggedAt: Instant.optional(),
});

export const SandboxState = z.discriminatedUnion("status", [SandboxActive, SandboxFlagged, SandboxCostCapped, SandboxDecommissioned]);
export type SandboxState = z.infer<typeof SandboxState>;
type SandboxActive = z.infer<typeof SandboxActive>;
export type SandboxFlagged = z.infer<typeof SandboxFlagged>;
type SandboxDecommissioned = z.infer<typeof SandboxDecommissioned>;

/** @internal */
export const isSandboxFlagged = (s: SandboxState): s is SandboxFlagged => s.status === "Flagged";
