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

  it("a budget at 100% deallocates compute but keeps the sandbox active", () => {
    const r = nextSandboxState(undefined, subFacts({ budgetPercent: 104 }), policyWith("sandboxLifecycle", "enforce"), night(2));
    expect(r.state.status).toBe("Active");
    expect(r.decisions).toHaveLength(1);
    expect(r.decisions[0]).toMatchObject({ rule: "budgetCap", dryRun: false, action: { type: "deallocate", vmId: vm.id } });
  });

  it("stays quiet while active and under budget; first run falls back to resource change times", () => {
    expect(nextSandboxState(undefined, subFacts({ budgetPercent: 50 }), policy, night(5)).decisions).toEqual([]);
    const old = gpuVm({ lastModifiedAt: night(-20).toISOString() }, sbSub);
    const r = nextSandboxState(undefined, subFacts({ resources: [old], recordedActivity: undefined }), policy, night(0));
    expect(r.state.status).toBe("Flagged");
  });
});
