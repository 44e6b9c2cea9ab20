import { describe, expect, it } from "vitest";
import { archetypeOf } from "../../../shared/config/archetypeOf";
import { examplePolicy } from "../fixtures/policy";

const mgs = examplePolicy().managementGroups;

describe("archetypeOf", () => {
  it("takes the nearest archetype management group on the path", () => {
    expect(archetypeOf(["alz", "landingzones", "corp"], mgs)).toBe("corp");
    expect(archetypeOf(["alz", "landingzones", "Online", "team-a"], mgs)).toBe("online");
    expect(archetypeOf(["alz", "platform", "connectivity"], mgs)).toBe("platform");
    expect(archetypeOf(["alz", "decommissioned"], mgs)).toBe("decommissioned");
  });

  it("is none outside the archetypes", () => {
    expect(archetypeOf([], mgs)).toBe("none");
    expect(archetypeOf(["tenant-root", "alz", "landingzones"], mgs)).toBe("none");
  });
});

describe("policyPathFrom", () => {
  it("uses AILZ_POLICY_PATH relative to cwd, else guardrails.yaml", async () => {
    const { policyPathFrom } = await import("../../../shared/config/policyPathFrom");
    expect(policyPathFrom({}, "/app")).toBe("/app/guardrails.yaml");
    expect(policyPathFrom({ AILZ_POLICY_PATH: "conf/p.yaml" }, "/app")).toBe("/app/conf/p.yaml");
    expect(policyPathFrom({ AILZ_POLICY_PATH: "/etc/p.yaml" }, "/app")).toBe("/etc/p.yaml");
  });
});
