import { z } from "zod";
import { Severity } from "./Decision";

export const FindingStatus = z.enum(["open", "resolved"]);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const Finding = z.object({
  /** `findingId(guardrail, resourceId, rule)`. */
  id: z.string().min(1),
  guardrail: z.string().min(1),
  rule: z.string().default(""),
  resourceId: z.string().min(1),
  subscriptionId: z.string().default(""),
  status: FindingStatus,
  reason: z.string(),
  severity: Severity.default("medium"),
  evidence: z.record(z.string(), z.unknown()).default({}),
  firstSeen: z.iso.datetime({ offset: true }),
  lastSeen: z.iso.datetime({ offset: true }),
  resolvedAt: z.iso.datetime({ offset: true }).optional(),
  resolution: z.string().optional(),
  /** Whether the last decision was only a dry run and whether an exemption covers it. */
  dryRun: z.boolean().default(true),
  exemptionRef: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;
