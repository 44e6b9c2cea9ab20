import { z } from "zod";
import { ensureAccrued } from "../accrual/installAccrual";
import type { Emulator } from "../Emulator";
import type { EmuRequest, EmuResponse, Router } from "../types";
import { addDays, isoDay, monthEnd, monthStart, monthsSpanned, timeframeRange, type DayRange } from "../state/costPeriod";
import { recentDailyRate } from "../state/costForecast";
import { aggregateCost, checkFilter, dimensionOf, matchesFilter, round, supportedDimensions, type CostFilter } from "../state/costQuery";
import { parseCostScope, recordsInScope } from "../state/costScope";
import type { CostRecord } from "../state/schemas";

// Cost Management query and forecast at subscription, resource group and management group
// scope, computed from the estate's daily CostRecords. "Today" is the emulator clock; cost data
// lags a day (records dated today or later are not returned). ActualCost and AmortizedCost give
// the same numbers: the emulated estate has no reservations or savings plans to amortize.
// Forecast: the average of the last seven complete days (history, reaching into the previous
// month early on) carried forward over each day from today to the end of the requested period;
// the rows have Cost Management's forecast columns (cost, UsageDate, CostStatus, Currency), with
// the period's actual days as CostStatus "Actual" rows when includeActualCost is set.
// Records accrue with the clock (local/arm/accrual); every read first brings them up to yesterday.

const SCOPES = [
  "/subscriptions/{subscriptionId}",
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}",
  "/providers/Microsoft.Management/managementGroups/{managementGroupId}",
];

const PAGE_SIZE = 1000;

const filterSchema: z.ZodType<CostFilter> = z.lazy(() =>
  z.object({
    and: z.array(filterSchema).optional(),
    or: z.array(filterSchema).optional(),
    not: filterSchema.optional(),
    dimensions: z.object({ name: z.string(), operator: z.string().optional(), values: z.array(z.string()) }).optional(),
    tags: z.object({ name: z.string(), operator: z.string().optional(), values: z.array(z.string()) }).optional(),
  }),
);

const aggregationSchema = z.record(z.string(), z.object({ name: z.string(), function: z.string() }));

const queryBody = z.object({
  type: z.string(),
  timeframe: z.string(),
  timePeriod: z.object({ from: z.string(), to: z.string() }).optional(),
  dataset: z
    .object({
      granularity: z.string().optional(),
      aggregation: aggregationSchema.optional(),
      grouping: z.array(z.object({ type: z.string(), name: z.string() })).optional(),
      filter: filterSchema.optional(),
    })
    .default({}),
  includeActualCost: z.boolean().optional(),
  includeFreshPartialCost: z.boolean().optional(),
});
type QueryBody = z.infer<typeof queryBody>;

interface Prepared {
  body: QueryBody;
  range: DayRange;
  today: string;
  costColumn: string;
  inScope: (r: CostRecord) => boolean;
}

function scopeOf(req: EmuRequest): string {
  return req.path.replace(/\/providers\/Microsoft\.CostManagement\/(query|forecast)$/i, "");
}

