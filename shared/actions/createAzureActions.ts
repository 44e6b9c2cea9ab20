import type { AzureClients } from "../azure/clientFactory";
import { getAiAccount, hardenAiAccount } from "../azure/cognitiveServices/accounts";
import { deallocateVirtualMachine, getPowerState } from "../azure/compute/virtualMachines";
import { getOrUndefined } from "../azure/AzureError";
import { listLocks } from "../azure/locks/listLocks";
import { deleteTags, getTags, mergeTags } from "../azure/resources/updateTags";
import { parseResourceId } from "../estate/parseResourceId";
import { upsertBudget, getBudget } from "../azure/consumption/budgets";
import { getSubscriptionParent, moveSubscription } from "../azure/managementGroups/moveSubscription";
import { getSubscriptionAllocations, setSubscriptionAllocation } from "../azure/quota/groupQuotaAllocations";
import { listComputeQuota } from "../azure/quota/listComputeQuota";
import { deleteResourceGroup, resourceGroupExists } from "../azure/resources/deleteResourceGroup";
import { getAmlMinNodes, setAmlMinNodes } from "../azure/resources/setAmlMinNodes";
import { listDiagnosticSettings, putDiagnosticSetting } from "../azure/monitor/diagnosticSettings";
import type { AzureActionsPort } from "./AzureActionsPort";

function parts(resourceId: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const p = parseResourceId(resourceId);
  if (!p.subscriptionId || !p.resourceGroup || !p.name) throw new Error(`resourceId: not a resource id inside a resource group: ${resourceId}`);
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.name };
}

function rg(id: string): { subscriptionId: string; resourceGroup: string } {
  const p = parseResourceId(id);
  if (!p.subscriptionId || !p.resourceGroup) throw new Error(`resourceGroupId: not a resource group id: ${id}`);
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup };
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
    amlMinNodes: (computeId) => getAmlMinNodes(clients.resources(sub(computeId)), computeId),
    setAmlMinNodes: (computeId, min) => setAmlMinNodes(clients.resources(sub(computeId)), computeId, min),
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
    async quotaAllocation(group, subscriptionId, location, family) {
      const allocs = await getSubscriptionAllocations(clients.quota(subscriptionId), group.managementGroupId, group.name, location);
      const a = allocs.find((x) => x.family.toLowerCase() === family.toLowerCase());
      if (!a) return undefined;
      const usage = (await listComputeQuota(clients.quota(subscriptionId), subscriptionId, location)).find((q) => q.family.toLowerCase() === family.toLowerCase())?.usage ?? 0;
      return { limit: a.limit, usage };
    },
    async setQuotaAllocation(group, subscriptionId, location, family, limit) {
      await setSubscriptionAllocation(clients.quota(subscriptionId), group.managementGroupId, group.name, location, family, limit);
    },
    subscriptionParent: (subscriptionId, root) => getSubscriptionParent(clients.managementGroups(), root, subscriptionId),
    moveSubscription: (subscriptionId, mg) => moveSubscription(clients.managementGroups(), mg, subscriptionId),
    resourceGroupExists: (id) => {
      const p = rg(id);
      return resourceGroupExists(clients.resources(p.subscriptionId), p.resourceGroup);
    },
    async deleteResourceGroup(id) {
      const p = rg(id);
      await deleteResourceGroup(clients.resources(p.subscriptionId), p.resourceGroup);
    },
    async budgetExists(scope, name) {
      return (await getBudget(clients.consumption(sub(scope)), scope, name)) !== undefined;
    },
    async createBudget(scope, name, spec) {
      const notifications = Object.fromEntries(spec.notifications.map((n) => [`${n.thresholdType.toLowerCase()}_${n.threshold}`, { ...n }]));
      await upsertBudget(clients.consumption(sub(scope)), scope, name, { amount: spec.amount, timeGrain: spec.timeGrain as "Monthly", startDate: spec.startDate, notifications });
    },
    diagnosticSettings: (id) => getOrUndefined(() => listDiagnosticSettings(clients.monitor(sub(id)), id)),
    putDiagnosticSetting: (id, name, spec) => putDiagnosticSetting(clients.monitor(sub(id)), id, name, spec),
  };
}
