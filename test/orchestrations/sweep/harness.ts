import { resolveRecipients } from "../../../shared/notify/resolveRecipients";
import { MemoryProvenanceStore } from "../../support/memory/MemoryProvenanceStore";
import { Policy, type PolicyInput } from "../../../shared/config/Policy";
import type { AzureActionsPort } from "../../../shared/actions/AzureActionsPort";
import { createMemoryStores } from "../../support/memory/createMemoryStores";
import type { SweepReader, SweepApi } from "../../../shared/sweep/SweepReader";
import { createSweepActivities } from "../../../orchestrations/sweep/createSweepActivities";
import { createReclaimActivities } from "../../../orchestrations/sweep/createReclaimActivities";
import { SweepActivity } from "../../../orchestrations/sweep/names";
import type { SweepDeps } from "../../../orchestrations/sweep/SweepDeps";

export const SUB = {
  corp: "c0000000-0000-4000-8000-000000000001",
  sandbox: "5a000000-0000-4000-8000-000000000002",
  decom: "de000000-0000-4000-8000-000000000003",
};

/** A tiny in-memory estate behind the SweepReader port; writes are recorded, not simulated beyond what the sweep reads. */
export function createWorld(policyOverrides: Partial<PolicyInput> = {}) {
  const policy = Policy.parse({
    managementGroups: { root: "alz", archetypes: { corp: "corp", online: "online", sandbox: "sandbox", decommissioned: "decommissioned" } },
    gpuFamilies: { quotaFamilies: ["standardNCADSA100v4Family"] },
    quotaGroup: { managementGroupId: "alz", name: "gpu-pool" },
    guardrails: {
      sandboxLifecycle: { mode: "enforce" },
      budgetAlerts: { mode: "enforce" },
      idleGpuQuota: { mode: "enforce" },
      shadowAi: { mode: "dryRun" },
      scorecard: { params: { gpuRegions: ["eastus2"] } },
    },
    sweep: { batchSize: 1, concurrency: 2 },
    ...policyOverrides,
  });
  const parent: Record<string, string> = { [SUB.corp]: "corp", [SUB.sandbox]: "sandbox" };
  const tags: Record<string, Record<string, string>> = { [SUB.corp]: { owner: "ana@contoso.com" }, [SUB.sandbox]: { owner: "bo@contoso.com" } };
  const resources = [
    { id: `/subscriptions/${SUB.sandbox}/resourceGroups/rg-play/providers/Microsoft.Compute/virtualMachines/vm1`, name: "vm1", type: "microsoft.compute/virtualmachines", location: "eastus2", subscriptionId: SUB.sandbox, resourceGroup: "rg-play", tags: {} as Record<string, string>, properties: { hardwareProfile: { vmSize: "Standard_D4s_v5" } } },
    { id: `/subscriptions/${SUB.corp}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/oai`, name: "oai", type: "microsoft.cognitiveservices/accounts", kind: "OpenAI", location: "eastus2", subscriptionId: SUB.corp, resourceGroup: "rg-ai", tags: {} as Record<string, string>, properties: { publicNetworkAccess: "Enabled" } },
  ];
  const state = { now: new Date("2025-03-01T02:00:00Z"), dailyCost: 40, quotaLimit: 100, quotaUsage: 0 };
  const calls: Record<SweepApi, number> = { resourceGraph: 0, costManagement: 0, armRead: 0, quota: 0, metrics: 0 };
  const writes: string[] = [];
  /** systemData by lower-case resource id, as an ARM GET would return it (tests set it). */
  const systemData: Record<string, Record<string, unknown>> = {};
  const reader: SweepReader = {
    async *graph(query, scope) {
      calls.resourceGraph++;
      if (query.startsWith("resourcecontainers") && query.includes("microsoft.resources/subscriptions'")) {
        for (const s of Object.keys(parent)) yield { id: `/subscriptions/${s}`, subscriptionId: s, name: `sub-${parent[s]}`, tags: tags[s], state: "Enabled", chain: [{ name: parent[s] }, { name: "alz" }] };
        return;
      }
      if (query.startsWith("resourcecontainers")) return;
      for (const r of resources) if (scope.subscriptions?.includes(r.subscriptionId)) yield r;
    },
    async *cost() {
      calls.costManagement++;
      const day = state.now.getUTCDate() - 1; // days of data this month (a day's lag)
      if (day > 0) yield { SubscriptionId: SUB.corp, ResourceGroupName: "rg-ai", PreTaxCost: state.dailyCost * day, Currency: "USD" };
    },
    async budgets(sub) {
      calls.armRead++;
      return sub === SUB.corp ? [{ id: `/subscriptions/${sub}/providers/Microsoft.Consumption/budgets/monthly`, name: "monthly", amount: 1000, timeGrain: "Monthly", currentSpend: 0, notifications: {}, tagFilters: [] }] : [];
    },
    async managementGroupBudgets() {
      calls.armRead++;
      return [];
    },
    async groupQuotaLimits(_mg, _g, location) {
      calls.quota++;
      return location === "eastus2" ? [{ family: "standardNCADSA100v4Family", limit: 400, availableLimit: 300, allocatedToSubscriptions: [{ subscriptionId: SUB.corp, quotaAllocated: state.quotaLimit }] }] : [];
    },
    async metrics() {
      calls.metrics++;
      return [];
    },
    async computeQuota() {
      calls.quota += 2;
      return [{ family: "standardNCADSA100v4Family", limit: state.quotaLimit, usage: state.quotaUsage }];
    },
    async locks() {
      calls.armRead++;
      return [];
    },
    async resourceById(id) {
      calls.armRead++;
      return systemData[id.toLowerCase()] ? { systemData: systemData[id.toLowerCase()] } : {};
    },
    async vmSizeVcpus() {
      calls.armRead++;
      return new Map([["standard_nc24ads_a100_v4", 24], ["standard_d4s_v5", 4]]);
    },
    // The corp account already sends its logs to the platform workspace (diagnosticsCoverage is quiet).
    async diagnosticSettings() {
      calls.armRead++;
      const ws = policy.guardrails.diagnosticsCoverage.params.workspaceId;
      return ws ? [{ name: "platform", workspaceId: ws, logs: ["allLogs"] }] : [];
    },
    async locationModels() {
      calls.armRead++;
      return [];
    },
    calls: () => ({ ...calls }),
  };
  const mgOf: Record<string, string> = { ...parent };
  const loose: Record<string, Record<string, string>> = {};
  const tagsOf = (id: string): Record<string, string> => resources.find((r) => r.id.toLowerCase() === id.toLowerCase())?.tags ?? (loose[id.toLowerCase()] ??= {});
  const azure: AzureActionsPort = {
    locks: async () => [],
    // Tag writes land on the resources the reader returns, as they would in Azure.
    getTags: async (id) => ({ ...tagsOf(id) }),
    mergeTags: async (id, t) => (writes.push(`tag ${id} ${Object.keys(t).join(",")}`), Object.assign(tagsOf(id), t)),
    deleteTags: async (id, n) => {
      writes.push(`untag ${id} ${n.join(",")}`);
      const current = tagsOf(id);
      for (const k of n) delete current[k];
      return { ...current };
    },
    vmPowerState: async () => "running",
    deallocateVm: async (id) => void writes.push(`deallocate ${id}`),
    amlMinNodes: async () => undefined,
    setAmlMinNodes: async (id, n) => void writes.push(`amlMin ${id} ${n}`),
    getAiAccount: async () => undefined,
    updateAiAccount: async () => ({}),
    quotaAllocation: async () => ({ limit: state.quotaLimit, usage: state.quotaUsage }),
    setQuotaAllocation: async (_g, s, _l, _f, limit) => void (writes.push(`quota ${s} ${limit}`), (state.quotaLimit = limit)),
    subscriptionParent: async (s) => mgOf[s],
    moveSubscription: async (s, mg) => void (writes.push(`move ${s} ${mg}`), (mgOf[s] = mg), (parent[s] = mg)),
    resourceGroupExists: async () => true,
    deleteResourceGroup: async (id) => void writes.push(`delete ${id}`),
    budgetExists: async () => false,
    createBudget: async (scope) => void writes.push(`budget ${scope}`),
    diagnosticSettings: async () => [],
    putDiagnosticSetting: async (id, name, spec) => (writes.push(`diagnostics ${id} ${name}`), { name, workspaceId: spec.workspaceId, logs: spec.categoryGroups }),
  };
  const notes: { title: string; kind?: string; resourceId?: string; recipients?: string[]; routedBy?: string }[] = [];
  const stores = createMemoryStores({ now: () => state.now.getTime() });
  const deps: SweepDeps = { policy, reader, stores, notifier: { notify: async (m, routing) => {
    const { recipients, routedBy } = resolveRecipients(m.recipients ?? [], routing ?? {});
    notes.push({ title: m.title, kind: m.kind, resourceId: m.resourceId, recipients, routedBy });
    return { recipients, routedBy, results: [] };
  } }, provenance: new MemoryProvenanceStore(), azure, actor: "ailz", publicBaseUrl: "http://ailz.test" };
  const started: { name: string; id: string; input: unknown }[] = [];
  const sweep = createSweepActivities(deps);
  const reclaim = createReclaimActivities(deps);
  const running = new Set<string>();
  const activities: Record<string, (input: any) => Promise<unknown>> = {
    [SweepActivity.listScope]: sweep.listScope,
    [SweepActivity.collectShared]: sweep.collectShared,
    [SweepActivity.sweepBatch]: sweep.sweepBatch,
    [SweepActivity.startReclaims]: (input) =>
      sweep.startReclaims(input, {
        async startIfAbsent(name, id, i) {
          if (running.has(id)) return "running";
          running.add(id);
          started.push({ name, id, input: i });
          return "started";
        },
      }),
    [SweepActivity.publishReport]: sweep.publishReport,
    [SweepActivity.reclaimNotify]: reclaim.reclaimNotify,
    [SweepActivity.reclaimKeep]: reclaim.reclaimKeep,
    [SweepActivity.reclaimLower]: reclaim.reclaimLower,
  };
  return { policy, state, stores, systemData, writes, notes, started, running, activities, deps, parent, tags, resources };
}
