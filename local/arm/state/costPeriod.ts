/** Calendar helpers over UTC "YYYY-MM-DD" dates (cost records are daily). */

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return isoDay(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000);
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function monthEnd(day: string): string {
  const d = new Date(`${monthStart(day)}T00:00:00Z`);
  return isoDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
}

export function daysBetweenInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Number of calendar months a range touches: Cost Management charges 1 QPU per month of data. */
export function monthsSpanned(from: string, to: string): number {
  if (to < from) return 1;
  const [fy, fm] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  return Math.max(1, (ty - fy) * 12 + (tm - fm) + 1);
}

export interface DayRange {
  from: string;
  to: string;
}

/**
 * The inclusive day range of a Cost Management timeframe relative to "today" (the emulator clock).
 * Month-to-date ranges end today; the caller applies the one-day data lag.
 */
export function timeframeRange(timeframe: string, today: string, timePeriod?: { from?: string; to?: string }): DayRange | { error: string } {
  switch (timeframe.toLowerCase()) {
    case "monthtodate":
    case "billingmonthtodate":
      return { from: monthStart(today), to: today };
    case "thelastmonth":
    case "thelastbillingmonth": {
      const lastMonthDay = addDays(monthStart(today), -1);
      return { from: monthStart(lastMonthDay), to: lastMonthDay };
    }
    case "weektodate": {
      const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
      return { from: addDays(today, -dow), to: today };
    }
    case "theLastWeek".toLowerCase():
      return { from: addDays(today, -7), to: addDays(today, -1) };
    case "custom": {
      const from = timePeriod?.from?.slice(0, 10);
      const to = timePeriod?.to?.slice(0, 10);
      if (!from || !to || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
        return { error: "timePeriod with 'from' and 'to' is required when timeframe is Custom." };
      }
      if (to < from) return { error: "timePeriod 'to' must not be earlier than 'from'." };
      return { from, to };
    }
    default:
      return { error: `Invalid timeframe '${timeframe}'. Supported: MonthToDate, BillingMonthToDate, TheLastMonth, TheLastBillingMonth, WeekToDate, Custom.` };
  }
}
