import type { MetricSeries } from "../azure/monitor/queryMetricsBatch";
import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";
import type { ResourceFacts } from "../estate/ResourceFacts";
import { idleGpuComputeParams, type IdleGpuComputeParams } from "../guardrails/idleGpuCompute/params";
import { createLimiter } from "./createLimiter";
import { isGpuSize } from "../guardrails/isGpuSize";
import { vmSizeOf } from "../guardrails/vmSizeOf";
import type { GpuUtilisation } from "./GpuUtilisation";
import { powerStateOf } from "./provenance/powerStateOf";
import type { SweepReader } from "./SweepReader";

const HOUR = 3_600_000;
const VM = "microsoft.compute/virtualmachines";
const VMSS = "microsoft.compute/virtualmachinescalesets";
const AML_COMPUTE = "microsoft.machinelearningservices/workspaces/computes";
const HOST_METRICS = ["Percentage CPU", "Network In Total", "Network Out Total"];

const inner = (r: ResourceFacts) => (r.properties["properties"] ?? {}) as Record<string, unknown>;

/** A running GPU VM, a GPU scale set with instances, or an Azure ML GPU cluster: what the metrics are read for. */
function metricTargetOf(r: ResourceFacts, policy: Policy): "vm" | "vmss" | "aml" | undefined {
  if (r.type === VM) return isGpuSize(vmSizeOf(r), policy) && /running/i.test(powerStateOf(r) ?? "") ? "vm" : undefined;
  if (r.type === VMSS) return isGpuSize(vmSizeOf(r), policy) && (r.sku?.capacity ?? 0) > 0 ? "vmss" : undefined;
  if (r.type === AML_COMPUTE && String(r.properties["computeType"] ?? "").toLowerCase() === "amlcompute" && isGpuSize(String(inner(r)["vmSize"] ?? ""), policy)) return "aml";
  return undefined;
}

const workspaceOf = (computeId: string) => computeId.replace(/\/computes\/[^/]+$/i, "");
const groupBy = <T>(xs: T[], key: (x: T) => string) => {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x);
    else m.set(k, [x]);
  }
  return m;
};

/** Metrics calls in flight at once: each goes to its own subscription's ARM bucket, so they do not queue on one another. */
const METRICS_CONCURRENCY = 16;

/** Collects GPU utilisation for resources as they arrive, so metrics reads run while the graph still pages. */
export interface GpuUtilisationCollector {
  /** Starts the metrics reads for these resources (best a whole subscription's at a time: calls are per subscription). */
  add(resources: readonly ResourceFacts[]): void;
  /** Everything added so far, once its reads are done; rejects if any read failed. */
  done(): Promise<GpuUtilisation[]>;
}

/**
 * Metrics for running GPU compute only, in as few metrics:getBatch calls as Azure allows (per
 * subscription, region and namespace, 50 ids a call): the GPU guest metric first, host CPU and
 * network for VMs that publish none, scale sets' host metrics, and Azure ML workspaces' Active
 * Nodes split by ClusterName. Hourly averages over `windowHours`.
 */
export function gpuUtilisationCollector(reader: SweepReader, policy: Policy, now: Date): GpuUtilisationCollector {
  const entry = entryOf(policy, "idleGpuCompute");
  const p = entry && entry.mode !== "off" ? idleGpuComputeParams.parse(entry.params) : undefined;
  const limit = createLimiter(METRICS_CONCURRENCY);
  const pending: Promise<GpuUtilisation[]>[] = [];
  return {
    add(resources) {
      if (!p) return;
      const targets = resources.map((r) => ({ r, kind: metricTargetOf(r, policy) })).filter((t): t is Target => !!t.kind);
      // AML computes are child resources without a location of their own: their computeLocation is the workspace's region.
      const regionOf = (r: ResourceFacts) => (r.location || String(r.properties["computeLocation"] ?? "")).toLowerCase();
      for (const group of groupBy(targets.filter((t) => regionOf(t.r) !== ""), (t) => `${t.r.subscriptionId}|${regionOf(t.r)}`).values()) {
        const read = limit(() => readGroup(reader, p, now, regionOf(group[0]!.r), group));
        // Awaited in done(); until then a rejection must not count as unhandled.
        read.catch(() => undefined);
        pending.push(read);
      }
    },
    async done() {
      return (await Promise.all(pending)).flat();
    },
  };
}

type Target = { r: ResourceFacts; kind: "vm" | "vmss" | "aml" };

