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
  getAiAccount(accountId: string): Promise<AiAccountSettings | undefined>;
  updateAiAccount(accountId: string, change: AiAccountSettings): Promise<AiAccountSettings>;
}
