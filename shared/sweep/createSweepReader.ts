import type { AzureClients } from "../azure/clientFactory";
import { queryCost } from "../azure/costManagement/queryCost";
import { listBudgets } from "../azure/consumption/budgets";
import { getGroupQuotaLimits } from "../azure/quota/groupQuotaAllocations";
import { listComputeQuota } from "../azure/quota/listComputeQuota";
import { listLocks } from "../azure/locks/listLocks";
import { call } from "../azure/AzureError";
import { getResourceById } from "../azure/resources/getResourceById";
import { metricsBatches, queryMetricsBatch } from "../azure/monitor/queryMetricsBatch";
import { listDiagnosticSettings } from "../azure/monitor/diagnosticSettings";
import { listLocationModels, type ModelOffer } from "../azure/cognitiveServices/listLocationModels";
import type { SweepApi, SweepReader } from "./SweepReader";

const PAGE = 1000;
/** How long a region's models listing is reused (one sweep reads each region once). */
const MODELS_TTL_MS = 6 * 3_600_000;

const NO_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/** The sweep's reads over the shared/azure adapters, counting requests per API family. */
export function createSweepReader(clients: AzureClients): SweepReader {
  const counts: Record<SweepApi, number> = { resourceGraph: 0, costManagement: 0, armRead: 0, quota: 0, metrics: 0 };
  const skus = new Map<string, Promise<Map<string, number>>>();
  const models = new Map<string, { at: number; list: Promise<ModelOffer[]> }>();
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
    async managementGroupBudgets(managementGroupId) {
      counts.armRead++;
      const out = [];
      // The client wants a subscription id, but a scoped budgets.list puts only the scope in the URL.
      for await (const b of listBudgets(clients.consumption(NO_SUBSCRIPTION), `/providers/Microsoft.Management/managementGroups/${managementGroupId}`)) out.push(b);
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
    async resourceById(id) {
      counts.armRead++;
      return (await getResourceById(clients.resources(subOf(id)), id)) as { systemData?: Record<string, unknown> } | undefined;
    },
    vmSizeVcpus(subscriptionId, location) {
      const key = location.toLowerCase();
      let p = skus.get(key);
      if (!p) {
        p = (async () => {
          counts.armRead++;
          const out = new Map<string, number>();
          const list = clients.compute(subscriptionId).resourceSkus.list({ filter: `location eq '${key}'` });
          for await (const sku of list) {
            const v = Number(sku.capabilities?.find((c) => c.name === "vCPUs")?.value);
            if (sku.resourceType === "virtualMachines" && sku.name && Number.isFinite(v)) out.set(sku.name.toLowerCase(), v);
          }
          return out;
        })();
        p.catch(() => skus.delete(key));
        skus.set(key, p);
      }
      return p;
    },
    async metrics(region, query) {
      const out = [];
      for (const resourceIds of metricsBatches(query.resourceIds)) {
        counts.metrics++;
        out.push(...(await queryMetricsBatch(clients.metrics(region), { ...query, resourceIds })));
      }
      return out;
    },
    async diagnosticSettings(resourceId) {
      counts.armRead++;
      return listDiagnosticSettings(clients.monitor(subOf(resourceId)), resourceId);
    },
    locationModels(subscriptionId, location) {
      const key = location.toLowerCase();
      const cached = models.get(key);
      // Offers change when Azure adds models: a long-lived instance reads each region again after MODELS_TTL_MS.
      if (cached && Date.now() - cached.at < MODELS_TTL_MS) return cached.list;
      counts.armRead++;
      const list = listLocationModels(clients.cognitiveServices(subscriptionId), key);
      list.catch(() => models.delete(key));
      models.set(key, { at: Date.now(), list });
      return list;
    },
    calls: () => ({ ...counts }),
  };
}
