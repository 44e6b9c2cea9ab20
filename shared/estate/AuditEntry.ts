import { z } from "zod";
import { Action } from "./Action";

/** One append-only audit record: who did what to which resource, why, when, for real or not. */
export const AuditEntry = z.object({
  id: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  /** Who: ailz's identity for its own actions, the user for API calls (extend, keep, exemptions). */
  who: z.object({ objectId: z.string(), name: z.string().optional() }),
  /** What, e.g. `decision`, `action.deallocate`, `exemption.create`, `sandbox.extend`. */
  what: z.string().min(1),
  resourceId: z.string().min(1),
  guardrail: z.string().optional(),
  rule: z.string().optional(),
  why: z.string(),
  dryRun: z.boolean(),
  action: Action.optional(),
  outcome: z.enum(["succeeded", "failed", "skipped", "recorded"]).default("recorded"),
  error: z.string().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  correlationId: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
