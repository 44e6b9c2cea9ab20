import { describe, expect, it } from "vitest";
import { nextSandboxState } from "../../../shared/guardrails/sandboxLifecycle/nextSandboxState";
import { extendSandbox } from "../../../shared/guardrails/sandboxLifecycle/extendSandbox";
import { SandboxExtensionError } from "../../../shared/guardrails/sandboxLifecycle/SandboxExtensionError";
import type { SandboxFacts } from "../../../shared/guardrails/sandboxLifecycle/SandboxFacts";
import { SandboxState } from "../../../shared/estate/SandboxState";
import { examplePolicy, policyWith } from "../fixtures/policy";
import { alice, gpuVm, subscriptionFacts } from "../fixtures/facts";
import { SANDBOX_SUB, CORP_SUB } from "../fixtures/ids";

const policy = examplePolicy();
const START = Date.parse("2025-03-01T02:00:00Z");
const night = (d: number) => new Date(START + d * 86_400_000);
const sbSub = subscriptionFacts({ id: SANDBOX_SUB, archetype: "sandbox" });
const vm = gpuVm({}, sbSub);
const subFacts = (o: Partial<SandboxFacts> = {}): SandboxFacts => ({
  id: `/subscriptions/${SANDBOX_SUB}`,
  kind: "subscription",
  tags: {},
  resources: [vm],
  recordedActivity: { at: night(0).toISOString(), actor: alice },
  ...o,
});

/** Runs one sweep per night and returns the nights each status was first reached. */
function simulate(nights: number, facts: (d: number) => SandboxFacts, onNight?: (d: number, s: SandboxState) => SandboxState) {
  let state: SandboxState | undefined;
  const firsts: Record<string, number> = {};
  const all: { d: number; decisions: ReturnType<typeof nextSandboxState>["decisions"] }[] = [];
  for (let d = 1; d <= nights; d++) {
    const r = nextSandboxState(state, facts(d), policy, night(d));
    state = SandboxState.parse(r.state);
    if (onNight) state = onNight(d, state);
    if (!(state.status in firsts)) firsts[state.status] = d;
    all.push({ d, decisions: r.decisions });
  }
  return { firsts, all, state: state! };
}

