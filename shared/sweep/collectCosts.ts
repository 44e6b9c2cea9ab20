import type { Policy } from "../config/Policy";
import type { CostFacts } from "./CostFacts";
import type { SweepReader } from "./SweepReader";
import { collectTagCosts } from "./collectTagCosts";

const DAY = 86_400_000;
/** Complete days of history behind the forecast's run rate. */
const RECENT_DAYS = 7;

/**
 * Month-to-date cost for every subscription under the root management group in ONE Cost
 * Management query at management-group scope, grouped by subscription and resource group, and the
 * last seven complete days per subscription in a second (the forecast's history), and one per
 * budgetAlerts tag group (collectTagCosts): the tenant's quota is 12 QPU per 10 s, so the call
 * count must not grow with the subscriptions.
 */
export async function collectCosts(reader: SweepReader, policy: Policy, now: Date): Promise<CostFacts> {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const periodStart = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  const daysInPeriod = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  // Yesterday is the last complete day of data; on the 1st the month has none yet.
  const today = Date.UTC(y, m, now.getUTCDate());
  const daysWithData = Math.max(0, Math.floor((today - Date.UTC(y, m, 1)) / DAY));
  const scope = `/providers/Microsoft.Management/managementGroups/${policy.managementGroups.root}`;
  // Started alongside, awaited at the end; a failure is held so it cannot go unhandled meanwhile.
  const tagged = collectTagCosts(reader, policy, now, RECENT_DAYS).then((v) => ({ v }), (e: unknown) => ({ e }));
  const bySubscription: CostFacts["bySubscription"] = {};
  let currency = "USD";
  for await (const row of reader.cost({ scope, timeframe: "MonthToDate", groupBy: [{ dimension: "SubscriptionId" }, { dimension: "ResourceGroupName" }], costColumn: "PreTaxCost" })) {
    const sub = String(row.SubscriptionId ?? "").toLowerCase();
    if (!sub) continue;
    const rg = String(row.ResourceGroupName ?? "").toLowerCase();
    const groups = (bySubscription[sub] ??= {});
    groups[rg] = (groups[rg] ?? 0) + Number(row.PreTaxCost ?? row.Cost ?? 0);
    if (row.Currency) currency = String(row.Currency);
  }
  const recentDaily: CostFacts["recentDaily"] = {};
  const recentDailyByGroup: NonNullable<CostFacts["recentDailyByGroup"]> = {};
  const timePeriod = { from: new Date(today - RECENT_DAYS * DAY), to: new Date(today - DAY) };
  for await (const row of reader.cost({ scope, timeframe: "Custom", timePeriod, groupBy: [{ dimension: "SubscriptionId" }, { dimension: "ResourceGroupName" }], costColumn: "PreTaxCost" })) {
    const sub = String(row.SubscriptionId ?? "").toLowerCase();
    if (!sub) continue;
    const rate = Number(row.PreTaxCost ?? row.Cost ?? 0) / RECENT_DAYS;
    recentDaily[sub] = (recentDaily[sub] ?? 0) + rate;
    const groups = (recentDailyByGroup[sub] ??= {});
    const rg = String(row.ResourceGroupName ?? "").toLowerCase();
    groups[rg] = (groups[rg] ?? 0) + rate;
  }
  const tags = await tagged;
  if ("e" in tags) throw tags.e;
  return { periodStart, daysWithData, daysInPeriod, currency, bySubscription, recentDaily, recentDays: RECENT_DAYS, recentDailyByGroup, ...tags.v };
}

/** A period's forecast and what it rests on, in words a finance reader can check. */
export interface Forecast {
  total: number;
  basis: string;
}

/**
 * The period's total: the month-to-date actual plus the recent daily run rate (the last seven
 * complete days, into the previous month early on) for each day left — history, not the first
 * day or two of the month stretched over thirty.
 */
export function forecastOf(actual: number, dailyRate: number, costs: Pick<CostFacts, "daysWithData" | "daysInPeriod" | "recentDays" | "currency">): Forecast {
  const left = Math.max(0, costs.daysInPeriod - costs.daysWithData);
  const total = actual + dailyRate * left;
  const basis = `${costs.daysWithData} day(s) of this period's data (${actual.toFixed(2)} ${costs.currency}) plus ${left} day(s) at the last ${costs.recentDays} days' average of ${dailyRate.toFixed(2)} ${costs.currency}/day`;
  return { total, basis };
}