/** Validates the request and charges the tenant's QPU budget; returns an error response or the prepared query. */
function prepare(req: EmuRequest, emu: Emulator, kind: "query" | "forecast"): Prepared | EmuResponse {
  const parsed = queryBody.safeParse(req.body ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return emu.armError(400, "BadRequest", `Invalid query definition: '${i.path.join(".") || "body"}' ${i.message}.`);
  }
  const body = parsed.data;
  if (!["actualcost", "amortizedcost", "usage"].includes(body.type.toLowerCase())) {
    return emu.armError(400, "BadRequest", `Invalid query definition: type '${body.type}' is not supported; use ActualCost or AmortizedCost.`);
  }
  const aggregations = Object.values(body.dataset.aggregation ?? { totalCost: { name: "PreTaxCost", function: "Sum" } });
  if (aggregations.length !== 1) return emu.armError(400, "BadRequest", "Invalid query definition: dataset.aggregation must have exactly one entry.");
  const agg = aggregations[0]!;
  if (agg.function.toLowerCase() !== "sum") return emu.armError(400, "BadRequest", `Invalid query definition: aggregation function '${agg.function}' is not supported; use Sum.`);
  if (!["cost", "pretaxcost", "costusd", "pretaxcostusd"].includes(agg.name.toLowerCase())) {
    return emu.armError(400, "BadRequest", `Invalid query definition: aggregation column '${agg.name}' is not supported; use Cost or PreTaxCost.`);
  }
  if (body.dataset.granularity && !["daily", "none"].includes(body.dataset.granularity.toLowerCase())) {
    return emu.armError(400, "BadRequest", `Invalid query definition: granularity '${body.dataset.granularity}' is not supported; use Daily or None.`);
  }
  for (const [i, g] of (body.dataset.grouping ?? []).entries()) {
    if (g.type.toLowerCase() === "tagkey") continue;
    if (g.type.toLowerCase() !== "dimension") return emu.armError(400, "BadRequest", `Invalid query definition: dataset.grouping[${i}].type must be Dimension or TagKey.`);
    if (!dimensionOf(g.name)) {
      return emu.armError(400, "BadRequest", `Invalid query definition: dataset.grouping[${i}].name '${g.name}' is not a supported dimension (${supportedDimensions().join(", ")}).`);
    }
  }
  if ((body.dataset.grouping ?? []).length > 2) return emu.armError(400, "BadRequest", "Invalid query definition: at most 2 groupings are allowed.");
  const filterError = checkFilter(body.dataset.filter);
  if (filterError) return emu.armError(400, "BadRequest", `Invalid query definition: ${filterError}.`);

  const scope = parseCostScope(scopeOf(req));
  const inScope = scope && recordsInScope(emu.state, scope);
  if (!scope || !inScope) return emu.armError(404, "NotFound", `The scope '${scopeOf(req)}' was not found or has no cost data access.`);

  const today = isoDay(emu.now());
  const range = timeframeRange(body.timeframe, today, body.timePeriod);
  if ("error" in range) return emu.armError(400, "BadRequest", `Invalid query definition: ${range.error}`);

  // Only the first page costs QPU; following a nextLink continues the same query.
  const isContinuation = req.query.has("$skiptoken") || req.query.has("$skipToken");
  if (emu.throttle.enabled && !isContinuation) {
    const qpu = kind === "forecast" ? 1 : monthsSpanned(range.from, range.to);
    const t = emu.throttle.costManagement.take(req.caller.tenantId || emu.state.tenantId, qpu);
    const seconds = String(Math.max(1, Math.ceil(t.retryAfterMs / 1000)));
    if (!t.ok) {
      return emu.armError(429, "429", "Too many requests. Please retry.", {
        "retry-after": seconds,
        "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after": seconds,
        "x-ms-ratelimit-microsoft.costmanagement-qpu-remaining": `QueryResource=0,Tenant=0`,
        "x-ms-ratelimit-microsoft.costmanagement-qpu-consumed": String(qpu),
      });
    }
  }
  ensureAccrued(emu);
  return { body, range, today, costColumn: agg.name, inScope };
}

function selectRecords(emu: Emulator, p: Prepared, from: string, to: string): CostRecord[] {
  // Data lags about a day: nothing dated today (or later) has been processed yet.
  const last = to < p.today ? to : addDays(p.today, -1);
  const out: CostRecord[] = [];
  for (const r of emu.state.costRecords) {
    if (r.date < from || r.date > last) continue;
    if (!p.inScope(r) || !matchesFilter(r, p.body.dataset.filter)) continue;
    out.push(r);
  }
  return out;
}

