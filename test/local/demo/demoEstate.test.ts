import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../local/arm/startEmulator";
import { buildDemoEstate, DEMO_RESOURCE_TARGET } from "../../../local/demo/buildDemoEstate";
import { DEMO_SUBSCRIPTIONS, subId } from "../../../local/demo/demoIds";
import { DEMO_EXPECTATIONS, expectationsFor, ids, type GuardrailName } from "../../support/demoExpectations";
import { demoHistory } from "../../../local/demo/seedHistory";
import { DEMO_ALLOCATIONS } from "../../../local/demo/quotaPlan";
import type { EstateJson } from "../../../local/arm/state/schemas";
import type { AzureClients } from "../../../shared/azure/clientFactory";
import { createLocalAzureClients } from "../../../local/azure/createLocalAzureClients";
import { queryAll } from "../../../shared/azure/resourceGraph/queryResources";
import { getResourceById } from "../../../shared/azure/resources/getResourceById";
import { listSubscriptionIdsUnder } from "../../support/listSubscriptionIdsUnder";
import { listBudgets } from "../../../shared/azure/consumption/budgets";
import { queryCost } from "../../../shared/azure/costManagement/queryCost";
import { listComputeQuota } from "../../../shared/azure/quota/listComputeQuota";
import { listLocks } from "../../../shared/azure/locks/listLocks";
import { loadPolicy } from "../../../shared/config/loadPolicy";
import { archetypeOf } from "../../../shared/config/archetypeOf";
import type { Policy } from "../../../shared/config/Policy";
import { toResourceFacts, type ArmResourceLike } from "../../../shared/estate/toResourceFacts";
import { SubscriptionFacts } from "../../../shared/estate/SubscriptionFacts";
import type { ResourceFacts } from "../../../shared/estate/ResourceFacts";
import type { Decision } from "../../../shared/estate/Decision";
import type { BudgetFacts } from "../../../shared/estate/BudgetFacts";
import { aiResourceKind } from "../../../shared/guardrails/aiResourceKind";
import { evaluateAiHardening } from "../../../shared/guardrails/aiHardening/evaluateAiHardening";
import { evaluateBudgetAlerts } from "../../../shared/guardrails/budgetAlerts/evaluateBudgetAlerts";
import { evaluateIdleGpuQuota } from "../../../shared/guardrails/idleGpuQuota/evaluateIdleGpuQuota";
import { quotaResourceId } from "../../../shared/guardrails/idleGpuQuota/quotaResourceId";
import { evaluateRequiredTags } from "../../../shared/guardrails/requiredTags/evaluateRequiredTags";
import { evaluateDiagnosticsCoverage } from "../../../shared/guardrails/diagnosticsCoverage/evaluateDiagnosticsCoverage";
import { collectDiagnosticSettings } from "../../../shared/sweep/collectDiagnosticSettings";
import { collectRegionFacts } from "../../../shared/sweep/collectRegionFacts";
import { evaluateMultiRegionReadiness } from "../../../shared/guardrails/multiRegionReadiness/evaluateMultiRegionReadiness";
import { createSweepReader } from "../../../shared/sweep/createSweepReader";
import { evaluatePrivateLinkCoverage } from "../../../shared/guardrails/privateLinkCoverage/evaluatePrivateLinkCoverage";
import { evaluateShadowAi } from "../../../shared/guardrails/shadowAi/evaluateShadowAi";
import { nextSandboxState } from "../../../shared/guardrails/sandboxLifecycle/nextSandboxState";
import { sandboxIdOf } from "../../../shared/guardrails/sandboxIdOf";
import { decide } from "../../../shared/engine/decide";
import { forecastOf } from "../../../shared/sweep/collectCosts";
import { collectGpuCosts } from "../../../shared/sweep/collectGpuCosts";
import { gpuUtilisationCollector } from "../../../shared/sweep/collectGpuUtilisation";
import type { SweepBatch } from "../../../shared/sweep/SweepBatch";
import type { BatchMemory } from "../../../shared/sweep/BatchMemory";
import { CostFacts } from "../../../shared/sweep/CostFacts";
import { evaluateIdleGpuCompute } from "../../../shared/guardrails/idleGpuCompute/evaluateIdleGpuCompute";

