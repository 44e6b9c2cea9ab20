import type { AzureClients } from "../azure/clientFactory";
import { getAiAccount, hardenAiAccount } from "../azure/cognitiveServices/accounts";
import { deallocateVirtualMachine, getPowerState } from "../azure/compute/virtualMachines";
import { getOrUndefined } from "../azure/AzureError";
import { listLocks } from "../azure/locks/listLocks";
import { deleteTags, getTags, mergeTags } from "../azure/resources/updateTags";
import { parseResourceId } from "../estate/parseResourceId";
import type { AzureActionsPort } from "./AzureActionsPort";

function parts(resourceId: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const p = parseResourceId(resourceId);
  if (!p.subscriptionId || !p.resourceGroup || !p.name) throw new Error(`resourceId: not a resource id inside a resource group: ${resourceId}`);
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.name };
}

/** The executors' Azure port over the shared/azure adapters (real SDK clients; the emulator locally). */
export function createAzureActions(clients: AzureClients): AzureActionsPort {
  const sub = (id: string) => parseResourceId(id).subscriptionId ?? "";
  return {
    locks: (id) => listLocks(clients.locks(sub(id)), id),
    getTags: (id) => getTags(clients.resources(sub(id)), id),
    mergeTags: (id, tags) => mergeTags(clients.resources(sub(id)), id, tags),
    deleteTags: (id, names) => deleteTags(clients.resources(sub(id)), id, Object.fromEntries(names.map((n) => [n, ""]))),
    async vmPowerState(vmId) {
      const p = parts(vmId);
      return getOrUndefined(() => getPowerState(clients.compute(p.subscriptionId), p.resourceGroup, p.name)).then((s) => s ?? undefined);
    },
    async deallocateVm(vmId) {
      const p = parts(vmId);
      await deallocateVirtualMachine(clients.compute(p.subscriptionId), p.resourceGroup, p.name);
    },
    async getAiAccount(accountId) {
      const p = parts(accountId);
      const a = await getAiAccount(clients.cognitiveServices(p.subscriptionId), p.resourceGroup, p.name);
      return a ? { publicNetworkAccess: a.properties?.publicNetworkAccess, disableLocalAuth: a.properties?.disableLocalAuth ?? false } : undefined;
    },
    async updateAiAccount(accountId, change) {
      const p = parts(accountId);
      const a = await hardenAiAccount(clients.cognitiveServices(p.subscriptionId), p.resourceGroup, p.name, {
        publicNetworkAccess: change.publicNetworkAccess as "Enabled" | "Disabled" | undefined,
        disableLocalAuth: change.disableLocalAuth,
      });
      return { publicNetworkAccess: a.properties?.publicNetworkAccess, disableLocalAuth: a.properties?.disableLocalAuth ?? false };
    },
  };
}
