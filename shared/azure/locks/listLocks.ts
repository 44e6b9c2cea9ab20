import type { ManagementLockClient } from "@azure/arm-locks";
import { paged } from "../AzureError";
import { armScope } from "../armScope";

export interface LockInfo {
  id: string;
  name: string;
  level: "CanNotDelete" | "ReadOnly" | string;
  notes?: string;
}

/** Locks at a scope and inherited from above it (a resource group lock blocks deleting its resources). */
export async function listLocks(client: ManagementLockClient, scope: string): Promise<LockInfo[]> {
  const out: LockInfo[] = [];
  for await (const l of paged(client.managementLocks.listByScope(armScope(scope)))) {
    out.push({ id: l.id ?? "", name: l.name ?? "", level: l.level, notes: l.notes });
  }
  return out;
}
