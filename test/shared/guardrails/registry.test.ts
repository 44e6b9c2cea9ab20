import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { builtInGuardrails, eventGuardrails, guardrailModules, guardrailNames, sweepGuardrails } from "../../../shared/engine/registry";
import { GuardrailsConfig, Policy } from "../../../shared/config/Policy";
import { policyJsonSchema } from "../../../shared/config/policyJsonSchema";

describe("registry", () => {
  it("the policy schema has one entry per registered guardrail, and nothing else", () => {
    expect(Object.keys(Policy.shape.guardrails.unwrap().shape).sort()).toEqual(guardrailNames().sort());
    const schema = policyJsonSchema() as { properties: { guardrails: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.guardrails.properties).sort()).toEqual(guardrailNames().sort());
  });

  it("derives both paths' guardrail sets from the modules' triggers", () => {
    expect(eventGuardrails().map((m) => m.name)).toEqual(["shadowAi", "aiHardening", "handPulledKeys", "requiredTags", "sandboxActivity"]);
    expect(sweepGuardrails().map((m) => m.name)).toEqual(["shadowAi", "idleGpuQuota", "idleGpuCompute", "sandboxLifecycle", "budgetAlerts", "privateLinkCoverage", "diagnosticsCoverage", "multiRegionReadiness"]);
    expect(guardrailModules().slice(0, builtInGuardrails.length)).toEqual([...builtInGuardrails]);
  });

  it("every documented example is a valid policy entry for its guardrail", () => {
    for (const mod of builtInGuardrails) {
      const doc = parse(mod.example) as Record<string, unknown>;
      expect(Object.keys(doc)).toEqual([mod.name]);
      const parsed = GuardrailsConfig.safeParse(doc);
      expect(parsed.success, `${mod.name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it("params schemas fill defaults from an empty object", () => {
    for (const mod of builtInGuardrails) expect(() => mod.paramsSchema.parse({})).not.toThrow();
  });
});
