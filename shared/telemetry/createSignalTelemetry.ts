import type { Telemetry } from "./Telemetry";
import { actionSignals, decisionSignals, eventSignals, sweepSignals, vendingSignals, type LogSignal, type MetricSignal, type Signals } from "./toSignals";

export interface SignalSink {
  log(signal: LogSignal): void;
  metric(signal: MetricSignal): void;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** A Telemetry over a sink of log and metric signals; a failing sink never reaches the caller. */
export function createSignalTelemetry(sink: SignalSink, onError: (err: unknown) => void = () => {}): Telemetry {
  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      onError(err);
    }
  };
  const emit = (make: () => Signals) =>
    guard(() => {
      const s = make();
      sink.log(s.log);
      sink.metric(s.metric);
    });
  return {
    log: (level, message, attributes = {}) => guard(() => sink.log({ level, message, attributes })),
    decision: (r) => emit(() => decisionSignals(r)),
    action: (r) => emit(() => actionSignals(r)),
    eventProcessed: (r) => emit(() => eventSignals(r)),
    sweepCompleted: (r) => emit(() => sweepSignals(r)),
    vendingCompleted: (r) => emit(() => vendingSignals(r)),
    flush: () => sink.flush().catch(onError),
    shutdown: () => sink.shutdown().catch(onError),
  };
}
