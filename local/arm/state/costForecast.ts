import { addDays } from "./costPeriod";
import type { CostRecord } from "./schemas";

/** Complete days of history a forecast's daily rate is averaged over. */
const FORECAST_HISTORY_DAYS = 7;

/**
 * The daily run rate a forecast carries forward: the average over the last seven complete days
 * before `today` (cost data lags a day), reaching into the previous month early in a month, as
 * Cost Management forecasts from usage history rather than from the month's first day alone.
 */
export function recentDailyRate(records: Iterable<CostRecord>, today: string, inScope: (r: CostRecord) => boolean): number {
  const from = addDays(today, -FORECAST_HISTORY_DAYS);
  const to = addDays(today, -1);
  let sum = 0;
  for (const r of records) if (r.date >= from && r.date <= to && inScope(r)) sum += r.cost;
  return sum / FORECAST_HISTORY_DAYS;
}
