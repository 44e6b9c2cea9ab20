import { z } from "zod";
import { Decision } from "../../shared/estate/Decision";

export const SweepInput = z.object({
  /** The sweep date (YYYY-MM-DD): one sweep per night. */
  date: z.iso.date(),
  /** Forced dry run: decide and report, change nothing (not even ailz's own books). */
  dryRun: z.boolean().default(false),
  startedBy: z.string().default("timer"),
});
export type SweepInput = z.infer<typeof SweepInput>;

export const SweepStatus = z.object({
  phase: z.enum(["scope", "shared", "batches", "reclaims", "report", "done"]),
  batchesDone: z.number().int(),
  batchesTotal: z.number().int(),
  failedBatches: z.array(z.number().int()),
  dryRun: z.boolean(),
});
export type SweepStatus = z.infer<typeof SweepStatus>;

export const ReclaimStart = z.object({ reclaimId: z.string(), decision: Decision, owners: z.array(z.string()) });
export type ReclaimStart = z.infer<typeof ReclaimStart>;

/** What a batch hands back to the orchestrator (details go to the sweep's scratch space). */
export const BatchSummary = z.object({
  index: z.number().int(),
  subscriptions: z.number().int(),
  decisions: z.number().int(),
  done: z.number().int(),
  wouldDo: z.number().int(),
  failed: z.number().int(),
  /** Open findings of the sweep's guardrails that no longer fired tonight, now resolved. */
  resolved: z.number().int().default(0),
  reclaims: z.array(ReclaimStart),
});
export type BatchSummary = z.infer<typeof BatchSummary>;

export const ReclaimInput = z.object({
  reclaimId: z.string(),
  decision: Decision,
  owners: z.array(z.string()),
  sweepId: z.string(),
});
export type ReclaimInput = z.infer<typeof ReclaimInput>;

export const KeepAnswer = z.object({ by: z.string().min(1), reason: z.string().min(1) });
export type KeepAnswer = z.infer<typeof KeepAnswer>;
