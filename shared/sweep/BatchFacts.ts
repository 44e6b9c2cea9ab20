import { z } from "zod";
import { ResourceFacts } from "../estate/ResourceFacts";
import { GpuUtilisation } from "./GpuUtilisation";

export const QuotaReading = z.object({
  subscriptionId: z.string().toLowerCase(),
  location: z.string().toLowerCase(),
  family: z.string(),
  usage: z.number().nonnegative(),
  limit: z.number().nonnegative(),
});
export type QuotaReading = z.infer<typeof QuotaReading>;

export const SubscriptionBudget = z.object({ id: z.string(), name: z.string(), subscriptionId: z.string().toLowerCase(), amount: z.number() });
export type SubscriptionBudget = z.infer<typeof SubscriptionBudget>;

export const DiagnosticSettingFacts = z.object({ name: z.string(), workspaceId: z.string().optional(), logs: z.array(z.string()) });
export type DiagnosticSettingFacts = z.infer<typeof DiagnosticSettingFacts>;

export const ModelOfferFacts = z.object({ kind: z.string(), skuName: z.string(), format: z.string(), name: z.string(), version: z.string(), deploymentSkus: z.array(z.string()) });
export type ModelOfferFacts = z.infer<typeof ModelOfferFacts>;

/** What multiRegionReadiness read for production workloads' failover regions (only those). */
export const RegionFacts = z.object({
  /** The models listing per region (lower case). */
  models: z.record(z.string(), z.array(ModelOfferFacts)),
  /** GPU quota (sum of the GPU families' limits) per `subscriptionId|region`. */
  gpuQuota: z.record(z.string(), z.number()),
});
export type RegionFacts = z.infer<typeof RegionFacts>;

/** What one batch's queries returned: the facts the guardrails evaluate. */
export const BatchFacts = z.object({
  resources: z.array(ResourceFacts),
  /** Resource groups tagged as sandboxes (resource-group sandboxes). */
  sandboxGroups: z.array(z.object({ id: z.string(), tags: z.record(z.string(), z.string()) })),
  /** Resource groups with an `ailz-exempt` tag (sandbox or not): their exemptions cover what is inside. */
  exemptGroups: z.array(z.object({ id: z.string(), tags: z.record(z.string(), z.string()) })).default([]),
  budgets: z.array(SubscriptionBudget),
  quota: z.array(QuotaReading),
  /** Metrics of the running GPU resources (read only for those); absent when the guardrail is off. */
  gpu: z.array(GpuUtilisation).optional(),
  /**
   * Resource Graph's change records inside the batch's sandboxes: the newest change (not by ailz)
   * per lower-case `subscription/resourceGroup` ("subscription/" for subscription-level ones), and
   * the start of the retention window they cover. Absent when the batch has no sandboxes.
   */
  sandboxChanges: z.object({ since: z.string(), last: z.record(z.string(), z.string()) }).optional(),
  /** Estimated monthly cost of GPU compute by lower-case resource id (month-to-date run rate from Cost Management). */
  gpuMonthlyCost: z.record(z.string(), z.number()).optional(),
  /** Diagnostic settings of the AI services diagnosticsCoverage judges, by lower-case resource id (read only for those). */
  diagnosticSettings: z.record(z.string(), z.array(DiagnosticSettingFacts)).optional(),
  regions: RegionFacts.optional(),
});
export type BatchFacts = z.infer<typeof BatchFacts>;
