import { z } from "zod";
import { Action } from "./Action";

export const Verdict = z.enum(["flag", "act", "ok"]);
export type Verdict = z.infer<typeof Verdict>;

const Severity = z.enum(["low", "medium", "high"]);
type Severity = z.infer<typeof Severity>;

/** Why a decision is not carried out: an exemption that matched it. */
export const AppliedExemption = z.object({
  exemptionId: z.string(),
  scope: z.string(),
  ref: z.string(),
  until: z.string(),
  source: z.enum(["tag", "api"]),
});
export type AppliedExemption = z.infer<typeof AppliedExemption>;

/**
 * A guardrail's verdict on one resource, as a value. `act` carries an action the executor runs
 * unless `dryRun` (then it is reported as "would have done"); `flag` records a finding;
 * `ok` means compliant (the executor resolves an open finding) or a bookkeeping action.
 */
export const Decision = z.object({
  guardrail: z.string().min(1),
  resourceId: z.string().min(1),
  verdict: Verdict,
  action: Action.optional(),
  reason: z.string().min(1),
  evidence: z.record(z.string(), z.unknown()).default({}),
  dryRun: z.boolean(),
  /** Which check fired, e.g. `publicNetworkAccess`; part of the finding id. */
  rule: z.string().optional(),
  severity: Severity.optional(),
  exemption: AppliedExemption.optional(),
});
export type Decision = z.infer<typeof Decision>;
