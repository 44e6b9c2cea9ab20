/**
 * Instrument names: in Application Insights they are the `name` column of `customMetrics`, the
 * attributes become `customDimensions`. Durations are histograms in milliseconds
 * (`valueSum`/`valueCount` give the mean, `valueMax` the worst run).
 */
export const MetricNames = {
  decisions: "ailz.decisions",
  actions: "ailz.actions",
  eventsProcessed: "ailz.events.processed",
  sweepDuration: "ailz.sweep.duration",
  vendingDuration: "ailz.vending.duration",
} as const;
export type MetricName = (typeof MetricNames)[keyof typeof MetricNames];
