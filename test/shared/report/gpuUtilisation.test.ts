import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../local/arm/startEmulator";
import { buildDemoEstate } from "../../../local/demo/buildDemoEstate";
import { createLocalAzureClients } from "../../../local/azure/createLocalAzureClients";
import { loadPolicy } from "../../../shared/config/loadPolicy";
import type { Policy } from "../../../shared/config/Policy";
import { collectBatchFacts } from "../../../shared/sweep/collectBatchFacts";
import { collectGpuCosts } from "../../../shared/sweep/collectGpuCosts";
import { gpuUtilisationCollector } from "../../../shared/sweep/collectGpuUtilisation";
import { listTaggedGroups } from "../../../shared/sweep/listTaggedGroups";
import { collectQuotaAllocations } from "../../../shared/sweep/collectQuotaAllocations";
import { createSweepReader } from "../../../shared/sweep/createSweepReader";
import { listScope } from "../../../shared/sweep/listScope";
import type { BatchFacts } from "../../../shared/sweep/BatchFacts";
import { buildReport } from "../../../shared/report/buildReport";
import { gpuUtilisationRows } from "../../../shared/report/gpuUtilisationRows";
import { gpuTeamSpend, mergeGpuTeamSpend } from "../../../shared/report/GpuTeamSpend";
import { renderHtml } from "../../../shared/report/renderHtml";
import { renderMarkdown } from "../../../shared/report/renderMarkdown";
import { emptyCounts } from "../../../shared/sweep/ScorecardCounts";
import type { SweepReport } from "../../../shared/report/SweepReport";
import { demoSub } from "../../support/demoSlice";
import { ids } from "../../support/demoExpectations";

// The report's GPU utilisation section on the demo estate, from the facts the sweep's own readers
// collect (Resource Graph, quota, Azure Monitor metrics from the emulator's workload profiles,
// one Cost Management query), rendered in Markdown and HTML.
const real = new Date();
const NOW = new Date(Date.UTC(real.getUTCFullYear(), real.getUTCMonth() + 1, 20, 9, 30));

let emu: RunningEmulator;
let policy: Policy;
let facts: BatchFacts;
let report: SweepReport;
let subs: Awaited<ReturnType<typeof listScope>>;

beforeAll(async () => {
  policy = loadPolicy(path.join(__dirname, "../../../guardrails.yaml"), { env: {} });
  emu = await startEmulator({ port: 0, estate: buildDemoEstate(NOW), eventsEnabled: false });
  expect((await fetch(`${emu.url}/_emulator/clock`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: NOW.toISOString() }) })).status).toBe(200);
  const reader = createSweepReader(createLocalAzureClients(emu.url, { AILZ_ARM_RETRY_DELAY_MS: "20" }));
  subs = await listScope(reader, policy);
  const metrics = gpuUtilisationCollector(reader, policy, NOW);
  const collected = await collectBatchFacts(reader, policy, subs, { allocations: await collectQuotaAllocations(reader, policy), taggedGroups: await listTaggedGroups(reader, policy) }, { onSubscriptionResources: metrics.add });
  facts = { ...collected, gpu: await metrics.done(), gpuMonthlyCost: await collectGpuCosts(reader, policy, NOW) };
  const detail = { index: 0, subscriptions: subs.length, items: [], inventory: [], counts: emptyCounts(), sandboxes: [], gpu: gpuUtilisationRows(facts, subs, policy, "USD"), gpuByTeam: gpuTeamSpend(facts, subs, policy, "USD") };
  report = buildReport([detail], { date: NOW.toISOString().slice(0, 10), sweepId: "s", generatedAt: NOW.toISOString(), dryRun: false, batches: 1, failedBatches: [], reclaims: { started: [], running: [] } }, undefined, policy);
}, 120_000);
afterAll(async () => emu?.close());

const rowOf = (key: string) => report.gpuUtilisation.find((r) => r.subscriptionId === demoSub(key))!;
const monthly = (id: string) => facts.gpuMonthlyCost![id.toLowerCase()]!;

