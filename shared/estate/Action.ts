import { z } from "zod";
import { Caller } from "./Caller";

/** What an executor does for a decision. Each variant carries exactly what its executor needs. */
export const TagAction = z.object({
  type: z.literal("tag"),
  /** ailz's own marker tags (`ailz-finding`, `ailz-flagged`); these are ours to overwrite. */
  tags: z.record(z.string(), z.string()),
});
export const AddTagsAction = z.object({
  type: z.literal("addTags"),
  /** Only tags the resource lacks; an executor must still never overwrite an existing value. */
  tags: z.record(z.string(), z.string()),
});
export const RemoveTagsAction = z.object({ type: z.literal("removeTags"), tagNames: z.array(z.string()).min(1) });
export const DeallocateAction = z.object({ type: z.literal("deallocate"), vmId: z.string() });
/** An Azure ML compute cluster's minimum node count (to 0: it scales to zero between jobs; no job is touched). */
export const SetAmlMinNodesAction = z.object({ type: z.literal("setAmlMinNodes"), computeId: z.string(), fromMinNodes: z.number().int().nonnegative(), toMinNodes: z.number().int().nonnegative() });
export const DisablePublicNetworkAccessAction = z.object({ type: z.literal("disablePublicNetworkAccess"), resourceType: z.string() });
export const DisableLocalAuthAction = z.object({ type: z.literal("disableLocalAuth"), resourceType: z.string() });
export const LowerQuotaAllocationAction = z.object({
  type: z.literal("lowerQuotaAllocation"),
  subscriptionId: z.string(),
  location: z.string(),
  family: z.string(),
  fromLimit: z.number().int().nonnegative(),
  toLimit: z.number().int().nonnegative(),
  peakUsage: z.number().nonnegative(),
  currentUsage: z.number().nonnegative(),
  quotaGroup: z.object({ managementGroupId: z.string(), name: z.string() }).optional(),
  /** Days the owner has to answer `keep` before the allocation is lowered. */
  graceDays: z.number().nonnegative(),
});
export const MoveToManagementGroupAction = z.object({
  type: z.literal("moveToManagementGroup"),
  subscriptionId: z.string(),
  managementGroupId: z.string(),
});
export const DeleteResourceGroupAction = z.object({ type: z.literal("deleteResourceGroup"), resourceGroupId: z.string() });
export const BudgetNotification = z.object({
  enabled: z.boolean().default(true),
  operator: z.enum(["GreaterThan", "GreaterThanOrEqualTo", "EqualTo"]).default("GreaterThanOrEqualTo"),
  threshold: z.number().positive(),
  thresholdType: z.enum(["Actual", "Forecasted"]),
  contactEmails: z.array(z.string()).default([]),
  contactRoles: z.array(z.string()).default([]),
  contactGroups: z.array(z.string()).default([]),
});
export type BudgetNotification = z.infer<typeof BudgetNotification>;
export const CreateBudgetAction = z.object({
  type: z.literal("createBudget"),
  scope: z.string(),
  name: z.string(),
  amount: z.number().positive(),
  timeGrain: z.enum(["Monthly", "Quarterly", "Annually"]).default("Monthly"),
  /** Azure allows at most five notifications per budget. */
  notifications: z.array(BudgetNotification).max(5),
});
/** A diagnostic setting on a resource that sends its logs (category groups) and metrics to a Log Analytics workspace. */
export const CreateDiagnosticSettingAction = z.object({
  type: z.literal("createDiagnosticSetting"),
  name: z.string(),
  workspaceId: z.string(),
  categoryGroups: z.array(z.string()).min(1),
});
export const NotifyOnlyAction = z.object({
  type: z.literal("notifyOnly"),
  /** Explicit recipients; empty means the usual routing (owner tag, subscription owners, defaults). */
  contacts: z.array(z.string()).default([]),
  subject: z.string().optional(),
});
export const RecordActivityAction = z.object({
  type: z.literal("recordActivity"),
  /** Subscription id (`/subscriptions/x`) or resource group id of the sandbox. */
  sandboxId: z.string(),
  actor: Caller.optional(),
  at: z.iso.datetime({ offset: true }),
});

export const Action = z.discriminatedUnion("type", [
  TagAction,
  AddTagsAction,
  RemoveTagsAction,
  DeallocateAction,
  SetAmlMinNodesAction,
  DisablePublicNetworkAccessAction,
  DisableLocalAuthAction,
  LowerQuotaAllocationAction,
  MoveToManagementGroupAction,
  DeleteResourceGroupAction,
  CreateBudgetAction,
  CreateDiagnosticSettingAction,
  NotifyOnlyAction,
  RecordActivityAction,
]);
export type Action = z.infer<typeof Action>;
export type ActionType = Action["type"];
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;
