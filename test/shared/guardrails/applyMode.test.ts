import { describe, expect, it } from "vitest";
import { applyMode } from "../../../shared/guardrails/applyMode";
import { inScope } from "../../../shared/guardrails/inScope";
import type { Decision } from "../../../shared/estate/Decision";
import { examplePolicy, policyWith } from "../fixtures/policy";
import { subscriptionFacts } from "../fixtures/facts";
import { CORP_SUB, ROGUE_SUB } from "../fixtures/ids";
import { Policy } from "../../../shared/config/Policy";

const corp = subscriptionFacts();
const rogue = subscriptionFacts({ id: ROGUE_SUB, archetype: "none" });
const subs = new Map([corp, rogue].map((s) => [s.id, s]));
const d = (guardrail: string, sub: string, o: Partial<Decision> = {}): Decision => ({ guardrail, resourceId: `/subscriptions/${sub}/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/v`, verdict: "act", reason: "x", evidence: {}, dryRun: false, action: { type: "deallocate", vmId: "v" }, ...o });

describe("applyMode", () => {
  it("dryRun mode marks actions as dry runs; enforce keeps them real", () => {
    expect(applyMode([d("shadowAi", CORP_SUB)], examplePolicy(), (id) => subs.get(id))[0]!.dryRun).toBe(true);
    expect(applyMode([d("shadowAi", CORP_SUB, { dryRun: true })], policyWith("shadowAi", "enforce"), (id) => subs.get(id))[0]!.dryRun).toBe(false);
  });

  it("drops decisions of guardrails that are off", () => {
    expect(applyMode([d("requiredTags", CORP_SUB)], policyWith("requiredTags", "off"), (id) => subs.get(id))).toEqual([]);
  });

  it("drops decisions outside the scope: management groups, excluded subscriptions, unknown subscriptions under a scoped guardrail", () => {
    const policy = examplePolicy(); // shadowAi scope: managementGroups [alz]
    expect(applyMode([d("shadowAi", ROGUE_SUB)], policy, (id) => subs.get(id))).toEqual([]);
    expect(applyMode([d("shadowAi", CORP_SUB)], policy, () => undefined)).toEqual([]);
    const input = structuredClone(policy);
    input.guardrails.aiHardening.scope = { excludeSubscriptions: [CORP_SUB.toUpperCase()] };
    const excluded = Policy.parse(input);
    expect(applyMode([d("aiHardening", CORP_SUB)], excluded, (id) => subs.get(id))).toEqual([]);
    expect(applyMode([d("aiHardening", ROGUE_SUB)], excluded, (id) => subs.get(id))).toHaveLength(1);
  });

  it("keeps recordActivity real in dryRun mode", () => {
    const rec = d("sandboxActivity", CORP_SUB, { verdict: "ok", action: { type: "recordActivity", sandboxId: `/subscriptions/${CORP_SUB}`, at: "2025-01-01T00:00:00Z" } });
    expect(applyMode([rec], policyWith("sandboxActivity", "dryRun"), (id) => subs.get(id))[0]!.dryRun).toBe(false);
  });

  it("inScope: explicit subscriptions and empty scopes", () => {
    expect(inScope({}, rogue)).toBe(true);
    expect(inScope({ subscriptions: [ROGUE_SUB] }, rogue)).toBe(true);
    expect(inScope({ managementGroups: ["corp"] }, rogue)).toBe(false);
  });
});
