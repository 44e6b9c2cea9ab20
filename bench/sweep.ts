import os from "node:os";
import { Policy } from "../shared/config/Policy";
import { createAzureClients } from "../shared/azure/clientFactory";
import { loadAzureConfig } from "../shared/azure/azureConfig";
import { startEmulator } from "../local/arm/startEmulator";
import * as clock from "../local/clock";
import { createSweepReader } from "../shared/sweep/createSweepReader";
import { listScope } from "../shared/sweep/listScope";
import { collectCosts } from "../shared/sweep/collectCosts";
import { collectQuotaAllocations } from "../shared/sweep/collectQuotaAllocations";
import { collectBatchFacts } from "../shared/sweep/collectBatchFacts";
import { evaluateBatch } from "../shared/sweep/evaluateBatch";
import { mapLimit } from "../shared/sweep/mapLimit";
import { buildLargeEstate } from "./support/largeEstate";

// npm run bench:sweep [-- --subscriptions 10000 --resources 1000000]
// Builds the synthetic estate in the ARM emulator with Azure's rate limits on, runs the sweep's
// fact collection and evaluation (the work of every activity; the durable plumbing is measured by
// bench:host) through the real SDK clients, and prints JSON lines: wall time, calls by API, the
// wall-time lower bound those calls imply under Azure's limits, peak RSS, and the same figures
// for a naive per-subscription sweep (list each subscription's resources, query each one's cost).

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const SUBSCRIPTIONS = arg("subscriptions", 10_000);
const RESOURCES = arg("resources", 1_000_000);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Seconds that Azure's published limits force for these many calls (Resource Graph 15/5 s per user, Cost Management 12 QPU/10 s per tenant). */
function lowerBoundS(calls: { resourceGraph: number; costManagement: number }): number {
  const graph = Math.max(0, calls.resourceGraph - 15) * (5 / 15);
  const cost = Math.max(0, calls.costManagement - 12) * (10 / 12);
  return Math.max(graph, cost);
}

async function main() {
  // Today on the local clock (it only moves forward): cost records are laid out for its month.
  const today = clock.nowDate().toISOString().slice(0, 10);
  const t0 = performance.now();
  const state = buildLargeEstate({ subscriptions: SUBSCRIPTIONS, resources: RESOURCES, today });
  print({ bench: "sweep", step: "estate", subscriptions: SUBSCRIPTIONS, resources: RESOURCES, buildMs: Math.round(performance.now() - t0), rssMb: rssMb() });

  const emu = await startEmulator({ port: 0, eventsEnabled: false });
  emu.emulator.replaceState(state);
  emu.emulator.throttle.setEnabled(true);
  const clients = createAzureClients(loadAzureConfig({ AILZ_ARM_ENDPOINT: emu.url, AILZ_ARM_RETRY_DELAY_MS: "200" }));
  const reader = createSweepReader(clients);
  const policy = Policy.parse({
    managementGroups: { root: "alz", archetypes: { corp: "corp", online: "online", sandbox: "sandbox", decommissioned: "decommissioned" } },
    gpuFamilies: { quotaFamilies: ["standardNCADSA100v4Family"] },
    quotaGroup: { managementGroupId: "alz", name: "gpu-pool" },
    sweep: { batchSize: 1000, concurrency: 4 },
    guardrails: { scorecard: { params: { gpuRegions: ["eastus2", "swedencentral"] } } },
  });

  const started = performance.now();
  const now = clock.nowDate();
  const subs = await listScope(reader, policy);
  const [costs, allocations] = await Promise.all([collectCosts(reader, policy, now), collectQuotaAllocations(reader, policy)]);
  const batches = Array.from({ length: Math.ceil(subs.length / policy.sweep.batchSize) }, (_, i) => subs.slice(i * policy.sweep.batchSize, (i + 1) * policy.sweep.batchSize));
  let decisions = 0;
  let resourcesSeen = 0;
  await mapLimit(batches, policy.sweep.concurrency, async (batch) => {
    const facts = await collectBatchFacts(reader, policy, batch, allocations);
    resourcesSeen += facts.resources.length;
    const e = evaluateBatch(policy, now, batch, facts, costs, { sandboxStates: [], activities: [], firedKeys: [], samples: [], reclaims: [], locks: {}, vcpusBySize: {} });
    decisions += e.decisions.length;
  });
  const wallS = (performance.now() - started) / 1000;
  const calls = reader.calls();
  const bound = lowerBoundS(calls);
  print({ bench: "sweep", step: "sweep", wallS: Number(wallS.toFixed(1)), subscriptions: subs.length, relevantRows: resourcesSeen + subs.length, decisions, calls, lowerBoundS: Number(bound.toFixed(1)), withinFactor: bound > 0 ? Number((wallS / bound).toFixed(2)) : null, graphPagesPer1000Rows: Number((calls.resourceGraph / ((resourcesSeen + subs.length) / 1000)).toFixed(2)), peakRssMb: rssMb(), cpus: os.cpus().length });

  // The naive sweep: per subscription, list its resources (ARM pages of 1,000) and query its cost.
  const perSub = new Map<string, number>();
  for (const r of state.resources.values()) {
    const s = /\/subscriptions\/([^/]+)/i.exec(r.id)?.[1]?.toLowerCase() ?? "";
    perSub.set(s, (perSub.get(s) ?? 0) + 1);
  }
  const naive = { armRead: [...perSub.values()].reduce((n, c) => n + Math.max(1, Math.ceil(c / 1000)), 0) + SUBSCRIPTIONS - perSub.size, costManagement: SUBSCRIPTIONS, resourceGraph: 0, quota: SUBSCRIPTIONS * 3 * 2 };
  print({ bench: "sweep", step: "naive", calls: naive, lowerBoundS: Number(lowerBoundS(naive).toFixed(1)), note: "per-subscription resource list + cost query + quota reads in every region" });
  await emu.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
