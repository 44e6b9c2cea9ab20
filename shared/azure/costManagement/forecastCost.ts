import type { CostManagementClient } from "@azure/arm-costmanagement";
import { call } from "../AzureError";
import { armScope } from "../armScope";

export interface ForecastQuery {
  scope: string;
  type?: "ActualCost" | "AmortizedCost";
  /** Forecast window; defaults to the rest of the current month (Azure's default). */
  timePeriod?: { from: Date; to: Date };
  costColumn?: "Cost" | "PreTaxCost";
  includeActualCost?: boolean;
}

export interface ForecastPoint {
  date: string; // YYYY-MM-DD
  cost: number;
  /** "Actual" or "Forecast" (Azure's CostStatus column). */
  status: string;
  currency: string;
}

/** Daily forecast rows for a scope (actuals included when asked). */
export async function forecastCost(client: CostManagementClient, query: ForecastQuery): Promise<ForecastPoint[]> {
  const column = query.costColumn ?? "PreTaxCost";
  const result = await call(() =>
    client.forecast.usage(armScope(query.scope), {
      type: query.type ?? "ActualCost",
      timeframe: "Custom",
      timePeriod: query.timePeriod ?? restOfMonth(new Date()),
      includeActualCost: query.includeActualCost ?? false,
      includeFreshPartialCost: false,
      dataset: { granularity: "Daily", aggregation: { totalCost: { name: column, function: "Sum" } } },
    }),
  );
  const names = (result.columns ?? []).map((c) => c.name ?? "");
  const at = (n: string) => names.findIndex((x) => x.toLowerCase() === n.toLowerCase());
  const iCost = at(column) >= 0 ? at(column) : at("Cost");
  const iDate = at("UsageDate");
  const iStatus = at("CostStatus");
  const iCurrency = at("Currency");
  return (result.rows ?? []).map((r) => ({
    date: formatUsageDate(r[iDate]),
    cost: Number(r[iCost] ?? 0),
    status: iStatus >= 0 ? String(r[iStatus]) : "Forecast",
    currency: iCurrency >= 0 ? String(r[iCurrency]) : "USD",
  }));
}

/** UsageDate comes back as a number yyyymmdd (or an ISO string from some scopes). */
export function formatUsageDate(value: unknown): string {
  const s = String(value ?? "");
  if (/^\d{8}$/.test(s)) return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return s.slice(0, 10);
}

function restOfMonth(now: Date): { from: Date; to: Date } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0, 23, 59, 59));
  return { from, to };
}
