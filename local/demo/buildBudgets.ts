import type { ArmResource, CostRecord } from "../arm/state/schemas";
import { DAY_MS, isoDay } from "./DemoBuilder";
import { DEMO_SUBSCRIPTIONS, subId, user } from "./demoIds";

/** Share of the linear month-end forecast a "comfortable" budget sits at (below every threshold). */
const COMFORTABLE_FORECAST_PERCENT = 35;

/** Rounds up to two significant digits (1,234 -> 1,300) so amounts look like budgets people set. */
const niceCeil = (n: number) => {
  const p = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(n, 1))) - 1);
  return Math.ceil(n / p) * p;
};

/**
 * Monthly Consumption budgets sized against the cost records so each subscription lands where
 * the demo wants it this month: `actualPercent` of the budget spent month-to-date (cost data lags
 * a day, as the emulator's query does), or comfortably under every threshold (forecast at 35%).
 * On the 1st of a month there is no month-to-date data yet, so those percentages only hold from
 * the 2nd on (as in Azure, nothing fires on the 1st).
 */
export function buildBudgets(now: Date, records: readonly CostRecord[]): ArmResource[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monthStart = isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const yesterday = isoDay(today - DAY_MS);
  const weekAgo = isoDay(today - 7 * DAY_MS);
  const daysWithData = now.getUTCDate() - 1;
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const mtd = new Map<string, number>();
  const lastWeek = new Map<string, number>();
  for (const r of records) {
    const s = r.subscriptionId.toLowerCase();
    if (r.date >= monthStart && r.date <= yesterday) mtd.set(s, (mtd.get(s) ?? 0) + r.cost);
    if (r.date >= weekAgo && r.date <= yesterday) lastWeek.set(s, (lastWeek.get(s) ?? 0) + r.cost);
  }
  const out: ArmResource[] = [];
  for (const s of DEMO_SUBSCRIPTIONS) {
    if (s.budget === "none") continue;
    const id = subId(s.n);
    const actual = mtd.get(id) ?? 0;
    const forecast = daysWithData > 0 ? (actual / daysWithData) * daysInMonth : ((lastWeek.get(id) ?? 0) / 7) * daysInMonth;
    const amount =
      s.budget === "comfortable"
        ? niceCeil(Math.max(100, (forecast * 100) / COMFORTABLE_FORECAST_PERCENT))
        : Math.max(1, Math.round((actual > 0 ? actual : forecast) / (s.budget.actualPercent / 100)));
    const owner = user(s.owner).upn;
    const n = (threshold: number, thresholdType: "Actual" | "Forecasted") => ({
      enabled: true,
      operator: "GreaterThanOrEqualTo",
      threshold,
      thresholdType,
      contactEmails: [owner],
      contactRoles: ["Owner"],
      contactGroups: [],
      locale: "en-us",
    });
    out.push({
      id: `/subscriptions/${id}/providers/Microsoft.Consumption/budgets/budget-${s.key}`,
      name: `budget-${s.key}`,
      type: "Microsoft.Consumption/budgets",
      eTag: `"${id.slice(-4)}${s.n}"`,
      properties: {
        category: "Cost",
        amount,
        timeGrain: "Monthly",
        timePeriod: { startDate: `${monthStart.slice(0, 7)}-01T00:00:00Z`, endDate: `${now.getUTCFullYear() + 2}-12-31T00:00:00Z` },
        notifications: {
          actual_50: n(50, "Actual"),
          actual_75: n(75, "Actual"),
          actual_90: n(90, "Actual"),
          actual_100: n(100, "Actual"),
          forecasted_100: n(100, "Forecasted"),
        },
      },
    } as ArmResource);
  }
  return out;
}
