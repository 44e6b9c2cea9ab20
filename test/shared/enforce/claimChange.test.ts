import { describe, expect, it } from "vitest";
import { deliveredByOtherFamily } from "../../../shared/enforce/claimChange";
import type { ResourceEvent } from "../../../shared/events/ResourceEvent";
import { MemoryChangeClaimStore } from "../../support/memory/MemoryChangeClaimStore";

const VM = "/subscriptions/c0c0c0c0-0000-4000-8000-0000000e0001/resourceGroups/rg-ml/providers/Microsoft.Compute/virtualMachines/gpu-1";
const T0 = Date.parse("2026-03-01T10:00:00Z");

const event = (family: ResourceEvent["family"], atMs: number, operation: ResourceEvent["operation"] = "write"): ResourceEvent => ({
  id: crypto.randomUUID(), eventType: family === "resources" ? "Microsoft.Resources.ResourceWriteSuccess" : "Microsoft.ResourceNotifications.Resources.CreatedOrUpdated",
  schema: "EventGridSchema", family, operation, status: "succeeded", resourceId: VM, resourceType: "microsoft.compute/virtualmachines",
  subscriptionId: "c0c0c0c0-0000-4000-8000-0000000e0001", resourceGroup: "rg-ml", tagsOnly: false, time: new Date(atMs).toISOString(),
});

describe("deliveredByOtherFamily", () => {
  it("the second family's event of one change is a duplicate, whichever family comes first and at any offset under a minute", async () => {
    for (const offset of [0, 1_000, 29_999, 59_000]) {
      for (const start of [T0, T0 + 59_990, T0 + 119_990]) {
        const claims = new MemoryChangeClaimStore(() => start);
        expect(await deliveredByOtherFamily(event("resourceNotifications", start), claims)).toBe(false);
        expect(await deliveredByOtherFamily(event("resources", start + offset), claims)).toBe(true);
      }
    }
  });

  it("two siblings arriving together: exactly one acts (on every cell alignment)", async () => {
    for (let start = T0; start < T0 + 120_000; start += 7_919) {
      const claims = new MemoryChangeClaimStore(() => start);
      const a = event("resources", start);
      const b = event("resourceNotifications", start + 20_000);
      const [ra, rb] = await Promise.all([deliveredByOtherFamily(a, claims), deliveredByOtherFamily(b, claims)]);
      expect([ra, rb].filter((dup) => !dup)).toHaveLength(1);
    }
  });

  it("events of one family are separate changes; other operations, actions and changes minutes apart are not duplicates", async () => {
    const claims = new MemoryChangeClaimStore(() => T0);
    expect(await deliveredByOtherFamily(event("resources", T0), claims)).toBe(false);
    expect(await deliveredByOtherFamily(event("resources", T0 + 5_000), claims)).toBe(false);
    expect(await deliveredByOtherFamily(event("resourceNotifications", T0, "delete"), claims)).toBe(false);
    expect(await deliveredByOtherFamily(event("resourceNotifications", T0 + 300_000), claims)).toBe(false);
    expect(await deliveredByOtherFamily(event("resourceNotifications", T0, "action"), claims)).toBe(false);
  });
});
