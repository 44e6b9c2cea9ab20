import { describe, expect, it } from "vitest";
import { policyJsonSchema } from "../../../shared/config/policyJsonSchema";

describe("policyJsonSchema", () => {
  it("describes every guardrail with its mode enum and defaults, fields with defaults optional", () => {
    const s = policyJsonSchema() as any;
    const g = s.properties.guardrails.properties;
    expect(Object.keys(g)).toContain("shadowAi");
    expect(g.shadowAi.properties.mode.enum).toEqual(["off", "dryRun", "enforce"]);
    expect(g.shadowAi.properties.mode.default).toBe("dryRun");
    expect(s.required).toEqual(["managementGroups"]);
    expect(g.shadowAi.additionalProperties).toBe(false);
  });
});
