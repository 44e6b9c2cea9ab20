import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Policy } from "../shared/config/Policy";
import { createLocalAzureClients } from "../local/azure/createLocalAzureClients";
import { createSweepReader } from "../shared/sweep/createSweepReader";
import type { SweepReader } from "../shared/sweep/SweepReader";
import { listScope } from "../shared/sweep/listScope";
import { listTaggedGroups } from "../shared/sweep/listTaggedGroups";
import { collectCosts } from "../shared/sweep/collectCosts";
import { collectQuotaAllocations } from "../shared/sweep/collectQuotaAllocations";
import { collectBatchFacts } from "../shared/sweep/collectBatchFacts";
import { collectGpuCosts } from "../shared/sweep/collectGpuCosts";
import { gpuUtilisationCollector } from "../shared/sweep/collectGpuUtilisation";
import { metricsBatches } from "../shared/azure/monitor/queryMetricsBatch";
import { evaluateBatch } from "../shared/sweep/evaluateBatch";
import { gpuRegions } from "../shared/sweep/gpuRegions";
import { mapLimit } from "../shared/sweep/mapLimit";
import { spawnEmulator } from "./support/spawnEmulator";

// npm run bench:sweep            (BENCH_SUBSCRIPTIONS / BENCH_RESOURCES or --subscriptions / --resources to shrink it)
// Generates the synthetic estate (local/estate/generate.ts, in a child process, cached per day in
// the temp dir), starts the ARM emulator on it in a CHILD process with Azure's rate limits on, runs
// the sweep's fact collection and evaluation (the work of every batch activity; the durable
// plumbing is measured by bench:host) in this process through the real SDK clients, and prints
// JSON lines: wall time per phase, calls by API, the wall-time lower bound those calls imply under
// Azure's limits, peak RSS of this (sweep) process and of the emulator process, load average, and
// the same call count / bound for a naive per-subscription sweep.

const setting = (name: string, env: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${env} (--${name}) must be a positive integer, got '${raw}'`);
  return v;
};
const SUBSCRIPTIONS = setting("subscriptions", "BENCH_SUBSCRIPTIONS", 10_000);
const RESOURCES = setting("resources", "BENCH_RESOURCES", 1_000_000);
const BATCH_SIZE = setting("batch-size", "BENCH_BATCH_SIZE", 1000);
const CONCURRENCY = setting("concurrency", "BENCH_CONCURRENCY", 4);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench: "sweep", ...line })}\n`);
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const round1 = (n: number) => Math.round(n * 10) / 10;
const repoRoot = path.resolve(__dirname, "..");
// The sweep reads month-to-date cost: the month's days so far are enough (the emulator holds less).
const COST_DAYS = Math.max(1, new Date().getUTCDate() - 1);

interface Calls {
  resourceGraph: number;
  costManagementQpu: number;
  armRead: number;
  armWrite: number;
  quota: number;
  /** Azure Monitor metrics:getBatch calls (up to 50 resources each). */
  metrics: number;
  /** Most ARM reads (incl. quota and metrics) against any one subscription: ARM's buckets are per subscription and principal. */
  maxReadsPerSubscription: number;
  /** Most metrics calls against any one subscription. */
  maxMetricsPerSubscription: number;
}

/** Calls beyond a windowed quota's first window wait whole windows: (calls - limit) / limit windows. */
const windowed = (calls: number, limit: number, windowS: number) => (Math.max(0, calls - limit) / limit) * windowS;

/**
 * Seconds that Azure's published limits force for these calls: Resource Graph 15 queries / 5 s
 * per user; Cost Management 12 QPU / 10 s, 60 / min, 600 / h per tenant; ARM reads a bucket of
 * 250 refilled at 25/s per subscription (the busiest subscription bounds it). Metrics calls are
 * charged to the same per-subscription read bucket (as the emulator does: Microsoft documents the
 * batch API's limits as higher than ARM's but publishes no number, so this bound is conservative),
 * and shown on their own as `metrics`. Phases can overlap, so the bound is the slowest family,
 * not their sum.
 */
function lowerBound(c: Calls): { seconds: number; by: Record<string, number> } {
  const by = {
    resourceGraph: windowed(c.resourceGraph, 15, 5),
    costManagement: Math.max(windowed(c.costManagementQpu, 12, 10), windowed(c.costManagementQpu, 60, 60), windowed(c.costManagementQpu, 600, 3600)),
    armRead: Math.max(0, c.maxReadsPerSubscription - 250) / 25,
    metrics: Math.max(0, c.maxMetricsPerSubscription - 250) / 25,
  };
  return { seconds: Math.max(...Object.values(by)), by: Object.fromEntries(Object.entries(by).map(([k, v]) => [k, round1(v)])) };
}

