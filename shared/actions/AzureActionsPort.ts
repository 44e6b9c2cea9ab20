import type { DiagnosticSettingInfo, DiagnosticSettingSpec } from "../azure/monitor/diagnosticSettings";
import type { BudgetNotification } from "../estate/Action";

/** A management lock on a resource or inherited from its group / subscription. */
export interface LockInfo {
  id: string;
  name: string;
  level: string;
  notes?: string;
}

export interface AiAccountSettings {
  publicNetworkAccess?: string;
  disableLocalAuth?: boolean;
}

/** A subscription's place in a quota group. */
interface QuotaGroupRef {
  managementGroupId: string;
  name: string;
}

/**
 * The Azure calls the executors make, by resource id. The production implementation
 * (createAzureActions) goes through the shared/azure adapters; tests hand in fakes of this port.
 */
export interface AzureActionsPort {
  locks(resourceId: string): Promise<LockInfo[]>;
  getTags(resourceId: string): Promise<Record<string, string>>;
  /** Merges; resolves the tags afterwards. */
  mergeTags(resourceId: string, tags: Record<string, string>): Promise<Record<string, string>>;
  /** Removes the named tags; resolves the tags afterwards. */
  deleteTags(resourceId: string, tagNames: string[]): Promise<Record<string, string>>;
  /** `running`, `deallocated`, ... or undefined when the VM does not exist. */
  vmPowerState(vmId: string): Promise<string | undefined>;
  deallocateVm(vmId: string): Promise<void>;
  /** An Azure ML cluster's minNodeCount, or undefined when the compute does not exist. */
  amlMinNodes(computeId: string): Promise<number | undefined>;
  setAmlMinNodes(computeId: string, minNodeCount: number): Promise<void>;
  getAiAccount(accountId: string): Promise<AiAccountSettings | undefined>;
  updateAiAccount(accountId: string, change: AiAccountSettings): Promise<AiAccountSettings>;
  /** The subscription's current allocation and usage of one family (undefined: not in the group). */
  quotaAllocation(group: QuotaGroupRef, subscriptionId: string, location: string, family: string): Promise<{ limit: number; usage: number } | undefined>;
  setQuotaAllocation(group: QuotaGroupRef, subscriptionId: string, location: string, family: string, limit: number): Promise<void>;
  /** The management group a subscription sits directly under. */
  subscriptionParent(subscriptionId: string, rootManagementGroupId: string): Promise<string | undefined>;
  moveSubscription(subscriptionId: string, managementGroupId: string): Promise<void>;
  resourceGroupExists(resourceGroupId: string): Promise<boolean>;
  deleteResourceGroup(resourceGroupId: string): Promise<void>;
  budgetExists(scope: string, name: string): Promise<boolean>;
  createBudget(scope: string, name: string, spec: { amount: number; timeGrain: string; startDate: string; notifications: BudgetNotification[] }): Promise<void>;
  /** A resource's diagnostic settings (undefined when the resource does not exist). */
  diagnosticSettings(resourceId: string): Promise<DiagnosticSettingInfo[] | undefined>;
  putDiagnosticSetting(resourceId: string, name: string, spec: DiagnosticSettingSpec): Promise<DiagnosticSettingInfo>;
}
