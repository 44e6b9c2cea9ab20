import type { EnforceOutcome } from "../enforce/EnforceOutcome";
import type { Telemetry } from "./Telemetry";

/** What one resource event did, as telemetry: the event, each decision and each action. */
export function recordEnforceOutcome(telemetry: Pick<Telemetry, "eventProcessed" | "decision" | "action">, out: EnforceOutcome): void {
  telemetry.eventProcessed({ eventType: out.eventType ?? "unknown", outcome: out.status, ...(out.decisions[0] ? { resourceId: out.decisions[0].resourceId } : {}) });
  for (const d of out.decisions) {
    telemetry.decision({ guardrail: d.guardrail, resourceId: d.resourceId, verdict: d.verdict, dryRun: d.dryRun, rule: d.rule, reason: d.reason, trigger: "event" });
  }
  for (const a of out.actions) {
    telemetry.action({
      action: a.type,
      resourceId: a.resourceId,
      outcome: a.result.outcome,
      dryRun: a.dryRun,
      guardrail: a.guardrail,
      ...(a.result.outcome === "failed" ? { error: a.result.note } : {}),
    });
  }
}
