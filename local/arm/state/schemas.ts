import { z } from "zod";
import { ResourceChange } from "./ResourceChange";

// The estate file's shapes. Resources are stored exactly as ARM returns them (plain objects)
// so a million of them load without per-object wrapping.

export const ArmResource = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.string().min(1),
  location: z.string().optional(),
  kind: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  properties: z.record(z.string(), z.any()).optional(),
});
export type ArmResource = z.infer<typeof ArmResource>;

const ProviderRegistration = z.object({
  registrationState: z.enum(["NotRegistered", "Registering", "Registered", "Unregistering"]),
  /** When Registering (or Unregistering) started; the transition completes after the configured delay. */
  changedAt: z.string().optional(),
});
type ProviderRegistration = z.infer<typeof ProviderRegistration>;

export const Subscription = z.object({
  subscriptionId: z.string().min(1),
  displayName: z.string().min(1),
  state: z.enum(["Enabled", "Warned", "PastDue", "Disabled", "Deleted"]).default("Enabled"),
  tenantId: z.string().optional(),
  /** Parent management group name; the tenant root group when absent. */
  managementGroupId: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  createdAt: z.string().optional(),
  workload: z.enum(["Production", "DevTest"]).optional(),
  billingScope: z.string().optional(),
  quotaId: z.string().optional(),
  providers: z.record(z.string(), ProviderRegistration).optional(),
});
export type Subscription = z.infer<typeof Subscription>;

export const ManagementGroup = z.object({
  name: z.string().min(1),
  displayName: z.string().optional(),
  /** Parent group name; absent only for the tenant root group. */
  parent: z.string().optional(),
});
export type ManagementGroup = z.infer<typeof ManagementGroup>;

export const Principal = z.object({
  objectId: z.string().min(1),
  type: z.enum(["User", "ServicePrincipal", "Group", "ForeignGroup", "Device"]).default("User"),
  displayName: z.string().optional(),
  appId: z.string().optional(),
  upn: z.string().optional(),
  /** Directory creation time: role assignments to it fail with PrincipalNotFound until propagation. */
  createdAt: z.string().optional(),
});
export type Principal = z.infer<typeof Principal>;

export const Alias = z.object({
  name: z.string().min(1),
  subscriptionId: z.string().min(1),
  displayName: z.string().min(1),
  workload: z.enum(["Production", "DevTest"]).default("Production"),
  billingScope: z.string().optional(),
  managementGroupId: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  subscriptionOwnerId: z.string().optional(),
  createdAt: z.string(),
  completesAt: z.string(),
  createdBy: z.string().optional(),
});
export type Alias = z.infer<typeof Alias>;

export const CostRecord = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD"),
  subscriptionId: z.string(),
  resourceGroup: z.string(),
  resourceId: z.string(),
  resourceType: z.string(),
  location: z.string(),
  meterCategory: z.string(),
  tags: z.record(z.string(), z.string()),
  cost: z.number(),
  currency: z.literal("USD"),
});
export type CostRecord = z.infer<typeof CostRecord>;

export const QuotaLimit = z.object({
  subscriptionId: z.string(),
  location: z.string(),
  family: z.string(),
  limit: z.number(),
});
export type QuotaLimit = z.infer<typeof QuotaLimit>;

export const QuotaGroup = z.object({
  managementGroupId: z.string(),
  name: z.string(),
  displayName: z.string(),
  limits: z.array(z.object({ location: z.string(), family: z.string(), limit: z.number() })),
  allocations: z.array(z.object({ subscriptionId: z.string(), location: z.string(), family: z.string(), limit: z.number() })),
});
export type QuotaGroup = z.infer<typeof QuotaGroup>;

export const EmulatorSettings = z.object({
  /** How long a subscription alias stays Accepted before Succeeded (emulator clock). */
  aliasDelayMs: z.number().nonnegative().default(30_000),
  /** How long a provider stays Registering. */
  providerRegistrationDelayMs: z.number().nonnegative().default(20_000),
  /** How long after a principal's createdAt role assignments answer PrincipalNotFound. */
  principalPropagationDelayMs: z.number().nonnegative().default(120_000),
  /** Default page size of list operations (ARM pages vary; small pages exercise nextLink). */
  pageSize: z.number().int().positive().default(100),
  /**
   * `enforce`: a caller without a role assignment covering the request's action and scope gets
   * Azure's 403 AuthorizationFailed (local/arm/rbac/checkAccess.ts). `record` (the default): every
   * action is logged (`/_emulator/rbac-log`) but allowed, for estates whose callers hold no roles.
   */
  rbac: z.enum(["record", "enforce"]).default("record"),
});
export type EmulatorSettings = z.infer<typeof EmulatorSettings>;

/**
 * Cost accrual (local/arm/accrual): whether daily cost records keep being added as the clock
 * moves, the last day accrued (inclusive), and whether records are aggregated per subscription,
 * resource group and meter category (as large generated estates are) instead of per resource.
 * Absent: derived from the estate's cost records on first use (on when there are any).
 */
export const AccrualSettings = z.object({
  enabled: z.boolean(),
  through: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "through must be YYYY-MM-DD").optional(),
  aggregated: z.boolean().default(false),
});
export type AccrualSettings = z.infer<typeof AccrualSettings>;

/**
 * How a resource is used over time, for the metrics it publishes (local/arm/metrics): `busy`
 * (training), `idle` (a forgotten playground), `nightlyBatch` (busy 01:00-05:00 UTC), `steady`
 * (the default for a running resource without a profile). `gpuMetrics`: the VM publishes the
 * GPU guest metric through the Azure Monitor agent (otherwise only host metrics exist).
 */
export const WorkloadProfile = z.object({
  resourceId: z.string().min(1),
  pattern: z.enum(["busy", "idle", "nightlyBatch", "steady"]),
  gpuMetrics: z.boolean().default(false),
});
export type WorkloadProfile = z.infer<typeof WorkloadProfile>;

export const EstateJson = z.object({
  version: z.literal(1).default(1),
  tenantId: z.string().default("7a11ce00-0000-4000-8000-000000000001"),
  /** Name of the tenant root management group (defaults to the tenant id, as in Azure). */
  rootManagementGroupId: z.string().optional(),
  settings: EmulatorSettings.partial().optional(),
  managementGroups: z.array(ManagementGroup).default([]),
  subscriptions: z.array(Subscription).default([]),
  resourceGroups: z.array(ArmResource).default([]),
  resources: z.array(ArmResource).default([]),
  principals: z.array(Principal).default([]),
  roleAssignments: z.array(ArmResource).default([]),
  /** Custom role definitions (built-ins are local/arm/state/builtInRoles.ts): `properties.permissions[].actions|notActions`. */
  roleDefinitions: z.array(ArmResource).default([]),
  locks: z.array(ArmResource).default([]),
  /** Microsoft.Insights/diagnosticSettings on resources (extension resources: not in Resource Graph). */
  diagnosticSettings: z.array(ArmResource).default([]),
  aliases: z.array(Alias).default([]),
  costRecords: z.array(CostRecord).default([]),
  quotaLimits: z.array(QuotaLimit).default([]),
  quotaGroups: z.array(QuotaGroup).default([]),
  budgets: z.array(ArmResource).default([]),
  workloads: z.array(WorkloadProfile).default([]),
  /** Resource Graph's change records (the `resourcechanges` table), the last 14 days. */
  resourceChanges: z.array(ResourceChange).default([]),
  accrual: AccrualSettings.optional(),
});
export type EstateJson = z.input<typeof EstateJson>;
export type EstateJsonParsed = z.output<typeof EstateJson>;
