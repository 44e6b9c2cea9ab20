import { describe, expect, it } from "vitest";
import { BudgetMap } from "../../../local/arm/state/BudgetMap";
import { costRecordsOfSubscription } from "../../../local/arm/state/costIndex";
import { EstateState } from "../../../local/arm/state/EstateState";
import type { ArmResource, CostRecord } from "../../../local/arm/state/schemas";

const budget = (scope: string, name: string): [string, ArmResource] => {
  const id = `${scope}/providers/Microsoft.Consumption/budgets/${name}`;
  return [id.toLowerCase(), { id, name, type: "Microsoft.Consumption/budgets" } as ArmResource];
};
const prefixOf = (scope: string) => `${scope}/providers/microsoft.consumption/budgets`.toLowerCase();
/** What the list route selected before the index: every key starting with the prefix, in map order. */
const scanned = (m: Map<string, ArmResource>, prefix: string) => [...m.entries()].filter(([k]) => k.startsWith(prefix)).map(([k]) => k);

describe("BudgetMap", () => {
  it("lists a scope's budgets like a scan of every key, in insertion order, after sets, replacements and deletes", () => {
    const m = new BudgetMap();
    const scopes = ["/subscriptions/A", "/subscriptions/a/resourceGroups/rg", "/subscriptions/B", "/providers/Microsoft.Management/managementGroups/corp"];
    for (let i = 0; i < 12; i++) m.set(...budget(scopes[i % scopes.length]!, `b${i}`));
    m.set(...budget("/subscriptions/A", "b0")); // replacement keeps its place
    m.delete(budget("/subscriptions/A", "b4")[0]);
    m.set(...budget("/subscriptions/A", "b4")); // re-added: now last
    m.set("/odd/id/without/marker", { id: "/odd", name: "odd", type: "t" } as ArmResource);
    for (const s of [...scopes, "/subscriptions/none"]) {
      const p = prefixOf(s);
      expect(m.entriesWithPrefix(p).map(([k]) => k)).toEqual(scanned(m, p));
    }
    expect(m.entriesWithPrefix(prefixOf("/subscriptions/a")).map(([, d]) => d.name)).toEqual(["b0", "b8", "b4"]);
    m.clear();
    expect(m.entriesWithPrefix(prefixOf("/subscriptions/a"))).toEqual([]);
  });

  it("falls back to a scan for prefixes it does not index", () => {
    const m = new BudgetMap();
    m.set(...budget("/subscriptions/a", "x"));
    expect(m.entriesWithPrefix("/subscriptions/a").map(([k]) => k)).toEqual(["/subscriptions/a/providers/microsoft.consumption/budgets/x"]);
  });
});

describe("costRecordsOfSubscription", () => {
  const rec = (subscriptionId: string, date: string, cost: number): CostRecord => ({
    date, subscriptionId, resourceGroup: "rg", resourceId: "", resourceType: "t", location: "eastus", meterCategory: "m", tags: {}, cost, currency: "USD",
  });

  it("follows appends and a replaced array, matching case-insensitively and keeping order", () => {
    const state = new EstateState({ subscriptions: [{ subscriptionId: "SUB-1", displayName: "s" }] });
    state.costRecords = [rec("SUB-1", "2026-01-01", 1), rec("sub-2", "2026-01-01", 2)];
    expect(costRecordsOfSubscription(state, "sub-1").map((r) => r.cost)).toEqual([1]);
    state.costRecords.push(rec("sub-1", "2026-01-02", 3), rec("sub-2", "2026-01-02", 4));
    expect(costRecordsOfSubscription(state, "Sub-1").map((r) => r.cost)).toEqual([1, 3]);
    expect(costRecordsOfSubscription(state, "sub-2").map((r) => r.cost)).toEqual([2, 4]);
    state.costRecords = [rec("sub-2", "2026-01-03", 5)];
    expect(costRecordsOfSubscription(state, "sub-1")).toEqual([]);
    expect(costRecordsOfSubscription(state, "sub-2").map((r) => r.cost)).toEqual([5]);
  });
});

describe("quota limits by subscription and region", () => {
  it("sees limits appended, changed in place and replaced, case-insensitively and in order", async () => {
    const { configuredLimit, limitsFor, setSubscriptionLimit } = await import("../../../local/arm/state/quotaLimits");
    const state = new EstateState({ subscriptions: [{ subscriptionId: "SUB-1", displayName: "s" }] });
    state.quotaLimits = [
      { subscriptionId: "SUB-1", location: "EastUS", family: "standardDSv3Family", limit: 10 },
      { subscriptionId: "sub-2", location: "eastus", family: "standardDSv3Family", limit: 20 },
    ];
    expect(limitsFor(state, "sub-1", "eastus")).toEqual([{ family: "standardDSv3Family", limit: 10 }]);
    setSubscriptionLimit(state, "sub-1", "EASTUS", "standardNCADSA100v4Family", 96);
    setSubscriptionLimit(state, "Sub-1", "eastus", "STANDARDDSV3FAMILY", 12);
    expect(state.quotaLimits).toHaveLength(3);
    expect(limitsFor(state, "sub-1", "eastus")).toEqual([{ family: "standardDSv3Family", limit: 12 }, { family: "standardNCADSA100v4Family", limit: 96 }]);
    expect(configuredLimit(state, "SUB-2", "EastUS", "standarddsv3family")).toBe(20);
    state.quotaLimits = [];
    expect(limitsFor(state, "sub-1", "eastus")).toEqual([]);
    expect(configuredLimit(state, "sub-2", "eastus", "standardDSv3Family")).toBeUndefined();
  });
});
