import { MetricNames, type MetricName } from "./metricNames";
import type { ActionRecord, Attributes, DecisionRecord, EventRecord, LogLevel, SweepRecord, VendingRecord } from "./TelemetryRecords";

export interface LogSignal {
  level: LogLevel;
  message: string;
  attributes: Attributes;
}
export interface MetricSignal {
  name: MetricName;
  kind: "counter" | "histogram";
  value: number;
  /** Low-cardinality dimensions only (never a resource id). */
  attributes: Attributes;
}
export interface Signals {
  log: LogSignal;
  metric: MetricSignal;
}

// One mapping from records to a log line and a metric point, shared by every implementation so
// the console output and Application Insights agree on names and attributes.

const defined = (a: Record<string, string | number | boolean | undefined>): Attributes => {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out[k] = v;
  return out;
};

export function decisionSignals(r: DecisionRecord): Signals {
  const dims = defined({ guardrail: r.guardrail, verdict: r.verdict, dryRun: r.dryRun });
  return {
    log: {
      // Most decisions of a busy estate are ok: counted by the metric, logged only when debugging.
      level: r.verdict === "ok" ? "debug" : "info",
      message: `decision ${r.guardrail}${r.rule ? `/${r.rule}` : ""} ${r.verdict}${r.dryRun ? " (dry run)" : ""} ${r.resourceId}`,
      attributes: defined({ event: "decision", ...dims, resourceId: r.resourceId, rule: r.rule, reason: r.reason, trigger: r.trigger }),
    },
    metric: { name: MetricNames.decisions, kind: "counter", value: 1, attributes: defined({ ...dims, trigger: r.trigger }) },
  };
}

export function actionSignals(r: ActionRecord): Signals {
  const dims = defined({ action: r.action, outcome: r.outcome, dryRun: r.dryRun, guardrail: r.guardrail });
  return {
    log: {
      level: r.outcome === "failed" ? "warn" : "info",
      message: `action ${r.action} ${r.outcome}${r.dryRun ? " (dry run)" : ""} ${r.resourceId}`,
      attributes: defined({ event: "action", ...dims, resourceId: r.resourceId, error: r.error }),
    },
    metric: { name: MetricNames.actions, kind: "counter", value: 1, attributes: dims },
  };
}

export function eventSignals(r: EventRecord): Signals {
  const dims = { eventType: r.eventType, outcome: r.outcome };
  return {
    log: { level: "debug", message: `event ${r.eventType} ${r.outcome}`, attributes: defined({ event: "resourceEvent", ...dims, resourceId: r.resourceId }) },
    metric: { name: MetricNames.eventsProcessed, kind: "counter", value: 1, attributes: dims },
  };
}

export function sweepSignals(r: SweepRecord): Signals {
  return {
    log: {
      level: r.outcome === "failed" ? "warn" : "info",
      message: `sweep ${r.sweepId} ${r.outcome} in ${Math.round(r.durationMs)} ms`,
      attributes: defined({ event: "sweep", sweepId: r.sweepId, outcome: r.outcome, durationMs: r.durationMs, subscriptions: r.subscriptions, resources: r.resources }),
    },
    metric: { name: MetricNames.sweepDuration, kind: "histogram", value: r.durationMs, attributes: { outcome: r.outcome } },
  };
}

export function vendingSignals(r: VendingRecord): Signals {
  const dims = { archetype: r.archetype, outcome: r.outcome };
  return {
    log: {
      level: r.outcome === "failed" ? "warn" : "info",
      message: `vending ${r.requestId} (${r.archetype}) ${r.outcome} in ${Math.round(r.durationMs)} ms`,
      attributes: defined({ event: "vending", requestId: r.requestId, ...dims, durationMs: r.durationMs, subscriptionId: r.subscriptionId }),
    },
    metric: { name: MetricNames.vendingDuration, kind: "histogram", value: r.durationMs, attributes: dims },
  };
}
