import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { registry } from "../../../shared/guardrails/registry";
import { guardrailNames } from "../../../shared/config/guardrailParamSchemas";
import { GuardrailsConfig } from "../../../shared/config/Policy";

describe("registry", () => {
  it("holds every guardrail of the policy schema under its own name", () => {
    expect(Object.keys(registry).sort()).toEqual([...guardrailNames].sort());
    for (const [key, mod] of Object.entries(registry)) expect(mod.name).toBe(key);
  });

  it("every documented example is a valid policy entry for its guardrail", () => {
    for (const mod of Object.values(registry)) {
      const doc = parse(mod.example) as Record<string, unknown>;
      expect(Object.keys(doc)).toEqual([mod.name]);
      const parsed = GuardrailsConfig.safeParse(doc);
      expect(parsed.success, `${mod.name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it("params schemas fill defaults from an empty object", () => {
    for (const mod of Object.values(registry)) expect(() => mod.paramsSchema.parse({})).not.toThrow();
  });
});
