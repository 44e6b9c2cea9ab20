import { z } from "zod";

/** A sandbox as the morning report lists it: the state ailz holds, and what a dry run or an exemption held back. */
export const SandboxRow = z.object({
  id: z.string(),
  status: z.string(),
  lastActivityAt: z.string(),
  flaggedAt: z.string().optional(),
  decommissionedAt: z.string().optional(),
  /** Dry run: the state the lifecycle would have moved it to (nothing was changed). */
  wouldBecome: z.string().optional(),
  /** Why the lifecycle held it back: the exemption's source, ref and last day. */
  exempt: z.string().optional(),
});
export type SandboxRow = z.infer<typeof SandboxRow>;

/** The State column: what holds, then what was held back. */
export const sandboxStateText = (s: SandboxRow): string =>
  [s.status, s.wouldBecome ? `would become ${s.wouldBecome} (dry run)` : "", s.exempt ? `exempt: ${s.exempt}` : ""].filter(Boolean).join("; ");
