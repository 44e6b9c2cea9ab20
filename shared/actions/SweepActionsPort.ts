import type { BudgetNotification } from "../estate/Action";

/** The Azure calls of the sweep's own actions (quota, management groups, resource groups, budgets). */
export interface SweepActionsPort {
  /** The subscription's current allocation and usage of one family (undefined: not in the group). */
  quotaAllocation(group: { managementGroupId: string; name: string }, subscriptionId: string, location: string, family: string): Promise<{ limit: number; usage: number } | undefined>;
  setQuotaAllocation(group: { managementGroupId: string; name: string }, subscriptionId: string, location: string, family: string, limit: number): Promise<void>;
  /** The management group a subscription sits directly under. */
  subscriptionParent(subscriptionId: string, rootManagementGroupId: string): Promise<string | undefined>;
  moveSubscription(subscriptionId: string, managementGroupId: string): Promise<void>;
  resourceGroupExists(resourceGroupId: string): Promise<boolean>;
  deleteResourceGroup(resourceGroupId: string): Promise<void>;
  budgetExists(scope: string, name: string): Promise<boolean>;
  createBudget(scope: string, name: string, spec: { amount: number; timeGrain: string; startDate: string; notifications: BudgetNotification[] }): Promise<void>;
}
