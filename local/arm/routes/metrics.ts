import type { Emulator } from "../Emulator";
import { GPU_GUEST_NAMESPACE, METRIC_CATALOG, type MetricDef } from "../metrics/metricCatalog";
import { seriesOf, type Aggregation } from "../metrics/metricSeries";
import type { ArmResource } from "../state/schemas";
import type { EmuRequest, EmuResponse, Router } from "../types";

// Azure Monitor metrics: the data-plane batch API (`POST {region}.metrics.monitor.azure.com
// /subscriptions/{s}/metrics:getBatch`, metricBatch.json 2023-10-01/2024-02-01: up to 50
// resources of one subscription, region and namespace) and the ARM per-resource read
// (`GET {resourceUri}/providers/Microsoft.Insights/metrics`). Series come from the resources'
// workload profiles (local/arm/metrics). The local redirect sends the regional host's name in
// `x-ailz-metrics-region` so the region rule can be checked. Both charge the subscription's ARM
// read bucket when throttling is on (429 + Retry-After).

const MAX_BATCH = 50;
const MAX_POINTS = 50_000;
const AGGREGATIONS: readonly Aggregation[] = ["average", "minimum", "maximum", "total", "count"];

const bad = (emu: Emulator, message: string) => emu.armError(400, "BadRequest", message);

/** ISO 8601 grain (PT1M, PT15M, PT1H, PT6H, P1D ...) or FULL, in ms (FULL: the whole span). */
function grainOf(interval: string, span: number): number | undefined {
  if (interval.toUpperCase() === "FULL") return span;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(interval);
  if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
  const v = (Number(m[1] ?? 0) * 24 * 60 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 60_000;
  return v > 0 ? v : undefined;
}

/** `Dim eq 'a' or Dim eq 'b'` / `Dim eq '*'`: the wanted values of one dimension. */
function parseFilter(filter: string | null): { dimension: string; values: string[] } | undefined | "invalid" {
  if (!filter) return undefined;
  const parts = filter.split(/\s+or\s+/i).map((p) => /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(p));
  if (parts.some((p) => !p)) return "invalid";
  const dims = new Set(parts.map((p) => p![1]!.toLowerCase()));
  if (dims.size !== 1) return "invalid";
  return { dimension: parts[0]![1]!, values: parts.map((p) => p![2]!) };
}

interface Query {
  namespace: string;
  defs: MetricDef[];
  start: number;
  end: number;
  grainMs: number;
  interval: string;
  aggregations: Aggregation[];
  filter?: { dimension: string; values: string[] };
}

function parseQuery(emu: Emulator, q: URLSearchParams, namespace: string, names: string | null, timespan: { start?: string | null; end?: string | null }): Query | EmuResponse {
  const catalog = METRIC_CATALOG[namespace.toLowerCase()];
  if (!catalog) return bad(emu, `Failed to find metric configuration for provider: ${namespace}. Valid metric namespaces: ${Object.keys(METRIC_CATALOG).join(", ")}.`);
  if (!names) return bad(emu, "metricnames: at least one metric name is required.");
  const defs: MetricDef[] = [];
  for (const n of names.split(",").map((x) => x.trim()).filter(Boolean)) {
    const def = catalog.metrics.find((m) => m.name.toLowerCase() === n.toLowerCase());
    if (!def) return bad(emu, `Failed to find metric configuration for provider: ${namespace}, metric: ${n}. Valid metrics: ${catalog.metrics.map((m) => m.name).join(", ")}.`);
    defs.push(def);
  }
  const end = timespan.end ? Date.parse(timespan.end) : emu.now();
  const start = timespan.start ? Date.parse(timespan.start) : end - 3_600_000;
  if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end) return bad(emu, "starttime/endtime: the start must be a valid time before the end ('yyyy-MM-ddTHH:mm:ss.fffZ').");
  const interval = q.get("interval") ?? "PT1M";
  const grainMs = grainOf(interval, end - start);
  if (!grainMs) return bad(emu, `interval: '${interval}' is not an ISO 8601 duration (PT1M, PT1H, P1D) or FULL.`);
  if ((end - start) / grainMs > MAX_POINTS) return bad(emu, `The requested timespan and interval give more than ${MAX_POINTS} data points; use a larger interval.`);
  const aggregations: Aggregation[] = [];
  for (const a of (q.get("aggregation") ?? "average").split(",").map((x) => x.trim().toLowerCase()).filter(Boolean)) {
    if (!(AGGREGATIONS as readonly string[]).includes(a)) return bad(emu, `aggregation: '${a}' is not one of ${AGGREGATIONS.join(", ")}.`);
    aggregations.push(a as Aggregation);
  }
  const filter = parseFilter(q.get("filter") ?? q.get("$filter"));
  if (filter === "invalid") return bad(emu, "filter: only `Dimension eq 'value'` terms of one dimension joined by `or` are supported.");
  return { namespace, defs, start, end, grainMs, interval, aggregations, filter };
}

const isResponse = (x: unknown): x is EmuResponse => typeof x === "object" && x !== null && "status" in x;

/** Azure ML clusters of a workspace, by name. */
function clustersOf(emu: Emulator, workspaceId: string): ArmResource[] {
  const prefix = `${workspaceId.toLowerCase()}/computes/`;
  return [...emu.state.resourcesUnder(workspaceId)].filter((r) => r.id.toLowerCase().startsWith(prefix) && String((r.properties as Record<string, unknown> | undefined)?.computeType ?? "").toLowerCase() === "amlcompute");
}

