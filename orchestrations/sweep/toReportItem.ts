import type { ExecuteOutcome } from "../../shared/actions/executeDecision";
import { describeAction } from "../../shared/actions/actionRegistry";
import type { Decision } from "../../shared/estate/Decision";
import type { ReportItem } from "../../shared/report/ReportItem";

/** A decision and what came of it, as a line of the report. */
export function toReportItem(d: Decision, outcome: ExecuteOutcome | { error: string } | "wouldDo" | "flagged"): ReportItem {
  const base = { guardrail: d.guardrail, rule: d.rule ?? "", resourceId: d.resourceId, reason: d.reason, action: d.action ? describeAction(d.action, d.resourceId) : undefined };
  if (d.exemption) return { ...base, outcome: "exempt", note: exemptNote(d.exemption) };
  if (outcome === "wouldDo") return { ...base, outcome: d.action ? "wouldDo" : "flagged", note: d.action ? "dry run" : undefined };
  if (outcome === "flagged") return { ...base, outcome: "flagged" };
  if ("error" in outcome) return { ...base, outcome: "failed", note: outcome.error };
  const r = outcome.result;
  if (!r) return { ...base, outcome: "flagged" };
  if (r.outcome === "failed") return { ...base, outcome: "failed", note: r.note };
  if (r.outcome === "skipped") return { ...base, outcome: d.dryRun ? "wouldDo" : "skipped", note: r.note };
  // Only a change made tonight is "done": a dry run that reached the executor would have done it.
  if (d.dryRun && d.action?.type !== "notifyOnly") return { ...base, outcome: "wouldDo", note: r.note };
  return { ...base, outcome: r.noop ? "skipped" : "done", note: r.note };
}

/** How the report names an exemption: its source and ref, and its last day. */
export const exemptNote = (e: NonNullable<Decision["exemption"]>): string => `exempt until ${e.until} (${e.source} exemption ${e.ref})`;