/** One subscription's targets in one region. */
async function readGroup(reader: SweepReader, p: IdleGpuComputeParams, now: Date, location: string, group: Target[]): Promise<GpuUtilisation[]> {
  const end = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const start = new Date(end.getTime() - p.windowHours * HOUR);
  const window = { start, end, interval: "PT1H", windowHours: p.windowHours };
  const out: GpuUtilisation[] = [];
  const base = (r: ResourceFacts) => ({ resourceId: r.id, subscriptionId: r.subscriptionId, windowHours: p.windowHours });

  const vms = group.filter((t) => t.kind === "vm").map((t) => t.r);
  const gpuSeries = vms.length ? await reader.metrics(location, { namespace: p.gpuMetric.namespace, metricNames: [p.gpuMetric.name], resourceIds: vms.map((r) => r.id), aggregations: ["average", "maximum"], ...window }) : [];
  const byId = groupBy(gpuSeries, (s) => s.resourceId.toLowerCase());
  const hostOnly: ResourceFacts[] = [];
  for (const r of vms) {
    const s = byId.get(r.id.toLowerCase())?.[0];
    const hours = (s?.points ?? []).filter((x) => x.average !== undefined);
    if (hours.length === 0) {
      hostOnly.push(r);
      continue;
    }
    out.push({ ...base(r), signal: "gpu", metric: `${p.gpuMetric.namespace}/${p.gpuMetric.name}`, hoursWithData: hours.length, hoursIdle: hours.filter((x) => x.average! < p.idlePercent).length, average: mean(hours.map((x) => x.average!)), peak: Math.max(...hours.map((x) => x.maximum ?? x.average!)), networkMBPerHour: null });
  }
  for (const [namespace, rs] of [["Microsoft.Compute/virtualMachines", hostOnly], ["Microsoft.Compute/virtualMachineScaleSets", group.filter((t) => t.kind === "vmss").map((t) => t.r)]] as const) {
    if (rs.length === 0) continue;
    const series = await reader.metrics(location, { namespace, metricNames: HOST_METRICS, resourceIds: rs.map((r) => r.id), aggregations: ["average", "maximum", "total"], ...window });
    const mine = groupBy(series, (s) => s.resourceId.toLowerCase());
    for (const r of rs) out.push({ ...base(r), ...hostSummary(mine.get(r.id.toLowerCase()) ?? [], p.idlePercent, p.idleNetworkMBPerHour) });
  }
  const clusters = group.filter((t) => t.kind === "aml").map((t) => t.r);
  if (clusters.length) {
    const workspaces = [...new Set(clusters.map((c) => workspaceOf(c.id)))];
    const series = await reader.metrics(location, { namespace: "Microsoft.MachineLearningServices/workspaces", metricNames: ["Active Nodes"], resourceIds: workspaces, aggregations: ["average", "maximum"], filter: "ClusterName eq '*'", ...window });
    for (const c of clusters) {
      const s = series.find((x) => x.resourceId.toLowerCase() === workspaceOf(c.id).toLowerCase() && x.dimensionValue?.toLowerCase() === c.name.toLowerCase());
      const hours = (s?.points ?? []).filter((x) => x.average !== undefined);
      out.push({
        ...base(c),
        signal: hours.length ? "amlActiveNodes" : "none",
        metric: "Microsoft.MachineLearningServices/workspaces/Active Nodes (ClusterName)",
        hoursWithData: hours.length,
        hoursIdle: hours.filter((x) => (x.maximum ?? x.average!) === 0).length,
        average: hours.length ? mean(hours.map((x) => x.average!)) : null,
        peak: hours.length ? Math.max(...hours.map((x) => x.maximum ?? x.average!)) : null,
        networkMBPerHour: null,
      });
    }
  }
  return out;
}

const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;

/** Percentage CPU with Network In/Out Total: an hour is idle when CPU and traffic were both low. */
function hostSummary(series: MetricSeries[], idlePercent: number, idleMb: number): Omit<GpuUtilisation, "resourceId" | "subscriptionId" | "windowHours"> {
  const cpu = series.find((s) => s.metric === "Percentage CPU");
  const net = new Map<string, number>();
  for (const s of series.filter((x) => x.metric === "Network In Total" || x.metric === "Network Out Total")) for (const pt of s.points) if (pt.total !== undefined) net.set(pt.at, (net.get(pt.at) ?? 0) + pt.total / 1e6);
  const hours = (cpu?.points ?? []).filter((x) => x.average !== undefined);
  const metric = "Microsoft.Compute/Percentage CPU + Network In/Out Total";
  if (hours.length === 0) return { signal: "none", metric, hoursWithData: 0, hoursIdle: 0, average: null, peak: null, networkMBPerHour: null };
  const mb = hours.map((h) => net.get(h.at) ?? 0);
  return {
    signal: "cpuNetwork",
    metric,
    hoursWithData: hours.length,
    hoursIdle: hours.filter((h, i) => h.average! < idlePercent && mb[i]! < idleMb).length,
    average: mean(hours.map((h) => h.average!)),
    peak: Math.max(...hours.map((h) => h.maximum ?? h.average!)),
    networkMBPerHour: mean(mb),
  };
}