/** The metric documents of one resource (`value` of Azure's Response). */
function metricsOf(emu: Emulator, r: ArmResource, q: Query) {
  const gpuOff = q.namespace.toLowerCase() === GPU_GUEST_NAMESPACE && !emu.state.workloads.get(r.id.toLowerCase())?.gpuMetrics;
  return q.defs.map((def) => {
    let timeseries: { metadatavalues: unknown[]; data: unknown[] }[];
    if (gpuOff) timeseries = [];
    else if (def.dimension) {
      const wanted = q.filter && q.filter.dimension.toLowerCase() === def.dimension.toLowerCase() ? q.filter.values : undefined;
      const clusters = clustersOf(emu, r.id).filter((c) => !wanted || wanted.includes("*") || wanted.some((w) => w.toLowerCase() === c.name.toLowerCase()));
      timeseries = clusters.map((c) => ({
        metadatavalues: [{ name: { value: def.dimension!.toLowerCase(), localizedValue: def.dimension!.toLowerCase() }, value: c.name }],
        data: seriesOf(emu.state, c, def, q.start, q.end, q.grainMs, q.aggregations),
      }));
    } else timeseries = [{ metadatavalues: [], data: seriesOf(emu.state, r, def, q.start, q.end, q.grainMs, q.aggregations) }];
    return {
      id: `${r.id}/providers/Microsoft.Insights/metrics/${def.name}`,
      type: "Microsoft.Insights/metrics",
      name: { value: def.name, localizedValue: def.name },
      displayDescription: def.description,
      unit: def.unit,
      timeseries,
      errorCode: "Success",
    };
  });
}

function batch(req: EmuRequest, emu: Emulator): EmuResponse {
  const sub = req.params.subscriptionId!;
  if (!emu.state.getSubscription(sub)) return emu.armError(404, "SubscriptionNotFound", `The subscription '${sub}' could not be found.`);
  const namespace = req.query.get("metricnamespace");
  if (!namespace) return bad(emu, "metricnamespace: the metric namespace is required.");
  const ids: unknown = (req.body as { resourceids?: unknown } | undefined)?.resourceids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((x) => typeof x !== "string")) return bad(emu, "resourceids: the body must list at least one resource id.");
  if (ids.length > MAX_BATCH) return bad(emu, `resourceids: ${ids.length} resource ids exceed the maximum of ${MAX_BATCH} per batch.`);
  const q = parseQuery(emu, req.query, namespace, req.query.get("metricnames"), { start: req.query.get("starttime"), end: req.query.get("endtime") });
  if (isResponse(q)) return q;
  const region = req.headers["x-ailz-metrics-region"]?.toLowerCase();
  const type = METRIC_CATALOG[namespace.toLowerCase()]!.resourceType;
  const values = [];
  for (const id of ids as string[]) {
    if (!id.toLowerCase().startsWith(`/subscriptions/${sub.toLowerCase()}/`)) return bad(emu, `resourceids: '${id}' is not in subscription '${sub}'; all resources of a batch must be in the batch's subscription.`);
    const r = emu.state.getResource(id);
    if (r && r.type.toLowerCase() !== type) return bad(emu, `resourceids: '${id}' is a ${r.type}, not a resource of metric namespace '${namespace}'; all resources of a batch must be of one type.`);
    if (r && region && region !== "global" && String(r.location ?? "").toLowerCase() !== region) return bad(emu, `resourceids: '${id}' is in region '${r.location}', not '${region}'; all resources of a batch must be in the endpoint's region.`);
    values.push({
      starttime: new Date(q.start).toISOString(),
      endtime: new Date(q.end).toISOString(),
      interval: q.interval,
      value: r ? metricsOf(emu, r, q) : [],
      namespace: namespace.toLowerCase(),
      resourceregion: String(r?.location ?? region ?? "").toLowerCase(),
      resourceid: r?.id ?? id,
    });
  }
  return { status: 200, body: { values } };
}

function perResource(req: EmuRequest, emu: Emulator): EmuResponse {
  const resourceUri = req.params.resourceUri!;
  const r = emu.state.getResource(resourceUri);
  if (!r) return emu.armError(404, "ResourceNotFound", `The Resource '${resourceUri}' was not found.`);
  const [start, end] = (req.query.get("timespan") ?? "").split("/");
  const q = parseQuery(emu, req.query, req.query.get("metricnamespace") ?? r.type, req.query.get("metricnames"), { start: start || null, end: end || null });
  if (isResponse(q)) return q;
  return {
    status: 200,
    body: {
      cost: 0,
      timespan: `${new Date(q.start).toISOString()}/${new Date(q.end).toISOString()}`,
      interval: q.interval,
      value: metricsOf(emu, r, q),
      namespace: q.namespace,
      resourceregion: String(r.location ?? "").toLowerCase(),
    },
  };
}

export function register(router: Router): void {
  router.add("POST", "/subscriptions/{subscriptionId}/metrics:getBatch", batch, { kind: "read", rbacAction: "Microsoft.Insights/Metrics/Read", operation: "POST metrics:getBatch" });
  router.add("GET", "{*resourceUri}/providers/Microsoft.Insights/metrics", perResource, { kind: "read", rbacAction: "Microsoft.Insights/Metrics/Read", operation: "GET metrics" });
}
