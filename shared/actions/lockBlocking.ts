import type { AzureActionsPort, LockInfo } from "./AzureActionsPort";

/**
 * The lock that blocks a change, if any: ReadOnly blocks every write and action (tags included);
 * CanNotDelete blocks deletes only. ailz reports a locked resource and never removes a lock.
 */
export async function lockBlocking(azure: AzureActionsPort, resourceId: string, change: "write" | "delete"): Promise<LockInfo | undefined> {
  const locks = await azure.locks(resourceId);
  return locks.find((l) => l.level.toLowerCase() === "readonly" || (change === "delete" && l.level.toLowerCase() === "cannotdelete"));
}

export const lockedNote = (lock: LockInfo): string => `resource is locked (${lock.level} lock ${lock.name}); not forced`;
