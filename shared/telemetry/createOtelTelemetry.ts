import type { TokenCredential } from "@azure/core-auth";
import type { Telemetry } from "./Telemetry";
import type { Attributes, LogLevel } from "./TelemetryRecords";
import { createSignalTelemetry } from "./createSignalTelemetry";
import type { MetricSignal } from "./toSignals";

export interface OtelTelemetryOptions {
  /** `APPLICATIONINSIGHTS_CONNECTION_STRING`. */
  connectionString: string;
  /** Entra auth for ingestion when the component has local auth disabled (see authFromEnv). */
  credential?: TokenCredential;
  /** `cloud_RoleName` in Application Insights; default `OTEL_SERVICE_NAME` or `ailz`. */
  serviceName?: string;
  /** Metric export interval; default 60 s (Application Insights' own pre-aggregation period). */
  exportIntervalMs?: number;
  /** Lowest log level exported; default `info`. */
  minLevel?: LogLevel;
  /** Keep failed batches on disk for a retry (the exporter's offline storage); default true. */
  offlineStorage?: boolean;
  onError?: (err: unknown) => void;
}

const SEVERITY: Record<LogLevel, { number: number; text: string }> = {
  // OpenTelemetry SeverityNumber values (api-logs): DEBUG 5, INFO 9, WARN 13, ERROR 17.
  debug: { number: 5, text: "DEBUG" },
  info: { number: 9, text: "INFO" },
  warn: { number: 13, text: "WARN" },
  error: { number: 17, text: "ERROR" },
};

/**
 * OpenTelemetry SDK (metrics + logs) exporting to Application Insights with the Azure Monitor
 * exporters: metric points become `customMetrics` (name = instrument, customDimensions = attributes),
 * log records become `traces` with the attributes as customDimensions. The SDK is imported lazily
 * so apps without Application Insights never pay its load time.
 */
export async function createOtelTelemetry(opts: OtelTelemetryOptions): Promise<Telemetry> {
  const [metricsSdk, logsSdk, exporters, resources] = await Promise.all([
    import("@opentelemetry/sdk-metrics"),
    import("@opentelemetry/sdk-logs"),
    import("@azure/monitor-opentelemetry-exporter"),
    import("@opentelemetry/resources"),
  ]);
  const exporterOptions = { connectionString: opts.connectionString, credential: opts.credential, disableOfflineStorage: opts.offlineStorage === false };
  const resource = resources.resourceFromAttributes({ "service.name": opts.serviceName ?? process.env.OTEL_SERVICE_NAME ?? "ailz" });

  const reader = new metricsSdk.PeriodicExportingMetricReader({
    exporter: new exporters.AzureMonitorMetricExporter(exporterOptions),
    exportIntervalMillis: opts.exportIntervalMs ?? 60_000,
  });
  const meterProvider = new metricsSdk.MeterProvider({ resource, readers: [reader] });
  const loggerProvider = new logsSdk.LoggerProvider({
    resource,
    processors: [new logsSdk.BatchLogRecordProcessor({ exporter: new exporters.AzureMonitorLogExporter(exporterOptions) })],
  });

  const meter = meterProvider.getMeter("ailz");
  const logger = loggerProvider.getLogger("ailz");
  const counters = new Map<string, { add(v: number, a: Attributes): void }>();
  const histograms = new Map<string, { record(v: number, a: Attributes): void }>();
  const record = (s: MetricSignal) => {
    if (s.kind === "counter") {
      let c = counters.get(s.name);
      if (!c) counters.set(s.name, (c = meter.createCounter(s.name)));
      c.add(s.value, s.attributes);
    } else {
      let h = histograms.get(s.name);
      if (!h) histograms.set(s.name, (h = meter.createHistogram(s.name, { unit: "ms" })));
      h.record(s.value, s.attributes);
    }
  };
  const min = SEVERITY[opts.minLevel ?? "info"].number;

  return createSignalTelemetry(
    {
      log(s) {
        const sev = SEVERITY[s.level];
        if (sev.number < min) return;
        logger.emit({ severityNumber: sev.number, severityText: sev.text, body: s.message, attributes: s.attributes });
      },
      metric: record,
      async flush() {
        await Promise.all([meterProvider.forceFlush(), loggerProvider.forceFlush()]);
      },
      async shutdown() {
        await Promise.all([meterProvider.shutdown(), loggerProvider.shutdown()]);
      },
    },
    opts.onError,
  );
}
