// `npm run bench:events`: the event path under load. The local world (host + emulator + Azurite)
// runs as a child process; this process posts Event Grid deliveries (Event Grid schema, batches)
// to the host's webhook /runtime/webhooks/EventGrid?functionName=resourceEvents, the way Event
// Grid does. Every delivery runs the full pipeline: dedupe in Table Storage, facts re-read
// through the ARM emulator with the real SDK clients, guardrails, audit, findings.
// Phases (bounded by BENCH_EVENTS / BENCH_LATENCY_EVENTS), after BENCH_WARMUP_EVENTS unmeasured:
//   throughput  batches of BENCH_BATCH no-action events, BENCH_CONCURRENCY deliveries in flight:
//               over 200 resources (a busy estate: events share reads), then over BENCH_DISTINCT_EVENTS
//               resources written once each, then unjudged events
//   latency     single-event deliveries: time from POST to the function's completion (the host
//               answers after the invocation), i.e. time to decision, for the no-action path
//               (tagged non-AI resource written by the pipeline) and the flag path (GPU VM written
//               by a person: shadow-AI findings, audit, marker tag, dry run).
// Azurite runs in memory (BENCH_AZURITE_PERSISTENCE=disk for its default): its disk mode saves the
// whole database every 5 s on the thread that serves requests, which stalls every table call in
// flight for 100-300 ms once the event records add up, and a twin's pauses are not ailz's latency.
// Prints one JSON line per phase and a summary with peak RSS.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnLocal, type LocalProcess } from "../test/support/spawnLocal";
import { APP_ENTRY, CORP, estate, PERSON, PIPELINE, policyYaml, rgId, TAGS } from "../test/functions/support/eventsWorld";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LATENCY_EVENTS = Number(process.env.BENCH_LATENCY_EVENTS ?? 1_000);
/** No-action events delivered (as the throughput phase does) before anything is measured; BENCH_WARMUP_EVENTS=0 measures the instance cold. */
const WARMUP = Number(process.env.BENCH_WARMUP_EVENTS ?? 5_000);
const LATENCY_CONCURRENCY = Number(process.env.BENCH_LATENCY_CONCURRENCY ?? 4);
/** BENCH_EVENTS_PHASES=throughput,distinct,unjudged,latency (default all): run only these phases, e.g. to profile one. */
const PHASES = new Set((process.env.BENCH_EVENTS_PHASES ?? "throughput,distinct,unjudged,latency").split(",").map((p) => p.trim()));
const PLAIN = 200;
/** Resources written once each: the no-action path with no read to share (every event its own ARM read). */
const DISTINCT = Number(process.env.BENCH_DISTINCT_EVENTS ?? 2_000);
const GPU = 20;

const plainId = (i: number) => `${rgId("rg-bench")}/providers/Microsoft.Storage/storageAccounts/stbench${String(i).padStart(4, "0")}`;
const distinctId = (i: number) => `${rgId("rg-bench")}/providers/Microsoft.Storage/storageAccounts/stdist${String(i).padStart(5, "0")}`;
/** A child type (no tags of its own): no guardrail judges it, so the event needs no ARM read and no findings query. */
const subnetId = (i: number) => `${rgId("rg-bench")}/providers/Microsoft.Network/virtualNetworks/vnet-bench/subnets/snet${i}`;
const gpuId = (i: number) => `${rgId("rg-bench")}/providers/Microsoft.Compute/virtualMachines/gpu-bench-${i}`;

