import { z } from "zod";
import { guardrailEntry } from "./GuardrailMode";
import { builtInGuardrails, guardrailModules } from "../engine/registry";
import { ManagementGroupsConfig } from "./ManagementGroupsConfig";
import { ApprovedDeployer } from "./ApprovedDeployer";
import { GpuFamilies } from "./GpuFamilies";
import { ApprovedModel } from "./ApprovedModel";
import { NotificationsConfig } from "./NotificationsConfig";
import { SweepConfig } from "./SweepConfig";
import { VendingConfig } from "./VendingConfig";
import { QuotaGroupConfig } from "./QuotaGroupConfig";
import { ScorecardConfig } from "./ScorecardConfig";

type EntriesOf<M extends { name: string; paramsSchema: z.ZodObject }> = { [K in M as K["name"]]: ReturnType<typeof guardrailEntry<K["paramsSchema"]>> };
const entriesOf = <M extends { name: string; paramsSchema: z.ZodObject }>(modules: readonly M[]) =>
  Object.fromEntries(modules.map((m) => [m.name, guardrailEntry(m.paramsSchema)])) as EntriesOf<M>;

/** One entry per registered guardrail; an unknown guardrail name is an error, not ignored. */
const builtInEntries = z.object(entriesOf(builtInGuardrails)).strict();
/** @internal */
export const GuardrailsConfig = builtInEntries.prefault({});
export type GuardrailsConfig = z.infer<typeof GuardrailsConfig>;

const policyShape = (guardrails: z.ZodType) => ({
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
  guardrails,
});

/** The whole `guardrails.yaml`, for the guardrails ailz ships. */
export const Policy = z.object({ ...policyShape(GuardrailsConfig), guardrails: GuardrailsConfig }).strict();
export type Policy = z.infer<typeof Policy>;

/**
 * The policy schema for every guardrail registered now (the built-ins plus any an extension
 * registered): what the loader validates against. Equal to `Policy` without extensions.
 */
export function policySchema(): typeof Policy {
  const extra = guardrailModules().filter((m) => !(m.name in builtInEntries.shape));
  if (extra.length === 0) return Policy;
  const guardrails = builtInEntries.extend(entriesOf(extra)).strict().prefault({});
  return z.object({ ...policyShape(guardrails), guardrails }).strict() as unknown as typeof Policy;
}

/** @internal */
export type PolicyInput = z.input<typeof Policy>;
