import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../local/arm/startEmulator";
import { buildDemoEstate } from "../../../local/demo/buildDemoEstate";
import { expectationsFor, ids } from "../../support/demoExpectations";
import { demoHistory } from "../../../local/demo/seedHistory";
import { createLocalAzureClients } from "../../../local/azure/createLocalAzureClients";
import { loadPolicy } from "../../../shared/config/loadPolicy";
import type { Policy } from "../../../shared/config/Policy";
import type { BatchFacts } from "../../../shared/sweep/BatchFacts";
import { collectBatchFacts } from "../../../shared/sweep/collectBatchFacts";
import { collectCosts } from "../../../shared/sweep/collectCosts";
import { collectQuotaAllocations } from "../../../shared/sweep/collectQuotaAllocations";
import type { CostFacts } from "../../../shared/sweep/CostFacts";
import { createSweepReader } from "../../../shared/sweep/createSweepReader";
import { evaluateBatch } from "../../../shared/sweep/evaluateBatch";
import type { BatchMemory } from "../../../shared/sweep/BatchMemory";
import { isDeallocatedVm } from "../../../shared/sweep/isDeallocatedVm";
import { listScope } from "../../../shared/sweep/listScope";
import { listTaggedGroups } from "../../../shared/sweep/listTaggedGroups";
import { MemoryProvenanceStore } from "../../support/memory/MemoryProvenanceStore";
import { resolveProvenance } from "../../../shared/sweep/provenance/resolveProvenance";
import type { SubscriptionFacts } from "../../../shared/estate/SubscriptionFacts";
import type { SweepReader } from "../../../shared/sweep/SweepReader";
import { computeScorecard } from "../../../shared/report/computeScorecard";

// The sweep's own pieces (reader over the SDK, provenance, evaluateBatch) on the demo estate: the
// shadow-AI findings must be exactly the expectations' fire list, deallocated GPU VMs must carry
// their size's cores and their real deallocation date.
const real = new Date();
const NOW = new Date(Date.UTC(real.getUTCFullYear(), real.getUTCMonth() + 1, 20, 9, 30));
const OWN = "00000000-0000-0000-0000-0000000a11ce";

let emu: RunningEmulator;
let policy: Policy;
let reader: SweepReader;
let subs: SubscriptionFacts[];
let raw: BatchFacts;
let costs: CostFacts;
const store = new MemoryProvenanceStore();

beforeAll(async () => {
  policy = loadPolicy(path.join(__dirname, "../../../guardrails.yaml"), { env: {} });
  emu = await startEmulator({ port: 0, estate: buildDemoEstate(NOW), eventsEnabled: false });
  const res = await fetch(`${emu.url}/_emulator/clock`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: NOW.toISOString() }) });
  expect(res.status).toBe(200);
  reader = createSweepReader(createLocalAzureClients(emu.url, { AILZ_ARM_RETRY_DELAY_MS: "20" }));
  subs = await listScope(reader, policy);
  const allocations = await collectQuotaAllocations(reader, policy);
  costs = await collectCosts(reader, policy, NOW);
  raw = await collectBatchFacts(reader, policy, subs, { allocations, taggedGroups: await listTaggedGroups(reader, policy) });
}, 120_000);
afterAll(async () => emu?.close());

async function evaluate(dryRun: boolean) {
  const before = reader.calls().armRead;
  const p = await resolveProvenance(raw.resources, policy, { store, resourceById: (id) => reader.resourceById(id), ownIdentity: OWN, now: NOW, dryRun });
  const facts = { ...raw, resources: p.resources };
  const history = demoHistory(NOW);
  const vcpus: Record<string, number> = {};
  for (const vm of facts.resources.filter(isDeallocatedVm)) for (const [k, v] of await reader.vmSizeVcpus(vm.subscriptionId, vm.location)) vcpus[k] = v;
  const memory: BatchMemory = {
    sandboxStates: [], activities: history.sandboxActivity, firedKeys: [], reclaims: [], locks: {}, vcpusBySize: vcpus, exemptions: [],
    samples: history.quotaSamples,
  };
  return { p, e: evaluateBatch(policy, NOW, subs, facts, costs, memory), reads: reader.calls().armRead - before };
}

describe("the sweep on the demo estate", () => {
  it("a dry run reads systemData of AI/GPU resources but caches nothing", async () => {
    const { p } = await evaluate(true);
    expect(p.read).toBeGreaterThan(0);
    expect(p.read).toBeLessThan(raw.resources.length / 10);
    expect((await store.forSubscription(subs[0]!.id)).size).toBe(0);
  });

  it("flags exactly the expected shadow AI resources with the expected rules, reading systemData once", async () => {
    const first = await evaluate(false);
    const fired = new Map<string, string[]>();
    for (const d of first.e.decisions.filter((d) => d.guardrail === "shadowAi")) fired.set(d.resourceId, [...(fired.get(d.resourceId) ?? []), d.rule!]);
    const expected = expectationsFor("shadowAi").filter((x) => x.fire);
    expect([...fired.keys()].sort()).toEqual(expected.map((x) => x.id).sort());
    for (const x of expected) expect(fired.get(x.id)!.sort()).toEqual([...x.rules].sort());
    expect(first.e.decisions.some((d) => /unknown identity/.test(d.reason))).toBe(false);

    // Later nights use the cache: no systemData reads for resources already known.
    const second = await evaluate(false);
    expect(second.p.read).toBe(0);
    expect(second.e.decisions.filter((d) => d.guardrail === "shadowAi").length).toBe(first.e.decisions.filter((d) => d.guardrail === "shadowAi").length);
  });

  it("reports deallocated GPU VMs with their size's cores and their deallocation date", async () => {
    const { e } = await evaluate(false);
    const holders = new Map(e.decisions.filter((d) => d.rule === "deallocatedQuotaHolder").map((d) => [d.resourceId, d]));
    const expected = expectationsFor("idleGpuQuota").filter((x) => x.fire && x.rules.includes("deallocatedQuotaHolder"));
    expect([...holders.keys()].sort()).toEqual(expected.map((x) => x.id).sort());
    expect(holders.get(ids.docA100)!.evidence["vcpus"]).toBe(24);
    expect(holders.get(ids.docA100)!.evidence["days"]).toBe(33);
    expect(holders.get(ids.analyticsT4)!.evidence["vcpus"]).toBe(4);
    expect(holders.get(ids.analyticsT4)!.evidence["days"]).toBe(38);
    expect(holders.has(ids.chatA100Recent)).toBe(false);
  });

  it("counts deployers for the automation row; unknown deployers are counted apart", async () => {
    const { e } = await evaluate(false);
    expect(e.counts.aiResourcesUnknownDeployer).toBe(0);
    expect(e.counts.aiResourcesByApprovedDeployer).toBeGreaterThan(0);
    const row = computeScorecard(e.counts, 0, undefined, policy).find((r) => r.area === "automation")!;
    expect(row.measure).toMatch(/^\d+ of \d+ AI resources created by approved pipeline identities/);

    const unknown = evaluateBatch(policy, NOW, subs, raw, costs, { sandboxStates: [], activities: [], firedKeys: [], reclaims: [], locks: {}, vcpusBySize: {}, exemptions: [], samples: [] });
    expect(unknown.counts.aiResourcesUnknownDeployer).toBe(unknown.counts.aiResources);
    expect(unknown.decisions.filter((d) => d.rule === "unapprovedDeployer")).toEqual([]);
  });
});
