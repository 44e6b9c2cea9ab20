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

export const SandboxState = z.discriminatedUnion("status", [SandboxActive, SandboxFlagged, SandboxDecommissioned]);
export type SandboxState = z.infer<typeof SandboxState>;
type SandboxActive = z.infer<typeof SandboxActive>;
export type SandboxFlagged = z.infer<typeof SandboxFlagged>;
type SandboxDecommissioned = z.infer<typeof SandboxDecommissioned>;

/** @internal */
export const isSandboxFlagged = (s: SandboxState): s is SandboxFlagged => s.status === "Flagged";
