import type { MetricsClient } from "@azure/monitor-query-metrics";
import { call } from "../AzureError";

/** Azure Monitor's batch API takes at most this many resources per call, all of one subscription, region and namespace. */
const METRICS_BATCH_SIZE = 50;

export interface MetricsQuery {
  /** The metric namespace, e.g. `Microsoft.Compute/virtualMachines`. */
  namespace: string;
  metricNames: string[];
  /** Resources of one region and of the namespace's type; any number, any subscriptions. */
  resourceIds: string[];
  start: Date;
  end: Date;
  /** ISO 8601 grain (PT1H) or FULL. */
  interval: string;
  aggregations: ("average" | "maximum" | "minimum" | "total" | "count")[];
  /** `Dimension eq 'value'` terms, e.g. `ClusterName eq '*'` for one series per cluster. */
  filter?: string;
}

/** One time series of one metric of one resource. */
export interface MetricSeries {
  resourceId: string;
  metric: string;
  /** The value of the filtered dimension (one series per value), when a filter split the metric. */
  dimensionValue?: string;
  points: { at: string; average?: number; maximum?: number; minimum?: number; total?: number; count?: number }[];
}

/** Splits resource ids into the calls Azure accepts: per subscription, then 50 at a time. */
export function metricsBatches(resourceIds: readonly string[]): string[][] {
  const bySub = new Map<string, string[]>();
  for (const id of resourceIds) {
    const sub = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? "";
    const list = bySub.get(sub);
    if (list) list.push(id);
    else bySub.set(sub, [id]);
  }
  const out: string[][] = [];
  for (const ids of bySub.values()) for (let i = 0; i < ids.length; i += METRICS_BATCH_SIZE) out.push(ids.slice(i, i + METRICS_BATCH_SIZE));
  return out;
}

/**
 * One `metrics:getBatch` call through the real client (`@azure/monitor-query-metrics`): at most
 * 50 resource ids of one subscription. Throttling (429) is retried by the pipeline's retry
 * policy (Retry-After); what still fails comes back as an AzureError.
 */
export async function queryMetricsBatch(client: MetricsClient, query: MetricsQuery): Promise<MetricSeries[]> {
  if (query.resourceIds.length === 0) return [];
  if (query.resourceIds.length > METRICS_BATCH_SIZE) throw new RangeError(`resourceIds: ${query.resourceIds.length} exceed ${METRICS_BATCH_SIZE} per metrics batch; split them with metricsBatches`);
  const results = await call(() =>
    client.queryResources(query.resourceIds, query.metricNames, query.namespace, {
      startTime: query.start,
      endTime: query.end,
      interval: query.interval,
      aggregation: query.aggregations.join(","),
      ...(query.filter ? { filter: query.filter } : {}),
    }),
  );
  const out: MetricSeries[] = [];
  for (const r of results) {
    const resourceId = r.resourceId ?? "";
    for (const m of r.metrics ?? []) {
      for (const ts of m.timeseries ?? []) {
        out.push({
          resourceId,
          metric: m.name,
          ...(ts.metadatavalues?.[0]?.value !== undefined ? { dimensionValue: ts.metadatavalues[0].value } : {}),
          points: (ts.data ?? []).map((d) => ({
            at: new Date(d.timeStamp).toISOString(),
            ...(d.average !== undefined ? { average: d.average } : {}),
            ...(d.maximum !== undefined ? { maximum: d.maximum } : {}),
            ...(d.minimum !== undefined ? { minimum: d.minimum } : {}),
            ...(d.total !== undefined ? { total: d.total } : {}),
            ...(d.count !== undefined ? { count: d.count } : {}),
          })),
        });
      }
    }
  }
  return out;
}
