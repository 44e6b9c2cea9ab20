import { describe, expect, it } from "vitest";
import { SweepActivity } from "../../../orchestrations/sweep/names";
import { createWorld, SUB } from "./harness";

// Notifications about a resource go to its owner tag, else its subscription's owners, else the
// policy's default contacts: a deallocated GPU VM without an owner tag must not be "sent to nobody".
const vmId = (sub: string) => `/subscriptions/${sub}/resourceGroups/rg-gpu/providers/Microsoft.Compute/virtualMachines/vm-a100`;

async function sweepOnce(w: ReturnType<typeof createWorld>) {
  const instanceId = w.state.now.toISOString().slice(0, 10);
  await w.activities[SweepActivity.listScope]!({ instanceId, now: w.state.now.toISOString() });
  await w.activities[SweepActivity.collectShared]!({ instanceId, now: w.state.now.toISOString() });
  for (const index of [0, 1]) await w.activities[SweepActivity.sweepBatch]!({ instanceId, index, now: w.state.now.toISOString(), dryRun: false });
}

function addDeallocatedVm(w: ReturnType<typeof createWorld>, sub: string, tags: Record<string, string> = {}) {
  const id = vmId(sub);
  (w.resources as unknown[]).push({
    id, name: "vm-a100", type: "microsoft.compute/virtualmachines", location: "eastus2", subscriptionId: sub, resourceGroup: "rg-gpu", tags,
    properties: { hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" }, extended: { instanceView: { powerState: { code: "PowerState/deallocated" } } } },
  });
  w.systemData[id.toLowerCase()] = { createdBy: "ana@contoso.com", createdByType: "User", createdAt: "2024-10-01T00:00:00Z", lastModifiedBy: "ana@contoso.com", lastModifiedByType: "User", lastModifiedAt: "2025-01-01T00:00:00Z" };
  return id;
}

describe("sweep notification routing", () => {
  it("falls back from the resource's owner tag to the subscription's owners", async () => {
    const w = createWorld({ notifications: { defaultContacts: ["platform@contoso.com"] } as never });
    const id = addDeallocatedVm(w, SUB.corp);
    await sweepOnce(w);
    const note = w.notes.find((n) => n.resourceId === id)!;
    expect(note.title).toMatch(/holds 24 cores/);
    expect(note.recipients).toEqual(["ana@contoso.com"]);
    expect(note.routedBy).toBe("subscription-owners");
  });

  it("uses the resource's owner tag first, and the policy's default contacts when nobody owns it", async () => {
    const w = createWorld({ notifications: { defaultContacts: ["platform@contoso.com"] } as never });
    const tagged = addDeallocatedVm(w, SUB.corp, { owner: "vm-owner@contoso.com" });
    delete w.tags[SUB.sandbox]!.owner;
    const orphan = addDeallocatedVm(w, SUB.sandbox);
    await sweepOnce(w);
    expect(w.notes.find((n) => n.resourceId === tagged)!.recipients).toEqual(["vm-owner@contoso.com"]);
    const n = w.notes.find((x) => x.resourceId === orphan)!;
    expect(n.recipients).toEqual(["platform@contoso.com"]);
    expect(n.routedBy).toBe("default-contacts");
  });
});
