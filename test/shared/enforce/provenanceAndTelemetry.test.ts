import { describe, expect, it } from "vitest";
import { handleResourceEvent } from "../../../shared/enforce/handleResourceEvent";
import { MemoryProvenanceStore } from "../../support/memory/MemoryProvenanceStore";
import { recordEnforceOutcome } from "../../../shared/telemetry/recordEnforceOutcome";
import { examplePolicy, policyWith } from "../fixtures/policy";
import { CORP, PIPELINE, appClaims, gpuVm, userClaims, vmId, world, writeEvent } from "./fakes";

const storageId = `/subscriptions/${CORP}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/st1`;

function recorder() {
  const calls: Array<{ kind: string; record: Record<string, unknown> }> = [];
  return {
    calls,
    eventProcessed: (record: object) => void calls.push({ kind: "event", record: record as Record<string, unknown> }),
    decision: (record: object) => void calls.push({ kind: "decision", record: record as Record<string, unknown> }),
    action: (record: object) => void calls.push({ kind: "action", record: record as Record<string, unknown> }),
  };
}

describe("the event path records who wrote AI/GPU resources, for the sweep", () => {
  it("a person's GPU VM write is recorded as its creator; the pipeline's later write as last modifier", async () => {
    const w = world(examplePolicy());
    const provenance = new MemoryProvenanceStore();
    w.deps.provenance = provenance;
    w.put(gpuVm("gpu-p1"));
    await handleResourceEvent(writeEvent(vmId("gpu-p1"), userClaims(), { id: "e1" }), w.deps);
    await handleResourceEvent(writeEvent(vmId("gpu-p1"), appClaims(PIPELINE.objectId, PIPELINE.appId), { id: "e2" }), w.deps);
    const p = await provenance.get(CORP, vmId("gpu-p1"));
    expect(p).toMatchObject({ createdBy: "dana@contoso.com", createdByType: "User", lastModifiedBy: PIPELINE.appId, lastModifiedByType: "Application", source: "event" });
  });

  it("writes to resources that are not AI or GPU are not recorded", async () => {
    const w = world(examplePolicy());
    const provenance = new MemoryProvenanceStore();
    w.deps.provenance = provenance;
    w.put({ id: storageId, name: "st1", type: "Microsoft.Storage/storageAccounts", location: "eastus2", tags: {}, properties: {} });
    await handleResourceEvent(writeEvent(storageId, userClaims(), { id: "e3" }), w.deps);
    expect(await provenance.get(CORP, storageId)).toBeUndefined();
  });
});

describe("recordEnforceOutcome", () => {
  it("reports the event, every decision and every action with its type and dry-run flag", async () => {
    const w = world(policyWith("shadowAi", "enforce"));
    w.put(gpuVm("gpu-t1"));
    const out = await handleResourceEvent(writeEvent(vmId("gpu-t1"), userClaims(), { id: "e4" }), w.deps);
    const t = recorder();
    recordEnforceOutcome(t, out);
    expect(t.calls[0]).toEqual({ kind: "event", record: expect.objectContaining({ eventType: "Microsoft.Resources.ResourceWriteSuccess", outcome: "processed" }) });
    expect(t.calls.filter((c) => c.kind === "decision").length).toBe(out.decisions.length);
    const deallocate = t.calls.find((c) => c.kind === "action" && c.record["action"] === "deallocate");
    expect(deallocate?.record).toMatchObject({ resourceId: vmId("gpu-t1"), outcome: "succeeded", dryRun: false, guardrail: "shadowAi" });
  });

  it("a duplicate delivery is reported as such, with no decisions", async () => {
    const w = world(examplePolicy());
    w.put(gpuVm("gpu-t2"));
    await handleResourceEvent(writeEvent(vmId("gpu-t2"), userClaims(), { id: "e5" }), w.deps);
    const again = await handleResourceEvent(writeEvent(vmId("gpu-t2"), userClaims(), { id: "e5" }), w.deps);
    const t = recorder();
    recordEnforceOutcome(t, again);
    expect(t.calls).toEqual([{ kind: "event", record: { eventType: "Microsoft.Resources.ResourceWriteSuccess", outcome: "duplicate" } }]);
  });
});
