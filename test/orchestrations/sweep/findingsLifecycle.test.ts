import { describe, expect, it } from "vitest";
import { nightlySweep } from "../../../orchestrations/sweep/nightlySweep";
import { createWorld, SUB } from "./harness";
import { runOrchestrator } from "./runOrchestrator";

const DAY = 86_400_000;
type World = ReturnType<typeof createWorld>;

async function night(w: World, opts: { dryRun?: boolean } = {}) {
  const date = w.state.now.toISOString().slice(0, 10);
  return runOrchestrator(nightlySweep, { instanceId: opts.dryRun ? `${date}-dryrun` : date, input: { date, dryRun: opts.dryRun ?? false }, now: () => w.state.now, activities: w.activities });
}

const vmId = (name: string) => `/subscriptions/${SUB.corp}/resourceGroups/rg-gpu/providers/Microsoft.Compute/virtualMachines/${name}`;

/** Two GPU VMs in Corp, deallocated 40 days before the first night: both hold quota. */
function worldWithHolders() {
  const w = createWorld();
  for (const name of ["gpu-a", "gpu-b"]) {
    w.resources.push({
      id: vmId(name), name, type: "microsoft.compute/virtualmachines", location: "eastus2", subscriptionId: SUB.corp, resourceGroup: "rg-gpu", tags: {},
      properties: { hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" }, extended: { instanceView: { powerState: { code: "PowerState/deallocated" } } } } as never,
    });
    w.systemData[vmId(name).toLowerCase()] = { createdBy: "pipeline", createdByType: "Application", createdAt: "2025-01-01T00:00:00Z", lastModifiedBy: "pipeline", lastModifiedByType: "Application", lastModifiedAt: "2025-01-20T00:00:00Z" };
  }
  return w;
}

const holderNotes = (w: World) => w.notes.filter((n) => n.kind === "decision.notify" && n.resourceId && /gpu-[ab]$/.test(n.resourceId));
const holderKey = (name: string) => ({ guardrail: "idleGpuQuota", resourceId: vmId(name), rule: "deallocatedQuotaHolder" });

describe("sweep findings: notify once, resolve when the resource no longer fires", () => {
  it("notifies each quota holder on the night its finding opens, not on nights 2-5, with the VM's name in the title", async () => {
    const w = worldWithHolders();
    const perNight: number[] = [];
    for (let d = 0; d < 5; d++) {
      const before = holderNotes(w).length;
      await night(w);
      perNight.push(holderNotes(w).length - before);
      w.state.now = new Date(w.state.now.getTime() + DAY);
    }
    expect(perNight).toEqual([2, 0, 0, 0, 0]);
    const titles = holderNotes(w).map((n) => n.title).sort();
    expect(titles[0]).toContain("gpu-a");
    expect(titles[1]).toContain("gpu-b");
    expect(titles[0]).not.toMatch(/days ago/);
    const f = await w.stores.findings.get(holderKey("gpu-a"));
    expect(f).toMatchObject({ status: "open", firstSeenAt: "2025-03-01T02:00:00.000Z", lastSeenAt: "2025-03-05T02:00:00.000Z" });
  });

  it("resolves a deleted VM's and a started VM's finding the next night, audited once, and leaves other guardrails and subscriptions alone; a reopened finding notifies again", async () => {
    const w = worldWithHolders();
    // An event-path-only finding in a swept subscription and a sweep-guardrail finding outside the swept scope.
    await w.stores.findings.upsertOpen({ guardrail: "aiHardening", resourceId: `/subscriptions/${SUB.corp}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/oai`, rule: "publicNetworkAccess", reason: "public", dryRun: true }, "2025-02-28T00:00:00.000Z");
    const outside = "/subscriptions/0ff00000-0000-4000-8000-000000000009/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/far";
    await w.stores.findings.upsertOpen({ guardrail: "idleGpuQuota", resourceId: outside, rule: "deallocatedQuotaHolder", reason: "held", dryRun: true }, "2025-02-28T00:00:00.000Z");
    await night(w);
    expect((await w.stores.findings.get(holderKey("gpu-a")))?.status).toBe("open");

    w.state.now = new Date(w.state.now.getTime() + DAY);
    w.resources.splice(w.resources.findIndex((r) => r.name === "gpu-a"), 1);
    const b = w.resources.find((r) => r.name === "gpu-b")!;
    b.properties = { ...(b.properties as object), extended: { instanceView: { powerState: { code: "PowerState/running" } } } } as never;
    await night(w);
    expect(await w.stores.findings.get(holderKey("gpu-a"))).toMatchObject({ status: "resolved", resolvedAt: "2025-03-02T02:00:00.000Z", resolution: "resource deleted" });
    expect(await w.stores.findings.get(holderKey("gpu-b"))).toMatchObject({ status: "resolved", resolution: expect.stringMatching(/^fixed/) });
    expect((await w.stores.findings.get({ guardrail: "aiHardening", resourceId: `/subscriptions/${SUB.corp}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/oai`, rule: "publicNetworkAccess" }))?.status).toBe("open");
    expect((await w.stores.findings.get({ guardrail: "idleGpuQuota", resourceId: outside, rule: "deallocatedQuotaHolder" }))?.status).toBe("open");
    const audited = async () => (await w.stores.audit.query({ resourceId: vmId("gpu-a") })).filter((a) => a.action === "finding.resolved");
    // The deleted VM's shadow AI findings go too: the sweep owns that guardrail as well.
    expect((await audited()).map((a) => a.guardrail).sort()).toEqual(["idleGpuQuota", "shadowAi", "shadowAi"]);
    expect((await audited()).filter((a) => a.guardrail === "idleGpuQuota")).toHaveLength(1);
    expect((await audited()).find((a) => a.guardrail === "idleGpuQuota")).toMatchObject({ reason: "resource deleted", dryRun: false, guardrail: "idleGpuQuota" });

    // The same night again changes nothing.
    await night(w);
    expect(await audited()).toHaveLength(3);

    // gpu-b deallocated again long ago (its systemData says so): the finding reopens and its owner hears once more.
    w.state.now = new Date(w.state.now.getTime() + DAY);
    b.properties = { ...(b.properties as object), extended: { instanceView: { powerState: { code: "PowerState/deallocated" } } } } as never;
    const before = holderNotes(w).length;
    await night(w);
    expect((await w.stores.findings.get(holderKey("gpu-b")))?.status).toBe("open");
    expect(holderNotes(w).slice(before).map((n) => n.resourceId)).toEqual([vmId("gpu-b")]);
  });

  it("a forced dry run resolves nothing", async () => {
    const w = worldWithHolders();
    await night(w);
    w.state.now = new Date(w.state.now.getTime() + DAY);
    w.resources.splice(w.resources.findIndex((r) => r.name === "gpu-a"), 1);
    await night(w, { dryRun: true });
    expect((await w.stores.findings.get(holderKey("gpu-a")))?.status).toBe("open");
    expect((await w.stores.audit.query({ resourceId: vmId("gpu-a") })).filter((a) => a.action === "finding.resolved")).toEqual([]);
    await night(w);
    expect((await w.stores.findings.get(holderKey("gpu-a")))?.status).toBe("resolved");
  });
});