describe("GPU utilisation in the nightly report", () => {
  it("the idle dev subscription: an A100 running at under 1%, a stopped one billed, all of it waste", () => {
    const r = rowOf("analytics-dev");
    expect(r).toMatchObject({ coresAllocated: 64 + 48, coresRunning: 24, measured: 1, gpuMeasured: 1, idleHours: 72, windowHours: 72 });
    expect(r.averageUtilisation!).toBeLessThan(1);
    expect(monthly(ids.analyticsIdleA100)).toBeGreaterThan(1000);
    expect(r.estimatedMonthlyWaste).toBeCloseTo(monthly(ids.analyticsIdleA100) + monthly(ids.analyticsStoppedA100), 1);
    expect(report.gpuUtilisation[0]!.subscriptionId).toBe(demoSub("analytics-dev"));
  });

  it("training busy on its GPU metric: no idle hours, no waste", () => {
    const r = rowOf("ml-training-prod");
    expect(r).toMatchObject({ coresAllocated: 256, coresRunning: 192, measured: 2, gpuMeasured: 1, idleHours: 0, estimatedMonthlyWaste: 0 });
    expect(r.averageUtilisation!).toBeGreaterThan(80);
  });

  it("a sandbox T4 idle by CPU and network: no GPU average, its cost is waste", () => {
    const r = rowOf("sbx-bob");
    expect(r).toMatchObject({ coresAllocated: 8, coresRunning: 4, averageUtilisation: null, measured: 1, gpuMeasured: 0, idleHours: 72 });
    expect(r.estimatedMonthlyWaste).toBeCloseTo(monthly(ids.bobT4), 1);
  });

  it("the AKS GPU pool's nodes count as running cores", () => {
    expect(rowOf("vision-prod")).toMatchObject({ coresAllocated: 96, coresRunning: 48 });
  });

  it("GPU spend by team: every GPU run rate under its cost-center (the resource's tag, else the subscription's), summing to the whole", () => {
    const all = Object.values(facts.gpuMonthlyCost!).reduce((a, b) => a + b, 0);
    const teams = report.gpuByTeam;
    expect(teams.length).toBeGreaterThan(1);
    expect(teams.every((t) => t.tag === "cost-center")).toBe(true);
    expect(teams.reduce((a, t) => a + t.monthlyCost, 0)).toBeCloseTo(all, 0);
    expect(teams.map((t) => t.monthlyCost)).toEqual([...teams.map((t) => t.monthlyCost)].sort((a, b) => b - a));
    // The idle A100's team is its own tag's value, or its subscription's.
    const a100 = facts.resources.find((r) => r.id.toLowerCase() === ids.analyticsIdleA100.toLowerCase())!;
    const team = a100.tags["cost-center"] ?? subs.find((x) => x.id === a100.subscriptionId)!.tags["cost-center"] ?? "(untagged)";
    expect(teams.find((t) => t.team === team)!.monthlyCost).toBeGreaterThanOrEqual(monthly(ids.analyticsIdleA100) - 0.01);
    // Batches merge per team.
    const half = mergeGpuTeamSpend([teams, teams]);
    expect(half.map((t) => [t.team, t.monthlyCost])).toEqual(teams.map((t) => [t.team, Math.round(t.monthlyCost * 200) / 100]));
    expect(renderMarkdown(report)).toContain("## GPU spend by team (cost-center)");
    expect(renderHtml(report)).toContain("<h2>GPU spend by team (cost-center)</h2>");
  });

  it("renders in Markdown and HTML", () => {
    const md = renderMarkdown(report);
    expect(md).toContain("## GPU utilisation");
    const line = md.split("\n").find((l) => l.startsWith(`| corp-analytics-dev (${demoSub("analytics-dev")}) |`))!;
    expect(line).toMatch(/^\| corp-analytics-dev \(\S+\) \| 112 \| 24 \| 0\.\d% \(1 of 1 measured\) \| 72 h of 1 × 72 h \| [\d,]+ USD \|$/);
    const html = renderHtml(report);
    expect(html).toContain("<h2>GPU utilisation</h2>");
    expect(html).toContain(`<td>sbx-bob-vision-poc <code>${demoSub("sbx-bob")}</code></td><td class="num">8</td><td class="num">4</td><td class="num">no GPU metric</td>`);
  });
});
