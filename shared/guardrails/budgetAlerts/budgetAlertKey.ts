/** Identifies one threshold of one budget in one period: it fires once. */
export function budgetAlertKey(budgetId: string, periodStart: string, thresholdType: "Actual" | "Forecasted", threshold: number): string {
  return `${budgetId.toLowerCase()}|${periodStart}|${thresholdType}|${threshold}`;
}
