import { z } from "zod";
import { guardrailEntry } from "./GuardrailMode";
import { guardrailParamSchemas } from "./guardrailParamSchemas";
import { ManagementGroupsConfig } from "./ManagementGroupsConfig";
import { ApprovedDeployer } from "./ApprovedDeployer";
import { GpuFamilies } from "./GpuFamilies";
import { ApprovedModel } from "./ApprovedModel";
import { NotificationsConfig } from "./NotificationsConfig";
import { SweepConfig } from "./SweepConfig";
import { VendingConfig } from "./VendingConfig";
import { QuotaGroupConfig } from "./QuotaGroupConfig";
import { ScorecardConfig } from "./ScorecardConfig";

const g = guardrailParamSchemas;

/** One entry per registered guardrail; an unknown guardrail name is an error, not ignored. */
export const GuardrailsConfig = z
  .object({
    shadowAi: guardrailEntry(g.shadowAi),
    aiHardening: guardrailEntry(g.aiHardening),
    requiredTags: guardrailEntry(g.requiredTags),
    sandboxActivity: guardrailEntry(g.sandboxActivity),
    idleGpuQuota: guardrailEntry(g.idleGpuQuota),
    sandboxLifecycle: guardrailEntry(g.sandboxLifecycle),
    budgetAlerts: guardrailEntry(g.budgetAlerts),
    scorecard: guardrailEntry(g.scorecard),
  })
  .strict()
  .prefault({});
export type GuardrailsConfig = z.infer<typeof GuardrailsConfig>;

/** The whole `guardrails.yaml`. */
export const Policy = z
  .object({
    $schema: z.string().optional(),
    managementGroups: ManagementGroupsConfig,
    approvedDeployers: z.array(ApprovedDeployer).default([]),
    gpuFamilies: GpuFamilies.prefault({}),
    requiredTags: z.array(z.string().min(1)).default(["owner", "cost-center", "project", "environment"]),
    approvedModels: z.array(ApprovedModel).default([]),
    notifications: NotificationsConfig.prefault({}),
    sweep: SweepConfig.prefault({}),
    vending: VendingConfig.optional(),
    quotaGroup: QuotaGroupConfig.optional(),
    scorecard: ScorecardConfig.prefault({}),
    guardrails: GuardrailsConfig,
  })
  .strict();
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;
