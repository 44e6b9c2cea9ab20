import { describe, expect, it } from "vitest";
import { ArmRouter, splitPath } from "../../../local/arm/Router";

const h = () => ({ status: 200 });
const opts = { kind: "read" as const, rbacAction: "x/read" };

describe("ArmRouter", () => {
  const router = new ArmRouter();
  router.add("GET", "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{*resourcePath}", h, { ...opts, operation: "generic" });
  router.add("GET", "{*scope}/providers/Microsoft.Authorization/locks/{lockName}", h, { ...opts, operation: "lock" });
  router.add("GET", "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}", h, { ...opts, operation: "vm" });
  router.add("GET", "/subscriptions/{subscriptionId}/providers/{namespace}", h, { ...opts, operation: "provider" });
  router.add("GET", "/subscriptions/{subscriptionId}/providers/{*rest}", h, { ...opts, operation: "subGeneric" });

  const op = (method: string, path: string) => router.match(method, splitPath(path)).match?.route.opts.operation;

  it("matches literals case-insensitively and keeps parameter case", () => {
    const m = router.match("GET", splitPath("/SUBSCRIPTIONS/abc/RESOURCEGROUPS/My-RG/providers/microsoft.compute/VIRTUALMACHINES/Vm1")).match!;
    expect(m.route.opts.operation).toBe("vm");
    expect(m.params).toEqual({ subscriptionId: "abc", resourceGroupName: "My-RG", vmName: "Vm1" });
  });

  it("prefers the template with more literals, then literals nearer the end", () => {
    expect(op("GET", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a")).toBe("generic");
    expect(op("GET", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Authorization/locks/l1")).toBe("lock");
    expect(op("GET", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/v/providers/Microsoft.Authorization/locks/l1")).toBe("lock");
  });

  it("prefers a fixed template over a wildcard on a tie and reports known paths with other methods", () => {
    expect(op("GET", "/subscriptions/s/providers/Microsoft.Compute")).toBe("provider");
    const r = router.match("DELETE", splitPath("/subscriptions/s/providers/Microsoft.Compute"));
    expect(r.match).toBeUndefined();
    expect(r.pathKnown).toBe(true);
    expect(router.match("GET", splitPath("/nothing/here")).pathKnown).toBe(false);
  });
});