// The demo estate loaded into the emulator and read back through the real SDK adapters; the pure
// guardrails evaluated on facts built from what the adapters return must fire exactly on the
// expectation list.

// The emulator's clock only moves forward: build the estate for the 20th of next month, 09:30 UTC
// (mid-month, so month-to-date budget percentages are meaningful) and move the clock there.
const real = new Date();
const NOW = new Date(Date.UTC(real.getUTCFullYear(), real.getUTCMonth() + 1, 20, 9, 30));
const DAY = 86_400_000;

let estate: EstateJson;
let emu: RunningEmulator;
let clients: AzureClients;
let policy: Policy;
let subs: SubscriptionFacts[];
let facts: ResourceFacts[];
let groups: { id: string; subscriptionId: string; tags: Record<string, string> }[];
const fired = new Map<GuardrailName, Map<string, Decision[]>>();

function record(guardrail: GuardrailName, decisions: Decision[]): void {
  const byId = fired.get(guardrail) ?? new Map<string, Decision[]>();
  fired.set(guardrail, byId);
  for (const d of decisions) {
    if (d.verdict === "ok") continue;
    const list = byId.get(d.resourceId) ?? [];
    list.push(d);
    byId.set(d.resourceId, list);
  }
}

beforeAll(async () => {
  estate = buildDemoEstate(NOW);
  policy = loadPolicy(path.join(__dirname, "../../../guardrails.yaml"), { env: {} });
  emu = await startEmulator({ port: 0, estate, eventsEnabled: false });
  // The estate is built relative to NOW; the emulator's clock (cost "today", budgets) must agree.
  const res = await fetch(`${emu.url}/_emulator/clock`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: NOW.toISOString() }) });
  expect(res.status).toBe(200);
  clients = createLocalAzureClients(emu.url, { AILZ_ARM_RETRY_DELAY_MS: "20" });

  const containers = await queryAll<{ subscriptionId: string; name: string; tags: Record<string, string>; properties: { managementGroupAncestorsChain: { name: string }[] } }>(clients.resourceGraph(), {
    query: "resourcecontainers | where type == 'microsoft.resources/subscriptions' | project id, subscriptionId, name, tags, properties | order by id asc",
  });
  subs = containers.map((c) => {
    const mgPath = c.properties.managementGroupAncestorsChain.map((m) => m.name).reverse();
    return SubscriptionFacts.parse({ id: c.subscriptionId, name: c.name, managementGroupPath: mgPath, tags: c.tags, archetype: archetypeOf(mgPath, policy.managementGroups) });
  });
  const bySub = new Map(subs.map((s) => [s.id, s]));
  const rows = await queryAll<ArmResourceLike & { subscriptionId: string }>(clients.resourceGraph(), {
    query: "resources | project id, name, type, location, subscriptionId, kind, sku, tags, properties, identity, managedBy | order by id asc",
  });
  groups = await queryAll<{ id: string; subscriptionId: string; tags: Record<string, string> | null }>(clients.resourceGraph(), {
    query: "resourcecontainers | where type == 'microsoft.resources/subscriptions/resourcegroups' | project id, subscriptionId, tags | order by id asc",
  }).then((rows) => rows.map((r) => ({ ...r, tags: r.tags ?? {} })));
  // Resource Graph rows carry no systemData: read AI resources and VMs through ARM for their creator.
  facts = [];
  for (const row of rows) {
    const sub = bySub.get(row.subscriptionId);
    let f = toResourceFacts(row, sub);
    if (aiResourceKind(f, policy) || f.type === "microsoft.compute/virtualmachines") {
      const full = await getResourceById(clients.resources(f.subscriptionId), row.id);
      f = toResourceFacts({ ...row, systemData: (full as { systemData?: ArmResourceLike["systemData"] } | undefined)?.systemData }, sub);
    }
    facts.push(f);
  }
}, 120_000);
afterAll(async () => {
  await emu?.close();
});

