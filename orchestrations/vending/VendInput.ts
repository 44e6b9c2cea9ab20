import { z } from "zod";

const Retry = z.object({
  firstRetryMs: z.number().int().positive(),
  maxAttempts: z.number().int().positive(),
  backoff: z.number().min(1),
  maxRetryMs: z.number().int().positive(),
});
export type RetrySpec = z.infer<typeof Retry>;

/**
 * What the orchestrator needs that must not change under replay: everything time- or
 * policy-dependent is fixed here when the instance starts (the policy file may change meanwhile).
 */
export const VendInput = z.object({
  requestId: z.string().min(1),
  /** 0 for the first run, n for the n-th `retry`. */
  attempt: z.number().int().nonnegative().default(0),
  approvalReasons: z.array(z.string()).default([]),
  approvalTimeoutMs: z.number().int().positive(),
  aliasPollIntervalMs: z.number().int().positive(),
  aliasPollTimeoutMs: z.number().int().positive(),
  providerPollIntervalMs: z.number().int().positive().default(10_000),
  providerPollTimeoutMs: z.number().int().positive().default(30 * 60_000),
  retry: Retry,
  /** RBAC waits out principal propagation (minutes in Azure): more attempts, longer backoff. */
  rbacRetry: Retry,
});
export type VendInput = z.infer<typeof VendInput>;
export type VendInputIn = z.input<typeof VendInput>;

/** What the approve / reject / cancel endpoints send on VENDING_DECISION_EVENT. */
export const VendingDecision = z.object({
  decision: z.enum(["approved", "rejected", "cancelled"]),
  by: z.string().min(1),
  reason: z.string().optional(),
});
export type VendingDecision = z.infer<typeof VendingDecision>;
