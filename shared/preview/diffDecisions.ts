import type { Decision } from "../estate/Decision";
import type { PreviewItem } from "./PreviewItem";

export interface DecisionDiff {
  open: PreviewItem[];
  resolve: PreviewItem[];
  start: PreviewItem[];
  stop: PreviewItem[];
  unchanged: number;
}

const keyOf = (d: Decision) => `${d.guardrail}|${d.resourceId.toLowerCase()}|${d.rule ?? ""}`;
/** Would record (or keep) an open finding: a verdict other than ok that no exemption holds back. */
const isOpen = (d: Decision) => d.verdict !== "ok" && !d.exemption;
/** Would change Azure: an action that is neither a dry run, held back, nor bookkeeping. */
const runs = (d: Decision) => d.verdict === "act" && d.action !== undefined && d.action.type !== "notifyOnly" && d.action.type !== "recordActivity" && !d.dryRun && !d.exemption;

/**
 * The same facts decided under two policies, compared per (guardrail, resource, rule): findings
 * that would open or resolve, actions that would start or stop running. `item` names a decision;
 * `withSavings` is set for actions that start (the only ones whose savings count).
 */
export function diffDecisions(before: readonly Decision[], after: readonly Decision[], item: (d: Decision, withSavings: boolean) => PreviewItem, into: DecisionDiff): DecisionDiff {
  const was = new Map(before.map((d) => [keyOf(d), d]));
  const will = new Map(after.map((d) => [keyOf(d), d]));
  for (const [k, d] of will) {
    const w = was.get(k);
    const opens = isOpen(d) && !(w && isOpen(w));
    const starts = runs(d) && !(w && runs(w));
    if (opens) into.open.push(item(d, false));
    if (starts) into.start.push(item(d, true));
    if (!opens && !starts && !(w && ((isOpen(w) && !isOpen(d)) || (runs(w) && !runs(d))))) into.unchanged++;
  }
  for (const [k, w] of was) {
    const d = will.get(k);
    if (isOpen(w) && !(d && isOpen(d))) into.resolve.push(item(w, false));
    if (runs(w) && !(d && runs(d))) into.stop.push(item(w, false));
  }
  return into;
}

export const emptyDiff = (): DecisionDiff => ({ open: [], resolve: [], start: [], stop: [], unchanged: 0 });

/** Messages the change adds: one to the owner for each finding that opens and each action that starts. */
export function addedNotifications(diff: DecisionDiff) {
  const note = (kind: "finding.opened" | "action") => (i: PreviewItem) => ({ kind, guardrail: i.guardrail, resourceId: i.resourceId, resourceName: i.resourceName, subscriptionName: i.subscriptionName });
  return [...diff.open.map(note("finding.opened")), ...diff.start.map(note("action"))];
}
