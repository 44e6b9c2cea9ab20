import type { ActionRecord, Attributes, DecisionRecord, EventRecord, LogLevel, SweepRecord, VendingRecord } from "./TelemetryRecords";

/**
 * What ailz reports about its own work: structured logs plus the counters and durations the
 * platform team charts. Every method records a log line and, where it has one, a metric.
 * Implementations never throw into the caller: telemetry must not change what ailz does.
 */
export interface Telemetry {
  log(level: LogLevel, message: string, attributes?: Attributes): void;
  decision(record: DecisionRecord): void;
  action(record: ActionRecord): void;
  eventProcessed(record: EventRecord): void;
  sweepCompleted(record: SweepRecord): void;
  vendingCompleted(record: VendingRecord): void;
  /** Sends whatever is buffered (call before the process may be frozen or stopped). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}
