import { z } from "zod";

/** One line of the morning report: what a guardrail decided and what came of it. */
export const ReportItem = z.object({
  guardrail: z.string(),
  rule: z.string().default(""),
  resourceId: z.string(),
  reason: z.string(),
  /** flagged: a finding only; done: acted; wouldDo: dry run (nothing changed); exempt: held back by an exemption; skipped: locked/no-op; failed. */
  outcome: z.enum(["flagged", "done", "wouldDo", "exempt", "skipped", "failed"]),
  action: z.string().optional(),
  note: z.string().optional(),
});
export type ReportItem = z.infer<typeof ReportItem>;
