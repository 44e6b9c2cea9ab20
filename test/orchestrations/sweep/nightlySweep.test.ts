import { describe, expect, it } from "vitest";
import { nightlySweep } from "../../../orchestrations/sweep/nightlySweep";
import { quotaReclaim } from "../../../orchestrations/sweep/quotaReclaim";
import { SweepActivity } from "../../../orchestrations/sweep/names";
import { SweepReport } from "../../../shared/report/SweepReport";
import { createWorld, SUB } from "./harness";
import { runOrchestrator } from "./runOrchestrator";

const DAY = 86_400_000;
const SANDBOX = `/subscriptions/${SUB.sandbox}`;

async function night(w: ReturnType<typeof createWorld>, opts: { dryRun?: boolean; fail?: (name: string, input: any) => boolean } = {}) {
  const date = w.state.now.toISOString().slice(0, 10);
  const instanceId = opts.dryRun ? `${date}-dryrun` : date;
  return runOrchestrator(nightlySweep, { instanceId, input: { date, dryRun: opts.dryRun ?? false }, now: () => w.state.now, activities: w.activities, failActivity: opts.fail });
}

async function sandboxStatus(w: ReturnType<typeof createWorld>) {
  return ((await w.stores.sandboxState.get(SANDBOX.toLowerCase()))?.value as { status?: string } | undefined)?.status;
}

describe("nightlySweep orchestrator over in-memory deps", () => {
  it("flags the sandbox on day 14, decommissions it on day 30, fires each budget threshold once per period and starts the quota reclaim after 30 days", async () => {
    const w = createWorld();
    await w.stores.sandboxActivity.record({ sandboxId: SANDBOX, at: "2025-03-01T00:00:00.000Z", by: "bo@contoso.com" });
    const flaggedOn: string[] = [];
    const decommissionedOn: string[] = [];
    const reclaimStartedOn: string[] = [];
    for (let d = 0; d < 45; d++) {
      const before = await sandboxStatus(w);
      const startedBefore = w.started.length;
      const r = await night(w);
      expect(r.customStatus).toMatchObject({ phase: "done", batchesDone: 2, batchesTotal: 2, failedBatches: [] });
      const after = await sandboxStatus(w);
      const date = w.state.now.toISOString().slice(0, 10);
      if (after === "Flagged" && before !== "Flagged") flaggedOn.push(date);
      if (after === "Decommissioned" && before !== "Decommissioned") decommissionedOn.push(date);
      if (w.started.length > startedBefore) reclaimStartedOn.push(date);
      w.state.now = new Date(w.state.now.getTime() + DAY);
    }
    expect(flaggedOn).toEqual(["2025-03-15"]);
    expect(decommissionedOn).toEqual(["2025-03-31"]);
    expect(w.writes.filter((x) => x.startsWith("move "))).toEqual([`move ${SUB.sandbox} decommissioned`]);
    expect(w.writes.filter((x) => x.startsWith("deallocate ")).length).toBe(1);
    expect(w.notes.filter((n) => n.kind === "sandbox.flagged")).toHaveLength(1);

    const budgetTitles = w.notes.filter((n) => n.title.startsWith("Budget ")).map((n) => n.title);
    expect(new Set(budgetTitles).size).toBe(budgetTitles.length === 0 ? 0 : new Set(budgetTitles).size);
    const fired = [...(await w.stores.budgetAlerts.fired(`/subscriptions/${SUB.corp}/providers/microsoft.consumption/budgets/monthly`, "2025-03-01"))].map((f) => `${f.kind}-${f.threshold}`).sort();
    expect(fired).toEqual(["actual-100", "actual-50", "actual-75", "actual-90", "forecasted-100", "forecasted-50", "forecasted-75", "forecasted-90"]);
    // One notification per threshold and period: 8 in March, the forecasted ones again in April.
    expect(budgetTitles.filter((t) => t.includes("actual")).length + budgetTitles.filter((t) => t.includes("forecasted")).length).toBe(budgetTitles.length);
    const march = await w.stores.budgetAlerts.fired(`/subscriptions/${SUB.corp}/providers/microsoft.consumption/budgets/monthly`, "2025-03-01");
    expect(march.find((f) => f.kind === "actual" && f.threshold === 50)?.firedAt.slice(0, 10)).toBe("2025-03-14");

    expect(reclaimStartedOn).toEqual(["2025-03-31"]);
    const report = SweepReport.parse(JSON.parse((await w.stores.reports.get("2025-04-14", "json"))!));
    expect(report.inventory.total).toBe(1);
    expect(report.inventory.change?.previousDate).toBe("2025-04-13");
    expect(report.scorecard.map((s) => s.area)).toEqual(["gpuReadiness", "networking", "security", "automation", "shadowAi", "multiRegion", "teamSkills"]);
    expect(await w.stores.reports.get("2025-04-14", "html")).toContain("<title>ailz nightly sweep — 2025-04-14</title>");
  });

  it("an extension-free rerun of the same night and a dry run change nothing more; the dry run decides the same", async () => {
    const w = createWorld();
    await w.stores.sandboxActivity.record({ sandboxId: SANDBOX, at: "2025-03-01T00:00:00.000Z", by: "" });
    w.state.now = new Date("2025-03-31T02:00:00Z");
    // Seed a flagged state so tonight decommissions.
    await w.stores.sandboxState.put(SANDBOX.toLowerCase(), { id: SANDBOX, kind: "subscription", status: "Flagged", flaggedAt: "2025-03-15T02:00:00.000Z", lastActivityAt: "2025-03-01T00:00:00.000Z", extensions: 0, updatedAt: "2025-03-15T02:00:00.000Z" });
    const dry = await night(w, { dryRun: true });
    expect(w.writes).toEqual([]);
    expect(await sandboxStatus(w)).toBe("Flagged");
    const dryReport = (await w.stores.catalog.get("sweepDryRun-2025-03-31"))!.value as { json: { items: { resourceId: string; outcome: string }[] } };
    const real = await night(w);
    expect(real.output).toMatchObject({ date: "2025-03-31", dryRun: false });
    expect(dry.output).toMatchObject({ dryRun: true });
    const realReport = SweepReport.parse(JSON.parse((await w.stores.reports.get("2025-03-31", "json"))!));
    const key = (i: { resourceId: string; outcome: string }) => `${i.resourceId}`;
    expect(dryReport.json.items.map(key).sort()).toEqual(realReport.items.map(key).sort());
    const writes = [...w.writes];
    expect(writes).toContain(`move ${SUB.sandbox} decommissioned`);
    await night(w);
    // Guardrail actions never repeat. The rerun resolves the decommissioned sandbox's findings, so
    // its VM loses the ailz-finding marker; after that nothing changes at all.
    const marker = (x: string) => x.endsWith(" ailz-finding");
    expect(w.writes.filter((x) => !marker(x))).toEqual(writes.filter((x) => !marker(x)));
    expect(w.writes.slice(writes.length)).toEqual([`untag /subscriptions/${SUB.sandbox}/resourceGroups/rg-play/providers/Microsoft.Compute/virtualMachines/vm1 ailz-finding`]);
    const converged = [...w.writes];
    await night(w);
    expect(w.writes).toEqual(converged);
  });

  it("a failing batch is retried by the runtime, then reported instead of dropped", async () => {
    const w = createWorld();
    const r = await night(w, { fail: (name, input) => name === SweepActivity.sweepBatch && input.index === 1 });
    expect(r.customStatus).toMatchObject({ failedBatches: [1], batchesDone: 2 });
    const report = SweepReport.parse(JSON.parse((await w.stores.reports.get("2025-03-01", "json"))!));
    expect(report.scope.failedBatches).toEqual([1]);
    expect(await w.stores.reports.get("2025-03-01", "md")).toContain("Failed batches");
  });
});

