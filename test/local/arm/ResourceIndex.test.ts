import { describe, expect, it } from "vitest";
import { ResourceIndex } from "../../../local/arm/state/ResourceIndex";
import { EstateState } from "../../../local/arm/state/EstateState";

const doc = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id.split("/").pop()!, type: "Microsoft.Storage/storageAccounts", ...extra });

describe("ResourceIndex", () => {
  it("finds, replaces and deletes ids case-insensitively, ignoring trailing slashes", () => {
    const idx = new ResourceIndex();
    expect(idx.set(doc("/subscriptions/S/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/St1"))).toBeUndefined();
    expect(idx.get("/SUBSCRIPTIONS/s/resourcegroups/rg/providers/microsoft.storage/storageaccounts/st1/")?.name).toBe("St1");
    const old = idx.set(doc("/subscriptions/s/resourcegroups/rg/providers/Microsoft.Storage/storageAccounts/ST1", { tags: { v: "2" } }));
    expect(old?.name).toBe("St1");
    expect(idx.size).toBe(1);
    expect(idx.get("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1")?.tags).toEqual({ v: "2" });
    expect(idx.get("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st2")).toBeUndefined();
    expect(idx.delete("/subscriptions/S/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/st1")).toBeDefined();
    expect(idx.size).toBe(0);
  });

  it("keeps every one of many ids (hash buckets shared by colliding ids)", () => {
    const idx = new ResourceIndex();
    const n = 200_000;
    for (let i = 0; i < n; i++) idx.set(doc(`/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st${i}`));
    expect(idx.size).toBe(n);
    expect([...idx.values()]).toHaveLength(n);
    for (let i = 0; i < n; i += 997) expect(idx.get(`/subscriptions/S/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/ST${i}`)?.name).toBe(`st${i}`);
  });
});

describe("EstateState", () => {
  it("indexes by subscription, deletes children with their parent, and names the bad field of a resource", () => {
    const state = new EstateState({
      resources: [
        { id: "/subscriptions/a/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1", name: "v1", type: "Microsoft.Network/virtualNetworks", location: "eastus" },
        { id: "/subscriptions/a/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1/subnets/s1", name: "s1", type: "Microsoft.Network/virtualNetworks/subnets" },
        { id: "/subscriptions/b/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v2", name: "v2", type: "Microsoft.Network/virtualNetworks", location: "eastus" },
      ],
    });
    expect([...state.resourcesInSubscription("A")].map((r) => r.name)).toEqual(["v1", "s1"]);
    expect(state.deleteResource("/subscriptions/A/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/V1").map((r) => r.name)).toEqual(["v1", "s1"]);
    expect(state.resources.size).toBe(1);
    expect(() => new EstateState({ resources: [{ id: "/x", name: "x", type: "t", tags: { a: 1 } } as never] })).toThrow(/resources\[0\].*tags/);
  });
});
