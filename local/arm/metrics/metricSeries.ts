import type { EstateState } from "../state/EstateState";
import type { ArmResource } from "../state/schemas";
import type { MetricDef } from "./metricCatalog";

// Metric values derived from each resource's workload profile on the emulator clock: one value
// per resource, metric and hour (deterministic jitter), so a night's sweep and a test reading the
// same window see the same numbers. A VM publishes nothing while it is stopped or deallocated.

const HOUR = 3_600_000;
const MINUTE = 60_000;

export type Aggregation = "average" | "minimum" | "maximum" | "total" | "count";

export interface DataPoint {
  timeStamp: string;
  average?: number;
  minimum?: number;
  maximum?: number;
  total?: number;
  count?: number;
}

type Level = "busy" | "idle" | "steady";

function jitter(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 0x1_0000_0000;
}

const ms = (v: unknown) => (typeof v === "string" ? Date.parse(v) : NaN);
const props = (r: ArmResource) => (r.properties ?? {}) as Record<string, any>;

function levelAt(state: EstateState, id: string, hour: number): Level {
  const pattern = state.workloads.get(id.toLowerCase())?.pattern ?? "steady";
  if (pattern !== "nightlyBatch") return pattern;
  const h = new Date(hour * HOUR).getUTCHours();
  return h >= 1 && h < 5 ? "busy" : "idle";
}

/** Whether the resource ran during this hour: created before its end, and not stopped before its start. */
function runningIn(r: ArmResource, hour: number): boolean {
  const created = ms((r as { systemData?: { createdAt?: string } }).systemData?.createdAt);
  if (Number.isFinite(created) && created >= (hour + 1) * HOUR) return false;
  const code = String(props(r).extended?.instanceView?.powerState?.code ?? "PowerState/running");
  if (/running|starting/i.test(code)) return true;
  const changed = ms((r as { systemData?: { lastModifiedAt?: string } }).systemData?.lastModifiedAt);
  return Number.isFinite(changed) && changed > hour * HOUR;
}

/** The per-minute value of a VM metric in one hour, or undefined when the VM published nothing. */
function vmValue(state: EstateState, r: ArmResource, def: MetricDef, hour: number): number | undefined {
  if (!runningIn(r, hour)) return undefined;
  const level = levelAt(state, r.id, hour);
  const j = jitter(`${r.id.toLowerCase()}|${def.kind}|${hour}`);
  switch (def.kind) {
    case "cpu":
      return level === "busy" ? 65 + 25 * j : level === "idle" ? 0.5 + 1.5 * j : 20 + 20 * j;
    case "gpu":
      return level === "busy" ? 80 + 18 * j : level === "idle" ? 0.5 * j : 30 + 30 * j;
    default: {
      // Bytes per minute; out is about a third of in.
      const base = level === "busy" ? 2e8 : level === "idle" ? 2e4 : 5e6;
      return Math.round(base * (0.5 + j) * (def.kind === "networkOut" ? 0.35 : 1));
    }
  }
}

/** Node counts of one Azure ML compute cluster in one hour. */
function nodeValue(state: EstateState, cluster: ArmResource, def: MetricDef, hour: number): number | undefined {
  if (!runningIn(cluster, hour)) return undefined;
  const scale = (props(cluster).properties?.scaleSettings ?? {}) as { minNodeCount?: number; maxNodeCount?: number };
  const min = Number(scale.minNodeCount ?? 0);
  const max = Number(scale.maxNodeCount ?? 0);
  const level = levelAt(state, cluster.id, hour);
  const active = level === "busy" ? Math.max(1, Math.round(max * 0.75)) : level === "idle" ? 0 : Math.min(1, max);
  const total = Math.max(min, active);
  return def.kind === "activeNodes" ? active : def.kind === "idleNodes" ? total - active : total;
}

/**
 * The data points of one series over [start, end) at `grainMs` (FULL: one point): hours that
 * overlap a grain are combined (average of the hourly values, peak, minute-weighted total).
 */
export function seriesOf(
  state: EstateState,
  r: ArmResource,
  def: MetricDef,
  start: number,
  end: number,
  grainMs: number,
  aggregations: Aggregation[],
): DataPoint[] {
  const valueAt = (hour: number) => (def.kind === "activeNodes" || def.kind === "idleNodes" || def.kind === "totalNodes" ? nodeValue(state, r, def, hour) : vmValue(state, r, def, hour));
  const out: DataPoint[] = [];
  const first = grainMs >= end - start ? start : Math.floor(start / grainMs) * grainMs;
  for (let t = first; t < end; t += grainMs) {
    const to = Math.min(end, t + grainMs);
    const samples: { v: number; minutes: number }[] = [];
    for (let h = Math.floor(t / HOUR); h * HOUR < to; h++) {
      const v = valueAt(h);
      const minutes = (Math.min(to, (h + 1) * HOUR) - Math.max(t, h * HOUR)) / MINUTE;
      if (v !== undefined && minutes > 0) samples.push({ v, minutes });
    }
    const point: DataPoint = { timeStamp: new Date(t).toISOString().replace(".000Z", "Z") };
    if (samples.length > 0) {
      const minutes = samples.reduce((a, s) => a + s.minutes, 0);
      const sum = samples.reduce((a, s) => a + s.v * s.minutes, 0);
      const round = (x: number) => Math.round(x * 1000) / 1000;
      for (const a of aggregations) {
        if (a === "average") point.average = round(sum / minutes);
        else if (a === "maximum") point.maximum = round(Math.max(...samples.map((s) => s.v)));
        else if (a === "minimum") point.minimum = round(Math.min(...samples.map((s) => s.v)));
        else if (a === "total") point.total = round(sum);
        else point.count = Math.round(minutes);
      }
    }
    out.push(point);
  }
  return out;
}
