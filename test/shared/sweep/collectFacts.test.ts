import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../../local/arm/startEmulator";
import * as clock from "../../../local/clock";
import { createLocalAzureClients } from "../../../local/azure/createLocalAzureClients";
import { Policy } from "../../../shared/config/Policy";
import { collectBatchFacts } from "../../../shared/sweep/collectBatchFacts";
import { collectCosts } from "../../../shared/sweep/collectCosts";
import { collectQuotaAllocations } from "../../../shared/sweep/collectQuotaAllocations";
import { createSweepReader } from "../../../shared/sweep/createSweepReader";
import { listScope } from "../../../shared/sweep/listScope";
import { listTaggedGroups } from "../../../shared/sweep/listTaggedGroups";
import { buildLargeEstate } from "../../support/largeEstate";

const policy = Policy.parse({
  managementGroups: { root: "alz", archetypes: { corp: "corp", online: "online", sandbox: "sandbox", decommissioned: "decommissioned" } },
  gpuFamilies: { quotaFamilies: ["standardNCADSA100v4Family"] },
  quotaGroup: { managementGroupId: "alz", name: "gpu-pool" },
  guardrails: { scorecard: { params: { gpuRegions: ["eastus2", "swedencentral"] } } },
});

describe("sweep fact collection through the SDK against the emulator", () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, eventsEnabled: false });
    emu.emulator.replaceState(buildLargeEstate({ subscriptions: 120, resources: 3000, today: clock.nowDate().toISOString().slice(0, 10) }));
  });
  afterAll(async () => emu?.close());

  it("lists the scope in one query, costs in management-group queries (month to date, the forecast's seven-day history, one per budgetAlerts tag group), quota only where it is held", async () => {
    const reader = createSweepReader(createLocalAzureClients(emu.url));
    const subs = await listScope(reader, policy);
    expect(subs).toHaveLength(120);
    expect(new Set(subs.map((s) => s.archetype))).toEqual(new Set(["corp", "online", "sandbox"]));
    expect(subs[0]!.managementGroupPath[0]).toBe("alz");
    expect(reader.calls().resourceGraph).toBe(1);

    const costs = await collectCosts(reader, policy, clock.nowDate());
    const tagGroups = policy.guardrails.budgetAlerts.params.tagGroups;
    expect(tagGroups.length).toBeGreaterThan(0);
    expect(reader.calls().costManagement).toBe(2 + tagGroups.length);
    // The tag group's query covers all the estate's spend: its lines add up to the subscriptions' month to date.
    const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
    for (const tag of tagGroups) expect(sum((costs.tagSpend ?? []).filter((t) => t.tag === tag).map((t) => t.actual))).toBe(sum(Object.values(costs.bySubscription).flatMap((g) => Object.values(g))));
    if (costs.daysWithData > 0) expect(Object.keys(costs.bySubscription).length).toBe(120);
    expect(Object.keys(costs.recentDaily).length).toBe(120);

    const allocations = await collectQuotaAllocations(reader, policy);
    expect(allocations.map((a) => a.subscriptionId).sort()).toEqual(["sub-0", "sub-50", "sub-100"].map((n) => subs.find((s) => s.name === n)!.id).sort());
    expect(reader.calls().quota).toBe(2); // one group read per region

    // Tagged groups: one query for the whole scope, not one per batch.
    const beforeGroups = reader.calls().resourceGraph;
    const taggedGroups = await listTaggedGroups(reader, policy);
    expect(reader.calls().resourceGraph - beforeGroups).toBe(1);

    const before = reader.calls();
    const streamed: string[][] = [];
    const facts = await collectBatchFacts(reader, policy, subs, { allocations, taggedGroups }, { onSubscriptionResources: (rs) => streamed.push(rs.map((r) => r.subscriptionId)) });
    const after = reader.calls();
    // Each subscription's resources are handed over once, whole, while the graph pages (so metrics reads can start early).
    expect(streamed.flat()).toEqual(facts.resources.map((r) => r.subscriptionId));
    expect(streamed.every((ids) => new Set(ids).size === 1)).toBe(true);
    expect(new Set(streamed.map((ids) => ids[0])).size).toBe(streamed.length);
    expect(streamed.length).toBeGreaterThan(100);
    // The resource pages and one sandbox-changes query; the tagged groups came from the scope-wide read.
    expect(after.resourceGraph - before.resourceGraph).toBeLessThanOrEqual(Math.ceil(facts.resources.length / 1000) + 1);
    expect(after.quota - before.quota).toBe(6); // usages + quotas for each of the three allocated pairs only
    expect(facts.quota).toHaveLength(3);
    expect(facts.budgets).toHaveLength(60);
    // Sandbox subscriptions contribute every resource; elsewhere only the sweep's types.
    // (storage accounts are a sweep type for privateLinkCoverage; web apps are not).
    expect(facts.resources.some((r) => r.type === "microsoft.compute/disks" && r.archetype === "sandbox")).toBe(true);
    expect(facts.resources.some((r) => r.type === "microsoft.compute/disks" && r.archetype === "corp")).toBe(false);
    expect(facts.resources.some((r) => r.type === "microsoft.storage/storageaccounts" && r.archetype === "corp")).toBe(true);
  });
});
