import { describe, expect, it } from "vitest";
import { actionKind, actionMatches } from "../support/rbac/actionMatches";
import { ailzGrants, assignedBuiltinRoles, readOperatorRole } from "../support/rbac/ailzRoles";
import { deniedActions, unusedCustomGrants, type RbacLogEntry } from "../support/rbac/checkTraffic";

const entry = (action: string, method = "PUT"): RbacLogEntry => ({ time: "t", method, path: "/x", action, status: 200, caller: { objectId: "o" } });

describe("RBAC action matching (as Azure matches role actions)", () => {
  it("is case-insensitive and lets * span segments", () => {
    expect(actionMatches("*/read", "Microsoft.Compute/virtualMachines/read")).toBe(true);
    expect(actionMatches("*/read", "Microsoft.Compute/virtualMachines/write")).toBe(false);
    expect(actionMatches("Microsoft.Consumption/*/read", "microsoft.consumption/budgets/read")).toBe(true);
    expect(actionMatches("Microsoft.Support/*", "Microsoft.Support/supportTickets/write")).toBe(true);
    expect(actionMatches("Microsoft.Resources/tags/write", "Microsoft.Resources/tags/writeX")).toBe(false);
    expect(actionMatches("Microsoft.Compute/virtualMachines/deallocate/action", "Microsoft.Compute.virtualMachines/deallocate/action")).toBe(false);
  });
  it("classifies operations by their last segment", () => {
    expect(actionKind("Microsoft.Compute/virtualMachines/deallocate/action")).toBe("action");
    expect(actionKind("Microsoft.Resources/subscriptions/resourceGroups/delete")).toBe("delete");
    expect(actionKind("*/read")).toBe("read");
  });
});

describe("what infra/ grants", () => {
  it("reads the custom role file and the built-ins the role Bicep assigns", () => {
    expect(readOperatorRole().actions).toContain("Microsoft.Resources/tags/write");
    expect(assignedBuiltinRoles()).toEqual(expect.arrayContaining(["Reader", "Cost Management Reader", "GroupQuota Request Operator"]));
  });
  it("denies what no role grants and reports unused custom writes", () => {
    const grants = { custom: ["Microsoft.Resources/tags/write", "Microsoft.Compute/virtualMachines/start/action"], builtins: { Reader: ["*/read"] } };
    const traffic = [entry("Microsoft.Resources/tags/write"), entry("Microsoft.Compute/virtualMachines/read", "GET"), entry("Microsoft.Network/virtualNetworks/write"), entry("Microsoft.Network/virtualNetworks/write")];
    expect(deniedActions(traffic, grants)).toEqual([{ action: "Microsoft.Network/virtualNetworks/write", example: "PUT /x -> 200", count: 2 }]);
    expect(unusedCustomGrants(traffic, grants.custom, () => true)).toEqual(["Microsoft.Compute/virtualMachines/start/action"]);
    expect(unusedCustomGrants(traffic, grants.custom, () => false)).toEqual([]);
  });
  it("every assigned built-in has an action table", () => {
    expect(() => ailzGrants()).not.toThrow();
  });
});
