import { actionRegistry } from "../actions/actionRegistry";
import type { Action } from "../estate/Action";
import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";

/** Whether a decision of this guardrail is only reported: anything but `enforce`, unless its action runs in dry run too. */
export function dryRunFor(policy: Policy, guardrail: string, action?: Action): boolean {
  if (action && actionRegistry[action.type].runsInDryRun) return false;
  return entryOf(policy, guardrail)?.mode !== "enforce";
}
