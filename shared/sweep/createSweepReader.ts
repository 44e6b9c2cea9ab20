import type { AzureClients } from "../azure/clientFactory";
import { queryCost } from "../azure/costManagement/queryCost";
import { listBudgets } from "../azure/consumption/budgets";
import { getGroupQuotaLimits } from "../azure/quota/groupQuotaAllocations";
import { listComputeQuota } from "../azure/quota/listComputeQuota";
import { listLocks } from "../azure/locks/listLocks";
import { call } from "../azure/AzureError";
import type { SweepApi, SweepReader } from "./SweepReader";

const PAGE = 1000;

/** The sweep's reads over the shared/azure adapters, counting requests per API family. */
export function createSweepReader(clients: AzureClients): SweepReader {
  const counts: Record<SweepApi, number> = { resourceGraph: 0, costManagement: 0, armRead: 0, quota: 0 };
  const subOf = (scope: string) => /\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? "";
  return {
    async *graph(query, scope) {
      let skipToken: string | undefined;
      do {
        counts.resourceGraph++;
        const page = await call(() =>
          clients.resourceGraph().resources({
            query,
            ...(scope.subscriptions ? { subscriptions: scope.subscriptions } : {}),
            ...(scope.managementGroups ? { managementGroups: scope.managementGroups } : {}),
            options: { top: PAGE, resultFormat: "objectArray", ...(skipToken ? { skipToken } : {}) },
          }),
        );
        for (const row of (Array.isArray(page.data) ? page.data : []) as Record<string, unknown>[]) yield row;
        skipToken = page.skipToken || undefined;
      } while (skipToken);
    },
    async *cost(query) {
      counts.costManagement++;
      for await (const row of queryCost(clients.costManagement(), query)) yield row;
    },
    async budgets(subscriptionId) {
      counts.armRead++;
      const out = [];
      for await (const b of listBudgets(clients.consumption(subscriptionId), `/subscriptions/${subscriptionId}`)) out.push(b);
      return out;
    },
    async groupQuotaLimits(managementGroupId, groupName, location) {
      counts.quota++;
      return getGroupQuotaLimits(clients.quota(), managementGroupId, groupName, location);
    },
    async computeQuota(subscriptionId, location) {
      counts.quota += 2;
      return listComputeQuota(clients.quota(subscriptionId), subscriptionId, location);
    },
    async locks(scope) {
      counts.armRead++;
      return listLocks(clients.locks(subOf(scope)), scope);
    },
    calls: () => ({ ...counts }),
  };
}