/** Generates the estate file with the generator's CLI in a child process (its memory is not the sweep's). */
async function estateFile(today: string): Promise<string> {
  const dir = path.join(os.tmpdir(), "ailz-bench-sweep");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `estate-${SUBSCRIPTIONS}-${RESOURCES}-${COST_DAYS}-${today}.json`);
  if (existsSync(file)) return file;
  const started = performance.now();
  const tmp = `${file}.${process.pid}.tmp`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--max-old-space-size=8192", "--import", "tsx", "local/estate/generate.ts", "--subscriptions", String(SUBSCRIPTIONS), "--resources", String(RESOURCES), "--cost-days", String(COST_DAYS), "--out", tmp], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`estate generator exited with code ${code}`))));
  });
  const { renameSync } = await import("node:fs");
  renameSync(tmp, file);
  print({ step: "estate", file, generateMs: Math.round(performance.now() - started) });
  return file;
}

/** Counts reads per subscription on top of the reader's own per-family counts. */
function withPerSubscriptionCounts(reader: SweepReader): { reader: SweepReader; maxPerSubscription(): number; maxMetricsPerSubscription(): number } {
  const per = new Map<string, number>();
  const metrics = new Map<string, number>();
  const hit = (sub: string, n: number, m = per) => m.set(sub.toLowerCase(), (m.get(sub.toLowerCase()) ?? 0) + n);
  const subOf = (id: string) => /\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? "";
  return {
    reader: {
      ...reader,
      metrics: (region, q) => {
        // The reader splits ids into getBatch calls of one subscription each; count them where they land.
        const bySub = new Map<string, string[]>();
        for (const id of q.resourceIds) bySub.set(subOf(id), [...(bySub.get(subOf(id)) ?? []), id]);
        for (const [s, ids] of bySub) {
          const n = metricsBatches(ids).length;
          hit(s, n);
          hit(s, n, metrics);
        }
        return reader.metrics(region, q);
      },
      budgets: (s) => (hit(s, 1), reader.budgets(s)),
      computeQuota: (s, l) => (hit(s, 2), reader.computeQuota(s, l)),
    },
    maxPerSubscription: () => Math.max(0, ...per.values()),
    maxMetricsPerSubscription: () => Math.max(0, ...metrics.values()),
  };
}

