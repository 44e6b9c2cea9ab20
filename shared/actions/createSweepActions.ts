import type { AzureClients } from "../azure/clientFactory";
import { upsertBudget, getBudget } from "../azure/consumption/budgets";
import { getSubscriptionParent, moveSubscription } from "../azure/managementGroups/moveSubscription";
import { getSubscriptionAllocations, setSubscriptionAllocation } from "../azure/quota/groupQuotaAllocations";
import { listComputeQuota } from "../azure/quota/listComputeQuota";
import { deleteResourceGroup, resourceGroupExists } from "../azure/resources/deleteResourceGroup";
import { parseResourceId } from "../estate/parseResourceId";
import type { SweepActionsPort } from "./SweepActionsPort";

function rg(id: string): { subscriptionId: string; resourceGroup: string } {
  const p = parseResourceId(id);
  if (!p.subscriptionId || !p.resourceGroup) throw new Error(`resourceGroupId: not a resource group id: ${id}`);
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup };
}

/** The sweep actions' port over the shared/azure adapters. */
export function createSweepActions(clients: AzureClients): SweepActionsPort {
  return {
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
      const sub = parseResourceId(scope).subscriptionId ?? "";
      return (await getBudget(clients.consumption(sub), scope, name)) !== undefined;
    },
    async createBudget(scope, name, spec) {
      const sub = parseResourceId(scope).subscriptionId ?? "";
      const notifications = Object.fromEntries(spec.notifications.map((n) => [`${n.thresholdType.toLowerCase()}_${n.threshold}`, { ...n }]));
      await upsertBudget(clients.consumption(sub), scope, name, { amount: spec.amount, timeGrain: spec.timeGrain as "Monthly", startDate: spec.startDate, notifications });
    },
  };
}
