import type { Action } from "../estate/Action";
import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";

/** Actions that only keep ailz's own books: they run in every mode but `off`. */
const BOOKKEEPING: ReadonlySet<Action["type"]> = new Set(["recordActivity"]);

/** Whether a decision of this guardrail is only reported (anything but `enforce`). */
export function dryRunFor(policy: Policy, guardrail: string, action?: Action): boolean {
  if (action && BOOKKEEPING.has(action.type)) return false;
  return entryOf(policy, guardrail)?.mode !== "enforce";
}