async function main() {
  const today = new Date().toISOString().slice(0, 10);
  const loadStart = os.loadavg();
  const file = await estateFile(today);
  const emu = await spawnEmulator(file);
  print({ step: "emulator", pid: emu.pid, loadMs: emu.loadMs, emulatorRssMb: emu.peakRssMb(), subscriptions: SUBSCRIPTIONS, resources: RESOURCES });
  const settings = { AILZ_ARM_RETRY_DELAY_MS: "200" };
  const policy = Policy.parse({
    managementGroups: { root: "alz", archetypes: { corp: "corp", online: "online", sandbox: "sandbox", decommissioned: "decommissioned" } },
    gpuFamilies: { quotaFamilies: ["standardNCADSA100v4Family"] },
    quotaGroup: { managementGroupId: "alz", name: "gpu-pool" },
    sweep: { batchSize: BATCH_SIZE, concurrency: CONCURRENCY },
    // idleGpuCompute on: its metrics reads (running GPU compute only) and its one cost query are part of the night.
    guardrails: { scorecard: { params: { gpuRegions: ["eastus2", "swedencentral", "westeurope"] } }, idleGpuCompute: { mode: "dryRun" } },
  });

  // The naive sweep's resource-list pages: one per subscription, more where one holds over 1,000
  // resources. Asked of the emulator before throttling is on and not counted as the sweep's calls.
  const probe = createSweepReader(createLocalAzureClients(emu.url, settings));
  let extraPages = 0;
  for await (const row of probe.graph("resources | summarize n = count() by subscriptionId | where n > 1000 | project subscriptionId, n", {})) extraPages += Math.ceil(Number(row.n) / 1000) - 1;

  const put = await fetch(`${emu.url}/_emulator/throttling`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: true }) });
  if (!put.ok) throw new Error(`PUT /_emulator/throttling: ${put.status} ${await put.text()}`);

  const counted = withPerSubscriptionCounts(createSweepReader(createLocalAzureClients(emu.url, settings)));
  const reader = counted.reader;
  let loadMax = os.loadavg()[0]!;
  const loadTimer = setInterval(() => (loadMax = Math.max(loadMax, os.loadavg()[0]!)), 5_000);
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const emuCpu0 = emu.cpuS();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const at = () => round1((performance.now() - started) / 1000);
  const phases: Record<string, number> = {};
  const now = new Date();

  // Costs and quota allocations do not depend on the scope: they run while the scope pages.
  const timed = <T>(name: string, p: Promise<T>) => p.then((r) => ((phases[name] = at()), r));
  const shared = Promise.all([timed("costsS", collectCosts(reader, policy, now)), timed("allocationsS", collectQuotaAllocations(reader, policy)), timed("gpuCostsS", collectGpuCosts(reader, policy, now))]).then((r) => ((phases.sharedS = at()), r));
  const [subs, taggedGroups] = await Promise.all([listScope(reader, policy), listTaggedGroups(reader, policy)]);
  phases.scopeS = at();
  const [costs, allocations, gpuMonthlyCost] = await shared;
  const batches = Array.from({ length: Math.ceil(subs.length / policy.sweep.batchSize) }, (_, i) => subs.slice(i * policy.sweep.batchSize, (i + 1) * policy.sweep.batchSize));
  let decisions = 0;
  const evaluateMs: number[] = [];
  let resourcesSeen = 0;
  let gpuTargets = 0;
  const targetsPerSub = new Map<string, number>();
  await mapLimit(batches, policy.sweep.concurrency, async (batch) => {
    const metrics = gpuUtilisationCollector(reader, policy, now);
    const collected = await collectBatchFacts(reader, policy, batch, { allocations, taggedGroups }, { onSubscriptionResources: metrics.add });
    const gpu = await metrics.done();
    gpuTargets += gpu.length;
    for (const u of gpu) targetsPerSub.set(u.subscriptionId, (targetsPerSub.get(u.subscriptionId) ?? 0) + 1);
    const facts = { ...collected, gpu, gpuMonthlyCost };
    resourcesSeen += facts.resources.length;
    const evalStart = performance.now();
    const e = evaluateBatch(policy, now, batch, facts, costs, { sandboxStates: [], activities: [], firedKeys: [], samples: [], reclaims: [], locks: {}, vcpusBySize: {}, exemptions: [] });
    evaluateMs.push(Math.round(performance.now() - evalStart));
    decisions += e.decisions.length;
  });
  phases.batchesS = at();
  const wallS = (performance.now() - started) / 1000;
  clearInterval(loadTimer);
  const cpu = process.cpuUsage(cpu0);
  const r = reader.calls();
  const calls: Calls = { resourceGraph: r.resourceGraph, costManagementQpu: r.costManagement, armRead: r.armRead, armWrite: 0, quota: r.quota, metrics: r.metrics, maxReadsPerSubscription: counted.maxPerSubscription(), maxMetricsPerSubscription: counted.maxMetricsPerSubscription() };
  const bound = lowerBound(calls);
  // Every row the sweep needs: subscriptions, the scope's tagged groups, the batches' resources.
  const relevantRows = resourcesSeen + taggedGroups.length + subs.length;
  print({
    step: "sweep",
    wallS: round1(wallS),
    phases,
    subscriptions: subs.length,
    batches: batches.length,
    batchSize: policy.sweep.batchSize,
    concurrency: policy.sweep.concurrency,
    relevantRows,
    decisions,
    // evaluateBatch is synchronous: while it runs, this process answers no other batch's pages.
    evaluateMs: { total: evaluateMs.reduce((a, b) => a + b, 0), max: Math.max(0, ...evaluateMs) },
    eventLoopDelayMaxMs: Math.round(loopDelay.max / 1e6),
    gpuMetricTargets: gpuTargets,
    calls,
    lowerBoundS: round1(bound.seconds),
    lowerBoundByApiS: bound.by,
    withinFactor: bound.seconds > 0 ? Number((wallS / bound.seconds).toFixed(2)) : null,
    graphPagesPer1000Rows: Number((calls.resourceGraph / (relevantRows / 1000)).toFixed(2)),
    peakRssMb: { sweep: rssMb(), emulator: emu.peakRssMb() },
    cpuS: { sweep: round1((cpu.user + cpu.system) / 1e6), emulator: round1(emu.cpuS() - emuCpu0) },
    loadAvg1m: { before: round1(loadStart[0]!), max: round1(loadMax), after: round1(os.loadavg()[0]!) },
    cpus: os.cpus().length,
  });

  // The naive sweep: per subscription, list its resources (ARM pages of 1,000), query its cost,
  // list its budgets, read quota (usages + limits) in every GPU region, and one ARM metrics GET
  // per running GPU resource (the per-resource API the batch API replaces).
  const regions = gpuRegions(policy).length;
  const maxTargets = Math.max(0, ...targetsPerSub.values());
  const naive: Calls = {
    resourceGraph: 0,
    costManagementQpu: SUBSCRIPTIONS,
    armRead: SUBSCRIPTIONS + extraPages + SUBSCRIPTIONS,
    armWrite: 0,
    quota: SUBSCRIPTIONS * regions * 2,
    metrics: gpuTargets,
    maxReadsPerSubscription: 2 + regions * 2 + (extraPages > 0 ? 1 : 0) + maxTargets,
    maxMetricsPerSubscription: maxTargets,
  };
  const naiveBound = lowerBound(naive);
  print({ step: "naive", calls: naive, lowerBoundS: round1(naiveBound.seconds), lowerBoundByApiS: naiveBound.by, note: "per subscription: resource list pages + one cost query (1 QPU) + budget list + quota usages and limits in every GPU region + one metrics GET per running GPU resource" });
  await emu.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
