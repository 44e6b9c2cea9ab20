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

export const SandboxActive = SandboxBase.extend({ status: z.literal("Active") });
export const SandboxFlagged = SandboxBase.extend({ status: z.literal("Flagged"), flaggedAt: Instant });
export const SandboxDecommissioned = SandboxBase.extend({
  status: z.literal("Decommissioned"),
  flaggedAt: Instant.optional(),
  decommissionedAt: Instant,
  why: z.enum(["inactive", "expired"]),
});

export const SandboxState = z.discriminatedUnion("status", [SandboxActive, SandboxFlagged, SandboxDecommissioned]);
export type SandboxState = z.infer<typeof SandboxState>;
export type SandboxActive = z.infer<typeof SandboxActive>;
export type SandboxFlagged = z.infer<typeof SandboxFlagged>;
export type SandboxDecommissioned = z.infer<typeof SandboxDecommissioned>;

export const isSandboxActive = (s: SandboxState): s is SandboxActive => s.status === "Active";
export const isSandboxFlagged = (s: SandboxState): s is SandboxFlagged => s.status === "Flagged";
export const isSandboxDecommissioned = (s: SandboxState): s is SandboxDecommissioned => s.status === "Decommissioned";