describe("demo estate", () => {
  it("is deterministic for the same now and changes with now", () => {
    expect(JSON.stringify(buildDemoEstate(NOW))).toBe(JSON.stringify(estate));
    expect(JSON.stringify(buildDemoEstate(new Date(NOW.getTime() + DAY)))).not.toBe(JSON.stringify(estate));
  });

  it("has 25 subscriptions and about 2,000 resources visible through Resource Graph, counted by type", async () => {
    expect(subs).toHaveLength(25);
    expect(facts.length).toBe(estate.resources!.length);
    expect(facts.length).toBeGreaterThan(DEMO_RESOURCE_TARGET * 0.95);
    const counts = await queryAll<{ type: string; count_: number }>(clients.resourceGraph(), { query: "resources | summarize count() by type" });
    const expected = new Map<string, number>();
    for (const r of estate.resources!) expected.set(r.type.toLowerCase(), (expected.get(r.type.toLowerCase()) ?? 0) + 1);
    expect(new Map(counts.map((c) => [c.type, Number(c.count_)]))).toEqual(expected);
    expect(expected.get("microsoft.cognitiveservices/accounts")).toBeGreaterThanOrEqual(8);
    expect(facts.filter((f) => f.type === "microsoft.compute/virtualmachines" && /^Standard_N/.test(String((f.properties.hardwareProfile as { vmSize?: string })?.vmSize))).length).toBeGreaterThanOrEqual(12);
  });

  it("places subscriptions on the landing-zone hierarchy", async () => {
    const mg = clients.managementGroups();
    const under = async (name: string) => (await listSubscriptionIdsUnder(mg, name)).map((s) => s.toLowerCase()).sort();
    const want = (mgs: string[]) => DEMO_SUBSCRIPTIONS.filter((s) => mgs.includes(s.mg)).map((s) => subId(s.n)).sort();
    expect(await under("sandbox")).toEqual(want(["sandbox"]));
    expect(await under("corp")).toEqual(want(["corp"]));
    expect(await under("platform")).toEqual(want(["identity", "management", "connectivity"]));
    expect(await under("alz")).toHaveLength(25);
    const archetypes = Object.fromEntries(subs.map((s) => [s.id, s.archetype]));
    expect(archetypes[subId(51)]).toBe("none");
    expect(archetypes[subId(52)]).toBe("corp");
    expect(subs.find((s) => s.id === subId(52))!.tags).toEqual({});
  });

  it("exposes the hub network named in guardrails.yaml, the quota group and a lock", async () => {
    const hub = await getResourceById(clients.resources(subId(3)), policy.vending!.network.hubVnetId!);
    expect(hub?.name).toBe("vnet-hub-eastus2");
    const locks = await listLocks(clients.locks(subId(36)), `/subscriptions/${subId(36)}/resourceGroups/rg-sbx-frank/providers/Microsoft.Storage/storageAccounts/stsbxfrank`);
    expect(locks.map((l) => l.level)).toEqual(["CanNotDelete"]);
    const q = await listComputeQuota(clients.quota(subId(13)), subId(13), "eastus2");
    const a100 = q.find((f) => f.family === "standardNCADSA100v4Family");
    expect(a100).toMatchObject({ limit: 192, usage: 24 });
  });

  it("has every expectation's subject in the estate", () => {
    const resourceIds = new Set(facts.map((f) => f.id.toLowerCase()));
    const subscriptionIds = new Set(subs.map((s) => `/subscriptions/${s.id}`));
    const groupIds = new Set(groups.map((g) => g.id.toLowerCase()));
    for (const e of DEMO_EXPECTATIONS) {
      const id = e.id.toLowerCase();
      if (id.includes("/providers/microsoft.quota/")) continue;
      expect(resourceIds.has(id) || subscriptionIds.has(id) || groupIds.has(id), `${e.guardrail} ${e.id}`).toBe(true);
    }
    for (const g of ["shadowAi", "aiHardening", "requiredTags", "idleGpuQuota", "sandboxLifecycle", "budgetAlerts", "privateLinkCoverage", "diagnosticsCoverage", "multiRegionReadiness", "idleGpuCompute"] as const) {
      expect(expectationsFor(g).filter((e) => e.fire).length, g).toBeGreaterThanOrEqual(2);
      expect(expectationsFor(g).filter((e) => !e.fire).length, g).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("guardrails over the demo estate fire exactly on the expectation list", () => {
  beforeAll(async () => {
    const bySub = new Map(subs.map((s) => [s.id, s]));
    for (const f of facts) {
      const sub = bySub.get(f.subscriptionId);
      record("shadowAi", evaluateShadowAi({ resource: f, subscription: sub }, policy, NOW));
      record("aiHardening", evaluateAiHardening({ resource: f, subscription: sub }, policy, NOW));
      record("requiredTags", evaluateRequiredTags({ resource: f }, policy, NOW));
    }
    record("privateLinkCoverage", evaluatePrivateLinkCoverage(facts, subs, policy.guardrails.privateLinkCoverage.params, policy));
    // Diagnostic settings are not in Resource Graph: the sweep's collector reads them through the SDK.
    const settings = await collectDiagnosticSettings(createSweepReader(clients), policy, facts);
    record("diagnosticsCoverage", evaluateDiagnosticsCoverage(facts, settings, policy.guardrails.diagnosticsCoverage.params, policy));

    const history = demoHistory(NOW, estate);
    const samples = history.quotaSamples;
    const allocations = [];
    for (const a of DEMO_ALLOCATIONS) {
      const sid = subId(DEMO_SUBSCRIPTIONS.find((s) => s.key === a.sub)!.n);
      const q = (await listComputeQuota(clients.quota(sid), sid, a.location)).find((f) => f.family.toLowerCase() === a.family.toLowerCase());
      const oldest = samples.filter((s) => s.subscriptionId === sid && s.location === a.location && s.family === a.family).reduce((m, s) => Math.min(m, Date.parse(s.at)), NOW.getTime());
      allocations.push({ subscriptionId: sid, location: a.location, family: a.family, limit: q?.limit ?? 0, currentUsage: q?.usage ?? 0, allocatedAt: new Date(oldest).toISOString() });
    }
    const deallocatedVms = facts
      .filter((f) => f.type === "microsoft.compute/virtualmachines" && /deallocated/i.test(JSON.stringify((f.properties.extended as object | undefined) ?? {})))
      .map((f) => ({ id: f.id, subscriptionId: f.subscriptionId, location: f.location, vmSize: String((f.properties.hardwareProfile as { vmSize: string }).vmSize), vcpus: 0, deallocatedAt: f.lastModifiedAt! }));
    record("idleGpuQuota", evaluateIdleGpuQuota({ samples, allocations, deallocatedVms }, policy, NOW));
    // Failover regions: the sweep's collector reads the models listings and quota through the SDK.
    const readings = allocations.map((a) => ({ subscriptionId: a.subscriptionId, location: a.location, family: a.family, usage: a.currentUsage, limit: a.limit }));
    const regionFacts = await collectRegionFacts(createSweepReader(clients), policy, subs, facts, readings);
    record("multiRegionReadiness", evaluateMultiRegionReadiness(subs, facts, readings, regionFacts, policy.guardrails.multiRegionReadiness.params, policy));

    for (const s of subs.filter((x) => x.archetype === "sandbox")) {
      const id = `/subscriptions/${s.id}`;
      const act = history.sandboxActivity.find((a) => a.sandboxId === id);
      const locked = [];
      for (const f of facts.filter((x) => x.subscriptionId === s.id && x.type === "microsoft.storage/storageaccounts")) {
        if ((await listLocks(clients.locks(s.id), f.id)).length > 0) locked.push(f.id);
      }
      const t = nextSandboxState(undefined, { id, kind: "subscription", tags: s.tags, resources: facts.filter((f) => f.subscriptionId === s.id), recordedActivity: act ? { at: act.at } : undefined, lockedResourceIds: locked }, policy, NOW);
      // The engine's own decide step reads the subscription's ailz-exempt tag (the sweep runs it the same way).
      record("sandboxLifecycle", decide(t.decisions, policy, NOW, { subscriptionOf: () => s, tagsOf: () => undefined, exemptions: [] }).decisions);
    }
    // Resource-group sandboxes: recognised the way the event path and the sweep do (sandboxIdOf).
    for (const g of groups) {
      const sub = subs.find((s) => s.id === g.subscriptionId.toLowerCase() || s.id === g.subscriptionId);
      const where = sandboxIdOf(`${g.id}/providers/Microsoft.Storage/storageAccounts/x`, sub, g.tags, policy);
      if (where?.kind !== "resourceGroup") continue;
      const act = history.sandboxActivity.find((a) => a.sandboxId.toLowerCase() === where.id.toLowerCase());
      const inside = facts.filter((f) => f.id.toLowerCase().startsWith(`${where.id.toLowerCase()}/`));
      const t = nextSandboxState(undefined, { id: where.id, kind: "resourceGroup", tags: g.tags, resources: inside, recordedActivity: act ? { at: act.at } : undefined, lockedResourceIds: [] }, policy, NOW);
      record("sandboxLifecycle", t.decisions);
    }

    const spend = new Map<string, number>();
    for await (const row of queryCost(clients.costManagement(), { scope: "/providers/Microsoft.Management/managementGroups/alz", timeframe: "MonthToDate", groupBy: [{ dimension: "SubscriptionId" }], costColumn: "PreTaxCost" })) {
      spend.set(String(row.SubscriptionId).toLowerCase(), Number(row.PreTaxCost));
    }
    const daysWithData = NOW.getUTCDate() - 1;
    const daysInPeriod = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + 1, 0)).getUTCDate();
    const periodStart = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), 1)).toISOString().slice(0, 10);
    const budgets: BudgetFacts[] = [];
    for (const s of subs) {
      for await (const b of listBudgets(clients.consumption(s.id), `/subscriptions/${s.id}`)) {
        const actual = spend.get(s.id) ?? 0;
        budgets.push({ id: b.id, scope: `/subscriptions/${s.id}`, scopeType: "subscription", amount: b.amount, currency: "USD", periodStart, actual, forecast: forecastOf(actual, actual / Math.max(1, daysWithData), { daysWithData, daysInPeriod, recentDays: 7, currency: "USD" }).total, daysWithData, owners: [], topDrivers: [] });
      }
    }
    // idleGpuCompute reads Azure Monitor for the running GPU compute and one cost query, as the sweep does.
    const reader = createSweepReader(clients);
    const metrics = gpuUtilisationCollector(reader, policy, NOW);
    metrics.add(facts);
    const gpu = await metrics.done();
    const gpuMonthlyCost = await collectGpuCosts(reader, policy, NOW);
    expect(reader.calls().metrics).toBeGreaterThan(0);
    const costs = CostFacts.parse({ periodStart: NOW.toISOString().slice(0, 8) + "01", daysWithData: NOW.getUTCDate() - 1, daysInPeriod: 30, bySubscription: {} });
    const memory: BatchMemory = { sandboxStates: [], activities: [], firedKeys: [], reclaims: [], locks: {}, vcpusBySize: {}, exemptions: [], samples: [] };
    const batch: SweepBatch = { subscriptions: subs, facts: { resources: facts, sandboxGroups: [], exemptGroups: [], budgets: [], quota: [], gpu, gpuMonthlyCost }, costs, memory };
    record("idleGpuCompute", evaluateIdleGpuCompute(batch, policy.guardrails.idleGpuCompute.params, policy, NOW));

    record("budgetAlerts", evaluateBudgetAlerts({ budgets, fired: [], subscriptions: subs.filter((s) => s.archetype !== "decommissioned") }, policy, NOW));
  }, 120_000);

  for (const g of ["shadowAi", "aiHardening", "requiredTags", "idleGpuQuota", "sandboxLifecycle", "budgetAlerts", "privateLinkCoverage", "diagnosticsCoverage", "multiRegionReadiness", "idleGpuCompute"] as const) {
    it(g, () => {
      const got = fired.get(g) ?? new Map<string, Decision[]>();
      const want = expectationsFor(g);
      expect([...got.keys()].map((k) => k.toLowerCase()).sort()).toEqual(want.filter((e) => e.fire).map((e) => e.id.toLowerCase()).sort());
      for (const e of want) {
        const decisions = got.get(e.id) ?? [];
        if (!e.fire) {
          expect(decisions, `${g} should not fire on ${e.id}: ${e.why}`).toEqual([]);
          continue;
        }
        const rules = new Set(decisions.map((d) => d.rule));
        for (const r of e.rules) expect(rules.has(r), `${g} ${e.id} rule ${r} (${e.why}); fired ${[...rules].join(",")}`).toBe(true);
        if (g === "budgetAlerts" && !e.rules.includes("missingBudget")) {
          expect([...rules].filter((r) => r?.startsWith("actual-")).sort(), e.why).toEqual([...e.rules].sort());
        }
        expect(decisions.every((d) => (d.exemption !== undefined) === e.exempted), `${e.id} exempted=${e.exempted}`).toBe(true);
      }
    });
  }

  it("the idle resource-group sandbox is found by its tag and, after the notice period, loses its VM and then the group", () => {
    const g = groups.find((x) => x.id.toLowerCase() === ids.idleSandboxGroup.toLowerCase())!;
    expect(g.tags["ailz-sandbox"]).toBe("true");
    expect(g.tags["owner"]).toBe("jun@contoso.com");
    const history = demoHistory(NOW, estate);
    const act = history.sandboxActivity.find((a) => a.sandboxId === ids.idleSandboxGroup)!;
    const inside = facts.filter((f) => f.id.toLowerCase().startsWith(`${ids.idleSandboxGroup.toLowerCase()}/`));
    expect(inside.map((f) => f.type).sort()).toEqual(["microsoft.compute/disks", "microsoft.compute/virtualmachines", "microsoft.network/networkinterfaces", "microsoft.storage/storageaccounts"]);
    const sb = { id: ids.idleSandboxGroup, kind: "resourceGroup" as const, tags: g.tags, resources: inside, recordedActivity: { at: act.at }, lockedResourceIds: [] };
    const first = nextSandboxState(undefined, sb, policy, NOW);
    expect(first.state.status).toBe("Flagged");
    const later = nextSandboxState(first.state, sb, policy, new Date(NOW.getTime() + 2 * DAY));
    expect(later.state.status).toBe("Decommissioned");
    expect(later.decisions.map((d) => d.action)).toEqual([
      { type: "deallocate", vmId: ids.idleSandboxGroupVm },
      { type: "deleteResourceGroup", resourceGroupId: ids.idleSandboxGroup },
    ]);
  });

  it("idle quota reclaims lower to ceil(peak x 1.25)", () => {
    const d = fired.get("idleGpuQuota")!.get(quotaResourceId(subId(13), "eastus2", "standardNCADSA100v4Family"))!;
    expect(d[0]!.action).toMatchObject({ type: "lowerQuotaAllocation", fromLimit: 192, toLimit: 30 });
  });
});