function respond(req: EmuRequest, emu: Emulator, kind: string, table: { columns: unknown[]; rows: unknown[][] }): EmuResponse {
  const skip = Number.parseInt(req.query.get("$skiptoken") ?? req.query.get("$skipToken") ?? "0", 10) || 0;
  const top = Math.min(Number.parseInt(req.query.get("$top") ?? "", 10) || PAGE_SIZE, 5000);
  const rows = table.rows.slice(skip, skip + top);
  let nextLink: string | null = null;
  if (skip + top < table.rows.length) {
    const q = new URLSearchParams(req.query);
    q.delete("$skipToken");
    q.set("$skiptoken", String(skip + top));
    nextLink = `${emu.baseUrlFor(req)}${req.path}?${q.toString()}`;
  }
  const id = `${scopeOf(req)}/providers/Microsoft.CostManagement/${kind}/${req.headers["x-ms-client-request-id"] ?? "00000000-0000-0000-0000-000000000000"}`;
  return {
    status: 200,
    body: { id, name: id.split("/").pop(), type: "Microsoft.CostManagement/query", location: null, sku: null, eTag: null, properties: { nextLink, columns: table.columns, rows } },
  };
}

function query(req: EmuRequest, emu: Emulator): EmuResponse {
  const p = prepare(req, emu, "query");
  if ("status" in p) return p;
  const records = selectRecords(emu, p, p.range.from, p.range.to);
  const table = aggregateCost({
    records,
    costColumn: p.costColumn,
    daily: (p.body.dataset.granularity ?? "").toLowerCase() === "daily",
    groupings: (p.body.dataset.grouping ?? []).map((g) => ({ type: g.type.toLowerCase() === "tagkey" ? "TagKey" : "Dimension", name: g.name })),
  });
  return respond(req, emu, "query", table);
}

/** Forecast: the recent daily rate over each day from today to the end of the requested period (default: this month). */
function forecast(req: EmuRequest, emu: Emulator): EmuResponse {
  const p = prepare(req, emu, "forecast");
  if ("status" in p) return p;
  const timeframe = p.body.timeframe.toLowerCase();
  const range: DayRange = timeframe === "monthtodate" || timeframe === "billingmonthtodate" ? { from: monthStart(p.today), to: monthEnd(p.today) } : p.range;
  const dailyRate = recentDailyRate(emu.state.costRecords, p.today, (r) => p.inScope(r) && matchesFilter(r, p.body.dataset.filter));
  const currency = "USD";
  const rows: Array<Array<string | number>> = [];
  if (p.body.includeActualCost) {
    const actual = aggregateCost({ records: selectRecords(emu, p, range.from, range.to), costColumn: p.costColumn, daily: true, groupings: [] });
    for (const r of actual.rows) rows.push([r[0]!, r[1]!, "Actual", currency]);
  }
  for (let d = p.today > range.from ? p.today : range.from; d <= range.to; d = addDays(d, 1)) {
    rows.push([round(dailyRate), Number(d.replaceAll("-", "")), "Forecast", currency]);
  }
  const columns = [
    { name: p.costColumn, type: "Number" },
    { name: "UsageDate", type: "Number" },
    { name: "CostStatus", type: "String" },
    { name: "Currency", type: "String" },
  ];
  return respond(req, emu, "forecast", { columns, rows });
}

// Cost Management authorizes its POST queries as reads (`query/read`, `forecast/read`): that is
// why the Cost Management Reader built-in (`Microsoft.CostManagement/*/read`) can run them.
export function register(router: Router): void {
  for (const scope of SCOPES) {
    router.add("POST", `${scope}/providers/Microsoft.CostManagement/query`, query, {
      kind: "read",
      rbacAction: "Microsoft.CostManagement/query/read",
      operation: "CostManagement.query",
    });
    router.add("POST", `${scope}/providers/Microsoft.CostManagement/forecast`, forecast, {
      kind: "read",
      rbacAction: "Microsoft.CostManagement/forecast/read",
      operation: "CostManagement.forecast",
    });
  }
}