describe("quotaReclaim orchestrator", () => {
  const decision = (limit = 100) => ({
    guardrail: "idleGpuQuota", resourceId: "/subscriptions/x/providers/Microsoft.Compute/locations/eastus2/providers/Microsoft.Quota/quotas/f", verdict: "act" as const, reason: "idle", evidence: {}, dryRun: false,
    action: { type: "lowerQuotaAllocation" as const, subscriptionId: SUB.corp, location: "eastus2", family: "standardNCADSA100v4Family", fromLimit: limit, toLimit: 0, peakUsage: 0, currentUsage: 0, quotaGroup: { managementGroupId: "alz", name: "gpu-pool" }, graceDays: 7 },
  });

  it("lowers the allocation when the grace period passes without an answer, never below usage", async () => {
    const w = createWorld();
    w.state.quotaUsage = 8;
    const r = await runOrchestrator(quotaReclaim, { instanceId: "quotaReclaim-r1", input: { reclaimId: "r1", decision: decision(), owners: ["ana@contoso.com"], sweepId: "2025-03-31" }, now: () => w.state.now, activities: w.activities });
    expect(r.output).toMatchObject({ status: "Reclaimed" });
    expect(w.writes).toEqual([`quota ${SUB.corp} 8`]);
    expect(((await w.stores.quotaReclaims.get("r1"))!.value as { status: string }).status).toBe("Reclaimed");
  });

  it("a keep answer stops the reclaim and is recorded until the end of the window", async () => {
    const w = createWorld();
    const r = await runOrchestrator(quotaReclaim, {
      instanceId: "quotaReclaim-r2", input: { reclaimId: "r2", decision: decision(), owners: [], sweepId: "s" }, now: () => w.state.now, activities: w.activities,
      onRace: () => ({ event: "keep", payload: { by: "ana@contoso.com", reason: "training run next week" } }),
    });
    expect(r.output).toMatchObject({ status: "Kept" });
    expect(w.writes).toEqual([]);
    const doc = (await w.stores.quotaReclaims.get("r2"))!.value as { status: string; keptUntil: string; lastKeptAt: string };
    expect(doc.status).toBe("Kept");
    expect(doc.keptUntil.slice(0, 10)).toBe("2025-03-31");
  });
});
