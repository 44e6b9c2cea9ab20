import type { Policy } from "../config/Policy";
import type { CostFacts } from "./CostFacts";
import type { SweepReader } from "./SweepReader";

const DAY = 86_400_000;

/**
 * Month-to-date cost for every subscription under the root management group in ONE Cost
 * Management query at management-group scope, grouped by subscription and resource group: the
 * tenant's quota is 12 QPU per 10 s, so the call count must not grow with the subscriptions.
 */
export async function collectCosts(reader: SweepReader, policy: Policy, now: Date): Promise<CostFacts> {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const periodStart = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  const daysInPeriod = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  // Yesterday is the last complete day of data; on the 1st the month has none yet.
  const daysWithData = Math.max(0, Math.floor((Date.UTC(y, m, now.getUTCDate()) - Date.UTC(y, m, 1)) / DAY));
  const bySubscription: CostFacts["bySubscription"] = {};
  let currency = "USD";
  const rows = reader.cost({
    scope: `/providers/Microsoft.Management/managementGroups/${policy.managementGroups.root}`,
    timeframe: "MonthToDate",
    groupBy: [{ dimension: "SubscriptionId" }, { dimension: "ResourceGroupName" }],
    costColumn: "PreTaxCost",
  });
  for await (const row of rows) {
    const sub = String(row.SubscriptionId ?? "").toLowerCase();
    if (!sub) continue;
    const rg = String(row.ResourceGroupName ?? "").toLowerCase();
    const groups = (bySubscription[sub] ??= {});
    groups[rg] = (groups[rg] ?? 0) + Number(row.PreTaxCost ?? row.Cost ?? 0);
    if (row.Currency) currency = String(row.Currency);
  }
  return { periodStart, daysWithData, daysInPeriod, currency, bySubscription };
}

/** Straight-line forecast of the period's total from the month-to-date actual. */
export function linearForecast(actual: number, costs: Pick<CostFacts, "daysWithData" | "daysInPeriod">): number {
  if (costs.daysWithData === 0) return actual;
  return (actual / costs.daysWithData) * costs.daysInPeriod;
}
