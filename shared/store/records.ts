import { z } from "zod";

// Record shapes as the store keeps them. They are deliberately generic (the domain's richer
// schemas in shared/estate refine what goes into `evidence`, `details` and the documents), so
// the store does not change when a guardrail adds a field.

const isoInstant = z.iso.datetime({ offset: true });

export const FindingStatus = z.enum(["open", "resolved"]);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const FindingRecord = z.object({
  guardrail: z.string().min(1),
  resourceId: z.string().min(1),
  /** Which rule of the guardrail fired; one resource can hold several findings per guardrail. */
  rule: z.string().default(""),
  subscriptionId: z.string().default(""),
  status: FindingStatus.default("open"),
  severity: z.enum(["low", "medium", "high", "critical"]).default("medium"),
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()).default({}),
  dryRun: z.boolean().default(true),
  firstSeenAt: isoInstant,
  lastSeenAt: isoInstant,
  resolvedAt: isoInstant.optional(),
  resolution: z.string().optional(),
});
export type FindingRecord = z.infer<typeof FindingRecord>;
export type FindingInput = z.input<typeof FindingRecord>;

export const AuditRecord = z.object({
  id: z.string().min(1),
  at: isoInstant,
  /** Who: an object id, UPN or "ailz" for the control plane itself. */
  actor: z.string().min(1),
  action: z.string().min(1),
  guardrail: z.string().optional(),
  resourceId: z.string().optional(),
  reason: z.string().default(""),
  dryRun: z.boolean().default(false),
  outcome: z.enum(["succeeded", "failed", "skipped"]).default("succeeded"),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;
export type AuditInput = Omit<z.input<typeof AuditRecord>, "id" | "at"> & { id?: string; at?: string };

export const ExemptionRecord = z.object({
  id: z.string().min(1),
  /** ARM scope: management group, subscription, resource group or resource id. */
  scope: z.string().min(1),
  /** Guardrail name, or "*" for every guardrail. */
  guardrail: z.string().min(1),
  expiresAt: isoInstant,
  justification: z.string().min(1),
  ref: z.string().optional(),
  createdBy: z.string().min(1),
  createdAt: isoInstant,
});
export type ExemptionRecord = z.infer<typeof ExemptionRecord>;

export const SandboxActivity = z.object({
  sandboxId: z.string().min(1),
  at: isoInstant,
  by: z.string().default(""),
  resourceId: z.string().optional(),
  operation: z.string().optional(),
});
export type SandboxActivity = z.infer<typeof SandboxActivity>;

export { QuotaSample } from "../estate/QuotaSample";

export interface QuotaPeak {
  peakUsage: number;
  /** Limit in the most recent sample of the window. */
  limit: number;
  samples: number;
  firstSampleAt?: string;
  lastSampleAt?: string;
}

export const BudgetThresholdKind = z.enum(["actual", "forecasted"]);
export type BudgetThresholdKind = z.infer<typeof BudgetThresholdKind>;

export interface BudgetFire {
  scope: string;
  period: string;
  threshold: number;
  kind: BudgetThresholdKind;
  firedAt: string;
}

export const IpamAllocation = z.object({
  pool: z.string(),
  cidr: z.string(),
  requestId: z.string().min(1),
  allocatedAt: isoInstant,
});
export type IpamAllocation = z.infer<typeof IpamAllocation>;

export const DeadLetter = z.object({
  id: z.string(),
  at: isoInstant,
  source: z.string().min(1),
  reason: z.string().min(1),
  payload: z.unknown(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** A resource event the event path judged, with what it read: the policy preview replays these. */
export const RecordedEvent = z.object({
  /** The event id: a redelivery finds its record (recordFirst). */
  id: z.string().min(1),
  /** The event's time (eventTime), not when it was handled: the same in every redelivery. */
  at: isoInstant,
  /** The normalised event and its facts, as the event path had them (shared/preview parses them). */
  payload: z.unknown(),
});
export type RecordedEvent = z.infer<typeof RecordedEvent>;

/** The least a vending request document carries; the domain's schema adds the rest. */
export interface VendingRequestBase {
  id: string;
  idempotencyKey: string;
  status: string;
}

export interface Versioned<T> {
  value: T;
  /** Opaque version tag (the Table Storage ETag); pass it back to write conditionally. */
  etag: string;
}

export interface Page<T> {
  items: T[];
  continuationToken?: string;
}

export type ReportFormat = "json" | "md" | "html";
export interface ReportContent {
  json: unknown;
  md: string;
  html: string;
}