describe("sandboxLifecycle", () => {
  it("flags on day 14 and decommissions on day 30 without activity", () => {
    const { firsts, all } = simulate(45, () => subFacts());
    expect(firsts).toEqual({ Active: 1, Flagged: 14, Decommissioned: 30 });
    const flag = all.find((n) => n.d === 14)!.decisions[0]!;
    expect(flag).toMatchObject({ verdict: "act", rule: "inactive", action: { type: "tag", tags: { "ailz-flagged": "2025-03-15" } } });
    expect(flag.reason).toContain("Alice Smith");
    expect(flag.evidence["decommissionOn"]).toBe("2025-03-31");
    const decom = all.find((n) => n.d === 30)!.decisions;
    expect(decom.map((x) => x.action?.type)).toEqual(["deallocate", "moveToManagementGroup"]);
    expect(decom[1]!.action).toMatchObject({ managementGroupId: "decommissioned", subscriptionId: SANDBOX_SUB });
    expect(all.filter((n) => n.d > 30).every((n) => n.decisions.length === 0)).toBe(true);
  });

  it("the notice period counts nights, not milliseconds: tonight's sweep starting earlier than last night's still decommissions", () => {
    const idle = subFacts({ recordedActivity: { at: night(-40).toISOString(), actor: alice } });
    const flagged = nextSandboxState(undefined, idle, policy, new Date(night(0).getTime() + 900));
    expect(flagged.state.status).toBe("Flagged");
    expect(nextSandboxState(SandboxState.parse(flagged.state), idle, policy, night(1)).state.status).toBe("Decommissioned");
    expect(nextSandboxState(SandboxState.parse(flagged.state), idle, policy, new Date(night(0).getTime() + 3_600_000)).state.status).toBe("Flagged");
  });

  it("activity after flagging returns it to active and removes the tag", () => {
    const { all, firsts } = simulate(40, (d) => subFacts({ recordedActivity: { at: night(d >= 20 ? 20 : 0).toISOString(), actor: alice } }));
    expect(all.find((n) => n.d === 20)!.decisions[0]!.action).toEqual({ type: "removeTags", tagNames: ["ailz-flagged"] });
    expect(firsts["Decommissioned"]).toBeUndefined();
    expect(all.find((n) => n.d === 34)!.decisions[0]!.rule).toBe("inactive"); // flagged again 14 days later
  });

  it("an extension restarts the clock; the policy's maximum is enforced", () => {
    const { firsts } = simulate(45, () => subFacts(), (d, s) => (d === 20 ? extendSandbox(s, alice, policy, night(d)).state : s));
    expect(firsts["Decommissioned"]).toBeUndefined();
    const maxed = SandboxState.parse({ status: "Flagged", id: "/subscriptions/x", kind: "subscription", lastActivityAt: night(0).toISOString(), extensions: 2, updatedAt: night(1).toISOString(), flaggedAt: night(1).toISOString() });
    expect(() => extendSandbox(maxed, alice, policy, night(2))).toThrow(SandboxExtensionError);
  });

  it("expires-on decommissions at expiry; a resource-group sandbox with a lock is reported, not deleted", () => {
    const rgId = `/subscriptions/${CORP_SUB}/resourceGroups/rg-play`;
    const r = nextSandboxState(undefined, { id: rgId, kind: "resourceGroup", tags: { "expires-on": "2025-03-05" }, resources: [], recordedActivity: { at: night(3).toISOString() }, lockedResourceIds: [rgId] }, policy, night(4));
    expect(r.state.status).toBe("Decommissioned");
    expect(r.decisions.map((d) => [d.verdict, d.rule])).toEqual([["flag", "locked"]]);
    const free = nextSandboxState(undefined, { id: rgId, kind: "resourceGroup", tags: { "expires-on": "2025-03-05" }, resources: [], recordedActivity: { at: night(3).toISOString() } }, policy, night(4));
    expect(free.decisions[0]!.action).toEqual({ type: "deleteResourceGroup", resourceGroupId: rgId });
  });

  const cost = (actual: number, forecast = actual, budget = 100) => ({ actual, forecast, forecastBasis: "14 day(s) of this period's data", budget, budgetSource: "tag" as const, currency: "USD" });
  const rgId = `/subscriptions/${CORP_SUB}/resourceGroups/rg-sbx-nina`;
  const rgVm = gpuVm({ id: `${rgId}/providers/Microsoft.Compute/virtualMachines/vm1`, name: "vm1" });
  const rgFacts = (o: Partial<SandboxFacts> = {}): SandboxFacts => ({ id: rgId, kind: "resourceGroup", tags: {}, resources: [rgVm], recordedActivity: { at: night(0).toISOString() }, ...o });
  const enforce = policyWith("sandboxLifecycle", "enforce");

  it("cost cap in enforce: a resource-group sandbox at its budget deallocates compute and becomes CostCapped, held until lifted with a new cap", () => {
    const r = nextSandboxState(undefined, rgFacts({ cost: cost(104) }), enforce, night(2));
    expect(r.state).toMatchObject({ status: "CostCapped", capSpend: 104, capBudget: 100, capBasis: "actual", cappedAt: night(2).toISOString() });
    expect(r.decisions.map((d) => [d.resourceId, d.verdict, d.rule, d.action?.type, d.dryRun])).toEqual([
      [rgId, "flag", "costCap", undefined, false],
      [rgVm.id, "act", "costCap", "deallocate", false],
    ]);
    expect(r.decisions[0]!.reason).toContain("spend 104.00 USD is 104% of the sandbox's 100.00 USD budget (tag; cap 100%)");
    // Next night, spend fallen below (a new month): still capped; the deallocated VM is left alone, a restarted one is deallocated again.
    const held = SandboxState.parse(r.state);
    const stopped = gpuVm({ id: rgVm.id, name: "vm1", properties: { extended: { instanceView: { powerState: { code: "PowerState/deallocated" } } } } });
    const quiet = nextSandboxState(held, rgFacts({ cost: cost(3), resources: [stopped] }), enforce, night(3));
    expect(quiet.state).toMatchObject({ status: "CostCapped", cappedAt: night(2).toISOString() });
    expect(quiet.decisions.map((d) => [d.resourceId, d.verdict])).toEqual([[rgId, "flag"]]);
    expect(nextSandboxState(held, rgFacts({ cost: cost(3) }), enforce, night(3)).decisions.map((d) => d.action?.type)).toEqual([undefined, "deallocate"]);
    // The owner lifts it with an extension and a new cap: Active, the new cap counts from then on.
    const lifted = extendSandbox(held, alice, enforce, night(3), { newCap: 500 });
    expect(lifted.state).toMatchObject({ status: "Active", budgetOverride: 500, extensions: 1 });
    // The new cap holds on the following nights: 300 spent is under it.
    const nightAfter = nextSandboxState(SandboxState.parse(lifted.state), rgFacts({ cost: cost(300, 300, 500) }), enforce, night(4));
    expect(nightAfter.state).toMatchObject({ status: "Active", budgetOverride: 500 });
    expect(() => extendSandbox(held, alice, enforce, night(3))).toThrow(SandboxExtensionError);
    expect(() => extendSandbox(held, alice, enforce, night(3), { newCap: 50 })).toThrow(/above the 104.00 spent/);
  });

  it("cost cap in dry run: the same decisions as would-do, the state unchanged; capOn forecast acts on the forecast", () => {
    const r = nextSandboxState(undefined, rgFacts({ cost: cost(104) }), policy, night(2));
    expect(r.state.status).toBe("Active");
    expect(r.decisions.map((d) => [d.verdict, d.rule, d.dryRun])).toEqual([["flag", "costCap", true], ["act", "costCap", true]]);
    const early = rgFacts({ cost: cost(40, 130) });
    expect(nextSandboxState(undefined, early, enforce, night(2)).state.status).toBe("Active");
    const onForecast = policyWith("sandboxLifecycle", "enforce", { capOn: "forecast" });
    const f = nextSandboxState(undefined, early, onForecast, night(2));
    expect(f.state).toMatchObject({ status: "CostCapped", capBasis: "forecast", capSpend: 130 });
    expect(f.decisions[0]!.reason).toContain("forecast 130.00 USD (14 day(s) of this period's data) is 130%");
  });

  it("a capped sandbox still expires and still decommissions after its inactivity", () => {
    const held = SandboxState.parse(nextSandboxState(undefined, rgFacts({ cost: cost(104) }), enforce, night(2)).state);
    expect(nextSandboxState(held, rgFacts({ cost: cost(104), tags: { "expires-on": "2025-03-04" } }), enforce, night(4)).state.status).toBe("Decommissioned");
    expect(nextSandboxState(held, rgFacts({ cost: cost(104) }), enforce, night(31)).state).toMatchObject({ status: "Decommissioned", why: "inactive" });
  });

  it("stays quiet while active and under budget; first run falls back to resource change times", () => {
    expect(nextSandboxState(undefined, subFacts({ cost: { actual: 50, forecast: 90, forecastBasis: "", budget: 100, budgetSource: "azureBudget", currency: "USD" } }), policy, night(5)).decisions).toEqual([]);
    const old = gpuVm({ lastModifiedAt: night(-20).toISOString() }, sbSub);
    const r = nextSandboxState(undefined, subFacts({ resources: [old], recordedActivity: undefined }), policy, night(0));
    expect(r.state.status).toBe("Flagged");
  });
});
