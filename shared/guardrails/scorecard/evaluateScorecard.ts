import type { Decision } from "../../estate/Decision";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../dryRunFor";
import { computeScorecard, type ScorecardFacts } from "./computeScorecard";
import { scorecardName } from "./params";

/** One decision per row, on the root management group: `flag` for a called-out row, else `ok`. */
export function evaluateScorecard(facts: ScorecardFacts, policy: Policy, _now: Date): Decision[] {
  const scope = `/providers/Microsoft.Management/managementGroups/${policy.managementGroups.root}`;
  return computeScorecard(facts, policy).map((row) => ({
    guardrail: scorecardName,
    resourceId: scope,
    verdict: row.calledOut ? "flag" : "ok",
    rule: row.dimension,
    severity: row.calledOut ? "low" : undefined,
    reason: `scorecard/${row.dimension}: ${row.score ?? "n/a"}/5: ${row.detail}`,
    evidence: { ...row },
    dryRun: dryRunFor(policy, scorecardName),
  }));
}
