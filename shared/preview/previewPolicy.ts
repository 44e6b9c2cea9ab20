import type { Policy } from "../config/Policy";
import type { Decision } from "../estate/Decision";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { BatchFacts } from "../sweep/BatchFacts";
import type { BatchMemory } from "../sweep/BatchMemory";
import type { CostFacts } from "../sweep/CostFacts";
import { evaluateBatch } from "../sweep/evaluateBatch";
import { addedNotifications, diffDecisions, emptyDiff } from "./diffDecisions";
import type { PreviewItem } from "./PreviewItem";

/** One batch as the preview evaluates it: the sweep's facts and what ailz knows now. */
export interface PreviewBatch {
  subscriptions: SubscriptionFacts[];
  facts: BatchFacts;
  costs: CostFacts;
  memory: BatchMemory;
}

export interface PolicyPreview {
  findings: { open: PreviewItem[]; resolve: PreviewItem[] };
  actions: { start: PreviewItem[]; stop: PreviewItem[] };
  /** Per guardrail and subscription: how many actions would start and stop. */
  actionsBySubscription: Array<{ guardrail: string; subscriptionId: string; subscriptionName: string; start: number; stop: number }>;
  /** Messages the change adds: one to the owner for each finding that opens and each action that starts. */
  notifications: ReturnType<typeof addedNotifications>;
  estimatedMonthlySavings: { amount: number; currency: string };
  unchanged: number;
}

const subOf = (id: string) => /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? "";
const leafOf = (id: string) => id.split("/").filter(Boolean).pop() ?? id;

function runRate(costs: CostFacts, sub: string, group?: string): number {
  const bySub = costs.bySubscription[sub] ?? {};
  const mtd = group ? (bySub[group.toLowerCase()] ?? 0) : Object.values(bySub).reduce((a, b) => a + b, 0);
  return costs.daysWithData > 0 ? (mtd / costs.daysWithData) * costs.daysInPeriod : 0;
}

/** What an action takes away each month: a deleted resource group's or a decommissioned subscription's run rate. */
function savingsOf(d: Decision, costs: CostFacts): number | undefined {
  const a = d.action;
  if (!a) return undefined;
  if (a.type === "deleteResourceGroup") {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(a.resourceGroupId);
    return m ? runRate(costs, m[1]!.toLowerCase(), m[2]) : undefined;
  }
  if (a.type === "moveToManagementGroup" && /^\/subscriptions\/[^/]+$/i.test(d.resourceId)) return runRate(costs, subOf(d.resourceId));
  return undefined;
}

/**
 * Pure: the latest sweep's facts through the engine twice, under the current and the proposed
 * policy, at the same `now` and with the same memory, and the difference: findings that would open
 * or resolve, actions that would start or stop running, the notifications that adds, and the
 * monthly run rate the new actions remove. Nothing is carried out.
 */
export function previewPolicy(current: Policy, proposed: Policy, batches: readonly PreviewBatch[], now: Date): PolicyPreview {
  const diff = emptyDiff();
  let currency = "USD";
  for (const b of batches) {
    currency = b.costs.currency;
    const names = new Map(b.subscriptions.map((s) => [s.id.toLowerCase(), s.name]));
    const item = (d: Decision, withSavings: boolean): PreviewItem => {
      const sub = subOf(d.resourceId);
      const savings = withSavings ? savingsOf(d, b.costs) : undefined;
      return {
        guardrail: d.guardrail,
        rule: d.rule ?? "",
        resourceId: d.resourceId,
        resourceName: leafOf(d.resourceId),
        subscriptionId: sub,
        subscriptionName: names.get(sub) || sub,
        ...(d.severity ? { severity: d.severity } : {}),
        reason: d.reason,
        ...(d.action ? { action: d.action.type } : {}),
        ...(savings !== undefined ? { monthlySavings: Math.round(savings * 100) / 100 } : {}),
      };
    };
    // Each batch is evaluated on its own copy of the memory: evaluation never writes, but be sure.
    const before = evaluateBatch(current, now, b.subscriptions, b.facts, b.costs, structuredClone(b.memory)).decisions;
    const after = evaluateBatch(proposed, now, b.subscriptions, b.facts, b.costs, structuredClone(b.memory)).decisions;
    diffDecisions(before, after, item, diff);
  }
  const groups = new Map<string, PolicyPreview["actionsBySubscription"][number]>();
  for (const [list, field] of [[diff.start, "start"], [diff.stop, "stop"]] as const) {
    for (const i of list) {
      const k = `${i.guardrail}|${i.subscriptionId}`;
      const g = groups.get(k) ?? { guardrail: i.guardrail, subscriptionId: i.subscriptionId, subscriptionName: i.subscriptionName, start: 0, stop: 0 };
      g[field]++;
      groups.set(k, g);
    }
  }
  const savings = diff.start.reduce((a, i) => a + (i.monthlySavings ?? 0), 0);
  return {
    findings: { open: diff.open, resolve: diff.resolve },
    actions: { start: diff.start, stop: diff.stop },
    actionsBySubscription: [...groups.values()].sort((a, b) => a.guardrail.localeCompare(b.guardrail) || a.subscriptionName.localeCompare(b.subscriptionName)),
    notifications: addedNotifications(diff),
    estimatedMonthlySavings: { amount: Math.round(savings * 100) / 100, currency },
    unchanged: diff.unchanged,
  };
}