function benchEstate() {
  const e = estate() as ReturnType<typeof estate> & { resources: unknown[] };
  for (let i = 0; i < PLAIN; i++) {
    e.resources.push({ id: plainId(i), name: plainId(i).split("/").pop(), type: "Microsoft.Storage/storageAccounts", location: "eastus2", kind: "StorageV2", sku: { name: "Standard_LRS" }, tags: TAGS, properties: { minimumTlsVersion: "TLS1_2" } });
  }
  for (let i = 0; i < DISTINCT; i++) {
    e.resources.push({ id: distinctId(i), name: distinctId(i).split("/").pop(), type: "Microsoft.Storage/storageAccounts", location: "eastus2", kind: "StorageV2", sku: { name: "Standard_LRS" }, tags: TAGS, properties: { minimumTlsVersion: "TLS1_2" } });
  }
  for (let i = 0; i < GPU; i++) {
    e.resources.push({ id: gpuId(i), name: `gpu-bench-${i}`, type: "Microsoft.Compute/virtualMachines", location: "eastus2", tags: TAGS, properties: { hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" } } });
  }
  return e;
}

const claims = {
  pipeline: { "http://schemas.microsoft.com/identity/claims/objectidentifier": PIPELINE.oid, appid: PIPELINE.appid, idtyp: "app" },
  person: { "http://schemas.microsoft.com/identity/claims/objectidentifier": PERSON.oid, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": PERSON.upn, name: PERSON.name, idtyp: "user" },
};

function event(resourceId: string, who: keyof typeof claims) {
  const op = resourceId.includes("virtualMachines") ? "Microsoft.Compute/virtualMachines/write" : resourceId.includes("/subnets/") ? "Microsoft.Network/virtualNetworks/subnets/write" : "Microsoft.Storage/storageAccounts/write";
  return {
    id: randomUUID(), topic: `/subscriptions/${CORP}`, subject: resourceId, eventType: "Microsoft.Resources.ResourceWriteSuccess", eventTime: new Date().toISOString(),
    data: { resourceUri: resourceId, operationName: op, status: "Succeeded", subscriptionId: CORP, claims: claims[who] },
    dataVersion: "2", metadataVersion: "1",
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}
const ms = (x: number) => Number(x.toFixed(2));

/** Posts `deliveries` (each an array of events) with `concurrency` in flight; per-delivery round trips. */
async function drive(world: LocalProcess, deliveries: unknown[][], concurrency: number) {
  const url = `${world.hostUrl}/runtime/webhooks/EventGrid?functionName=resourceEvents`;
  const headers = { "x-functions-key": world.functionKey, "content-type": "application/json", "aeg-event-type": "Notification" };
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const cpuBefore = worldCpuSeconds(world.pid());
  const started = performance.now();
  async function worker() {
    while (next < deliveries.length) {
      const body = JSON.stringify(deliveries[next++]);
      const t0 = performance.now();
      const res = await fetch(url, { method: "POST", headers, body }).catch((e: Error) => ({ status: 0, text: async () => e.message }));
      const text = await res.text();
      latencies.push(performance.now() - t0);
      if (res.status !== 202 && failures.length < 5) failures.push(`${res.status} ${text.slice(0, 200)}`);
      else if (res.status !== 202) failures.push("");
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const cpu = worldCpuSeconds(world.pid()) - cpuBefore;
  return { seconds: (performance.now() - started) / 1000, latencies, failures, worldCpuMsPerEvent: ms((cpu * 1000) / Math.max(1, deliveries.flat().length)) };
}

const AZURITE = process.env.BENCH_AZURITE_PERSISTENCE ?? "memory";
const loadAverage = () => ({ oneFiveFifteen: os.loadavg().map((x) => Number(x.toFixed(2))), cpus: os.cpus().length });

/**
 * The world's per-stage timing histograms since the last call (the host serves them with
 * AILZ_STAGE_TIMINGS=1), then reset: where a phase's time went, by stage: host.delivery /
 * host.invoke (the host and programming model), event.* (ailz's pipeline: directory, dedupe,
 * facts, findings, carry-out, telemetry).
 */
async function stages(world: LocalProcess): Promise<{ stages: unknown }> {
  const url = `${world.hostUrl}/admin/host/stages`;
  const headers = { "x-functions-key": world.functionKey };
  const res = await fetch(url, { headers });
  const body = (await res.json()) as { stages: unknown };
  await (await fetch(url, { method: "DELETE", headers })).arrayBuffer();
  return { stages: body.stages };
}

/** CPU seconds (user + system) the world's process and its children (Azurite) have used: load-insensitive cost per event. */
function worldCpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  let total = 0;
  const visit = (p: number) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / 100;
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        for (const c of fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) visit(Number(c));
      }
    } catch {
      // gone meanwhile
    }
  };
  visit(pid);
  return total;
}

function peakRssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-bench-events-"));
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(benchEstate()));
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), policyYaml({}));
  const cpuProf = process.env.BENCH_CPU_PROF;
  const world = await spawnLocal({ nodeArgs: cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(cpuProf)}`] : [], appEntry: process.env.BENCH_APP_ENTRY ?? APP_ENTRY, estate: path.join(dir, "estate.json"), env: { AILZ_AZURITE_PERSISTENCE: AZURITE, AILZ_STAGE_TIMINGS: "1", AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml"), AILZ_WEBHOOK_URL: "http://127.0.0.1:9/none", AILZ_TEAMS_URL: "http://127.0.0.1:9/none" } });
  try {
    // Warm-up: SDK clients, tables, the subscription directory; then WARMUP events of the
    // throughput phase's shape, so the figures are the warm instance's (the JIT's code for the hot
    // path, sockets, Azurite's tables) that an estate's event stream meets; cold start is bench:bundle's.
    await drive(world, Array.from({ length: 50 }, (_, i) => [event(plainId(i % PLAIN), "pipeline")]), 4);
    if (WARMUP > 0) {
      const warm = Array.from({ length: Math.ceil(WARMUP / BATCH) }, (_, i) => Array.from({ length: BATCH }, (_, j) => event(plainId((i * BATCH + j) % PLAIN), "pipeline")));
      const t = await drive(world, warm, CONCURRENCY);
      console.log(JSON.stringify({ bench: "events.warmup", events: warm.flat().length, seconds: ms(t.seconds), eventsPerSecond: Math.round(warm.flat().length / t.seconds), failedDeliveries: t.failures.length, loadAverage: loadAverage() }));
    }
    await stages(world);

    /** Drives `deliveries` with BENCH_CONCURRENCY in flight; prints the throughput line and the phase's stage histograms. */
    const throughput = async (label: string, phase: string, deliveries: unknown[][]) => {
      const events = deliveries.flat().length;
      const t = await drive(world, deliveries, CONCURRENCY);
      console.log(JSON.stringify({
        bench: "events.throughput", path: label, events, batchSize: BATCH, concurrency: CONCURRENCY,
        seconds: ms(t.seconds), eventsPerSecond: Math.round(events / t.seconds), worldCpuMsPerEvent: t.worldCpuMsPerEvent, failedDeliveries: t.failures.length,
        batchP50Ms: ms(percentile(t.latencies, 50)), batchP99Ms: ms(percentile(t.latencies, 99)), firstFailures: t.failures.filter(Boolean), ...(process.env.BENCH_DEBUG ? { all: t.latencies.map(ms) } : {}),
        loadAverage: loadAverage(),
      }));
      console.log(JSON.stringify({ bench: "events.stages", phase, ...(await stages(world)) }));
    };
    const batches: unknown[][] = [];
    for (let i = 0; i < EVENTS; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, j) => event(plainId((i + j) % PLAIN), "pipeline")));
    if (PHASES.has("throughput")) await throughput("no-action", "throughput no-action", batches);
    if (PHASES.has("distinct")) {
      const distinct: unknown[][] = [];
      for (let i = 0; i < DISTINCT; i += BATCH) distinct.push(Array.from({ length: Math.min(BATCH, DISTINCT - i) }, (_, j) => event(distinctId(i + j), "pipeline")));
      await throughput("no-action, every event a different resource (no read to share)", "throughput no-action distinct", distinct);
    }
    if (PHASES.has("unjudged")) {
      await throughput("unjudged (child type: no ARM read, no findings query)", "throughput unjudged", batches.map((b) => b.map((_, j) => event(subnetId(j), "pipeline"))));
    }

    const latency = [["no-action", "pipeline", plainId], ["unjudged", "pipeline", subnetId], ["flag", "person", gpuId]] as const;
    for (const [name, who, idOf] of latency.filter(([n]) => PHASES.has("latency") || PHASES.has(n))) {
      const n = LATENCY_EVENTS;
      const deliveries = Array.from({ length: n }, (_, i) => [event(idOf(i % (name === "flag" ? GPU : PLAIN)), who)]);
      const r = await drive(world, deliveries, LATENCY_CONCURRENCY);
      console.log(JSON.stringify({
        bench: "events.timeToDecision", path: name, events: n, concurrency: LATENCY_CONCURRENCY, eventsPerSecond: Math.round(n / r.seconds), worldCpuMsPerEvent: r.worldCpuMsPerEvent,
        p50Ms: ms(percentile(r.latencies, 50)), p99Ms: ms(percentile(r.latencies, 99)), maxMs: ms(r.latencies[r.latencies.length - 1] ?? NaN), failedDeliveries: r.failures.length,
        firstFailures: r.failures.filter(Boolean), loadAverage: loadAverage(),
      }));
      console.log(JSON.stringify({ bench: "events.stages", phase: `timeToDecision ${name}`, ...(await stages(world)) }));
      if (r.failures.length > 0) console.error(world.output().slice(-3000));
    }
    console.log(JSON.stringify({ bench: "events.memory", worldPeakRssMb: peakRssMb(world.pid()), benchPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), azurite: AZURITE, note: "world = host + emulator process (Azurite is a separate child)", loadAverage: loadAverage() }));
  } finally {
    await world.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
