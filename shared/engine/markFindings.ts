import type { ActionContext } from "../actions/ActionContext";
import type { ActionResult } from "../actions/ActionResult";
import { executeDecision } from "../actions/executeDecision";
import type { Decision } from "../estate/Decision";
import { FINDING_TAG, findingTagValue } from "./findingTagValue";

export interface Marked {
  decision: Decision;
  description: string;
  result: ActionResult;
}

/**
 * The pipeline's marker step: the resource carries `ailz-finding` listing its open findings (every
 * guardrail's, from either path), or no marker once none is open. An equal value is never
 * rewritten, so a resource whose findings did not change costs no ARM write. The marker is
 * bookkeeping, not a guardrail action: a guardrail in dry run still marks what it found.
 */
export async function markFindings(
  resourceId: string,
  tags: Record<string, string>,
  open: Array<{ guardrail: string; rule?: string }>,
  ctx: ActionContext,
): Promise<Marked | undefined> {
  const value = findingTagValue(open);
  const current = Object.entries(tags).find(([k]) => k.toLowerCase() === FINDING_TAG)?.[1];
  if ((value === "" && current === undefined) || value === current) return undefined;
  const action: Decision["action"] = value === "" ? { type: "removeTags", tagNames: [FINDING_TAG] } : { type: "tag", tags: { [FINDING_TAG]: value } };
  const decision: Decision = {
    guardrail: "ailz",
    resourceId,
    verdict: "act",
    rule: "findingTag",
    reason: value === "" ? "no open findings: remove the ailz-finding marker" : `open findings: ${value}`,
    evidence: { open: open.map((f) => (f.rule ? `${f.guardrail}/${f.rule}` : f.guardrail)) },
    action,
    dryRun: false,
  };
  const { result, description } = await executeDecision(decision, ctx);
  return result && description ? { decision, description, result: result as ActionResult } : undefined;
}
