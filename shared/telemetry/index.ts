// createOtelTelemetry is deliberately not re-exported: importing it would load the OpenTelemetry
// SDK eagerly; startTelemetry imports it only when Application Insights is configured.
export type { Telemetry } from "./Telemetry";
export * from "./TelemetryRecords";
export { MetricNames, type MetricName } from "./metricNames";
export { createConsoleTelemetry, createNoopTelemetry, type ConsoleTelemetryOptions } from "./createConsoleTelemetry";
export type { OtelTelemetryOptions } from "./createOtelTelemetry";
export { getTelemetry, setTelemetry, startTelemetry, resetTelemetry } from "./getTelemetry";
