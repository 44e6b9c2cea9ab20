import type { CostRecord } from "./schemas";

/** Cost Management's dataset filter (a subset: dimensions/tags with `In`, combined by and/or/not). */
export interface CostFilter {
  and?: CostFilter[];
  or?: CostFilter[];
  not?: CostFilter;
  dimensions?: { name: string; operator?: string; values: string[] };
  tags?: { name: string; operator?: string; values: string[] };
}

interface Grouping {
  type: "Dimension" | "TagKey";
  name: string;
}

/** Column names Azure returns per dimension, and how to read each from a record. */
const dimensions: Record<string, { column: string; read: (r: CostRecord) => string }> = {
  subscriptionid: { column: "SubscriptionId", read: (r) => r.subscriptionId },
  resourcegroupname: { column: "ResourceGroupName", read: (r) => r.resourceGroup.toLowerCase() },
  resourcegroup: { column: "ResourceGroup", read: (r) => r.resourceGroup.toLowerCase() },
  resourcetype: { column: "ResourceType", read: (r) => r.resourceType.toLowerCase() },
  resourceid: { column: "ResourceId", read: (r) => r.resourceId.toLowerCase() },
  metercategory: { column: "MeterCategory", read: (r) => r.meterCategory },
  resourcelocation: { column: "ResourceLocation", read: (r) => r.location.toLowerCase() },
};

export function dimensionOf(name: string): { column: string; read: (r: CostRecord) => string } | undefined {
  return dimensions[name.toLowerCase()];
}

export function supportedDimensions(): string[] {
  return Object.values(dimensions).map((d) => d.column);
}

/** Validates a filter; returns an error message naming the bad part, or undefined. */
export function checkFilter(f: CostFilter | undefined, path = "dataset.filter"): string | undefined {
  if (!f) return undefined;
  if (f.dimensions) {
    if (!dimensionOf(f.dimensions.name)) return `${path}.dimensions.name '${f.dimensions.name}' is not supported`;
    if ((f.dimensions.operator ?? "In") !== "In") return `${path}.dimensions.operator must be 'In'`;
  }
  if (f.tags && (f.tags.operator ?? "In") !== "In") return `${path}.tags.operator must be 'In'`;
  for (const [i, x] of (f.and ?? []).entries()) {
    const e = checkFilter(x, `${path}.and[${i}]`);
    if (e) return e;
  }
  for (const [i, x] of (f.or ?? []).entries()) {
    const e = checkFilter(x, `${path}.or[${i}]`);
    if (e) return e;
  }
  return checkFilter(f.not, `${path}.not`);
}

export function matchesFilter(r: CostRecord, f: CostFilter | undefined): boolean {
  if (!f) return true;
  if (f.and && !f.and.every((x) => matchesFilter(r, x))) return false;
  if (f.or && !f.or.some((x) => matchesFilter(r, x))) return false;
  if (f.not && matchesFilter(r, f.not)) return false;
  if (f.dimensions) {
    const d = dimensionOf(f.dimensions.name)!;
    const v = d.read(r).toLowerCase();
    if (!f.dimensions.values.some((x) => x.toLowerCase() === v)) return false;
  }
  if (f.tags) {
    const key = Object.keys(r.tags).find((k) => k.toLowerCase() === f.tags!.name.toLowerCase());
    const v = key === undefined ? undefined : r.tags[key];
    if (v === undefined || !f.tags.values.some((x) => x.toLowerCase() === v.toLowerCase())) return false;
  }
  return true;
}

export interface AggregateInput {
  records: Iterable<CostRecord>;
  costColumn: string;
  daily: boolean;
  groupings: Grouping[];
}

export interface CostTable {
  columns: Array<{ name: string; type: "Number" | "String" }>;
  rows: Array<Array<string | number | null>>;
}

/**
 * Sums cost per (day?, groups...) the way Cost Management shapes its answer: the cost column
 * first, then UsageDate (a yyyymmdd number) for daily granularity, then one column per grouping
 * (TagKey groupings give TagKey + TagValue; a record without the tag has TagValue null, as Cost
 * Management answers for untagged spend), then Currency.
 */
export function aggregateCost(input: AggregateInput): CostTable {
  const columns: CostTable["columns"] = [{ name: input.costColumn, type: "Number" }];
  if (input.daily) columns.push({ name: "UsageDate", type: "Number" });
  const readers: Array<(r: CostRecord) => Array<string | null>> = [];
  for (const g of input.groupings) {
    if (g.type === "TagKey") {
      columns.push({ name: "TagKey", type: "String" }, { name: "TagValue", type: "String" });
      const tag = g.name.toLowerCase();
      readers.push((r) => {
        const key = Object.keys(r.tags).find((k) => k.toLowerCase() === tag);
        return key === undefined ? [g.name, null] : [key, r.tags[key]!];
      });
    } else {
      const d = dimensionOf(g.name)!;
      columns.push({ name: d.column, type: "String" });
      readers.push((r) => [d.read(r)]);
    }
  }
  columns.push({ name: "Currency", type: "String" });

  const sums = new Map<string, { key: Array<string | number | null>; cost: number; currency: string }>();
  for (const r of input.records) {
    const key: Array<string | number | null> = [];
    if (input.daily) key.push(Number(r.date.replaceAll("-", "")));
    for (const read of readers) key.push(...read(r));
    const k = JSON.stringify(key);
    const entry = sums.get(k);
    if (entry) entry.cost += r.cost;
    else sums.set(k, { key, cost: r.cost, currency: r.currency });
  }
  const rows = [...sums.values()]
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((e) => [round(e.cost), ...e.key, e.currency]);
  return { columns, rows };
}

function compareKeys(a: Array<string | number | null>, b: Array<string | number | null>): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    // Untagged (null) sorts first.
    if (a[i] === null) return -1;
    if (b[i] === null) return 1;
    return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

/** Cost Management returns full double precision; round to 1e-6 so sums do not drift in tests. */
export function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
