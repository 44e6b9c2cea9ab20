import { z } from "zod";
import { Verdict } from "../estate/Decision";

// The records ailz reports. Attributes on logs carry the detail (resource id, reason); the metric
// dimensions are the low-cardinality subset (guardrail, verdict, outcome...), so Application
// Insights' customMetrics stay cheap to aggregate.

export const LogLevel = z.enum(["debug", "info", "warn", "error"]);
export type LogLevel = z.infer<typeof LogLevel>;

const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);
export const Attributes = z.record(z.string(), AttributeValue);
export type Attributes = z.infer<typeof Attributes>;

/** One guardrail decision on one resource (after exemptions and mode were applied). */
export const DecisionRecord = z.object({
  guardrail: z.string().min(1),
  resourceId: z.string().min(1),
  verdict: Verdict,
  dryRun: z.boolean(),
  rule: z.string().optional(),
  reason: z.string().optional(),
  /** What triggered it: `event`, `sweep`, `api`. */
  trigger: z.string().optional(),
});
export type DecisionRecord = z.infer<typeof DecisionRecord>;

const ActionOutcome = z.enum(["succeeded", "failed", "skipped"]);

/** An action ailz carried out (or, in dry run, would have): deallocate, tag, deleteResourceGroup... */
export const ActionRecord = z.object({
  action: z.string().min(1),
  resourceId: z.string().min(1),
  outcome: ActionOutcome,
  dryRun: z.boolean(),
  guardrail: z.string().optional(),
  error: z.string().optional(),
});
export type ActionRecord = z.infer<typeof ActionRecord>;

/** One delivered resource event, once the pipeline is done with it. */
export const EventRecord = z.object({
  eventType: z.string().min(1),
  /** `processed`, `duplicate`, `ownWrite` (loop guard), `ignored`, `deadLettered`. */
  outcome: z.string().min(1),
  resourceId: z.string().optional(),
});
export type EventRecord = z.infer<typeof EventRecord>;

const RunOutcome = z.enum(["succeeded", "failed"]);

/** A finished nightly sweep. */
export const SweepRecord = z.object({
  sweepId: z.string().min(1),
  durationMs: z.number().nonnegative(),
  outcome: RunOutcome,
  subscriptions: z.number().int().nonnegative().optional(),
  resources: z.number().int().nonnegative().optional(),
});
export type SweepRecord = z.infer<typeof SweepRecord>;

/** A finished vending request. */
export const VendingRecord = z.object({
  requestId: z.string().min(1),
  archetype: z.string().min(1),
  durationMs: z.number().nonnegative(),
  outcome: RunOutcome,
  subscriptionId: z.string().optional(),
});
export type VendingRecord = z.infer<typeof VendingRecord>;
