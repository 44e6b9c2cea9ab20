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
