import type { Policy } from "../../config/Policy";
import type { Decision } from "../../estate/Decision";
import type { SandboxState } from "../../estate/SandboxState";
import type { SweepOutcome } from "../../engine/GuardrailModule";
import type { SweepBatch } from "../../sweep/SweepBatch";
import { nextSandboxState } from "./nextSandboxState";
import { forecastOf } from "../../sweep/collectCosts";
import type { SandboxCost, SandboxFacts } from "./SandboxFacts";
import { resourcesBySubscription } from "../../estate/resourcesBySubscription";

const under = (id: string, scope: string) => id.toLowerCase() === scope.toLowerCase() || id.toLowerCase().startsWith(`${scope.toLowerCase()}/`);

/**
 * One lifecycle step for every sandbox of the batch: sandbox subscriptions and sandbox-tagged
 * resource groups. Each gets its spend from the sweep's one management-group cost query (grouped
 * by subscription and resource group: a group sandbox is a row, not a query of its own) and a
 * budget: the owner's new cap, else the sandbox's `budgetTag`, else its subscription's Azure
 * budget (subscription sandboxes), else the policy's `defaultSandboxBudget`.
 */
export function sweepSandboxes({ subscriptions, facts, costs, memory }: SweepBatch, policy: Policy, now: Date): SweepOutcome {
  const p = policy.guardrails.sandboxLifecycle.params;
  const bySub = new Map(subscriptions.map((s) => [s.id, s]));
  const budgetsBySub = new Map(facts.budgets.map((b) => [b.subscriptionId, b]));
  const resourcesOf = (subId: string) => resourcesBySubscription(facts.resources, subId);
  // The newest change record under a sandbox: its own `sub/rg` key, or every group of a subscription sandbox.
  // Keys are `sub/rg` or `sub/`; a subscription's newest is folded once rather than scanned per sandbox.
  const newestBySub = new Map<string, string>();
  for (const [k, t] of Object.entries(facts.sandboxChanges?.last ?? {})) {
    const sub = k.slice(0, k.indexOf("/") + 1);
    const seen = newestBySub.get(sub);
    if (seen === undefined || t > seen) newestBySub.set(sub, t);
  }
  const changesOf = (prefix: string): SandboxFacts["changes"] => {
    const sc = facts.sandboxChanges;
    if (!sc) return undefined;
    const lastAt = prefix.endsWith("/") ? newestBySub.get(prefix) : sc.last[prefix];
    return { since: sc.since, ...(lastAt !== undefined ? { lastAt } : {}) };
  };
  const statesById = new Map(memory.sandboxStates.map((s) => [s.id.toLowerCase(), s]));
  const sum = (xs: Record<string, number> | undefined) => Object.values(xs ?? {}).reduce((a, b) => a + b, 0);

  const costOf = (id: string, subId: string, group: string | undefined, tags: Record<string, string>): SandboxCost | undefined => {
    const raw = Object.entries(tags).find(([k]) => k.toLowerCase() === p.budgetTag.toLowerCase())?.[1];
    const tagged = raw !== undefined && Number(raw) > 0 ? Number(raw) : undefined;
    const azure = group ? undefined : budgetsBySub.get(subId)?.amount;
    const override = statesById.get(id.toLowerCase())?.budgetOverride;
    const [budget, budgetSource] = override ? [override, "override" as const] : tagged ? [tagged, "tag" as const] : azure && azure > 0 ? [azure, "azureBudget" as const] : [p.defaultSandboxBudget, "policyDefault" as const];
    if (!budget) return undefined;
    const actual = group ? (costs.bySubscription[subId]?.[group] ?? 0) : sum(costs.bySubscription[subId]);
    const rate = group ? (costs.recentDailyByGroup?.[subId]?.[group] ?? 0) : (costs.recentDaily[subId] ?? 0);
    const forecast = forecastOf(actual, rate, costs);
    return { actual, forecast: forecast.total, forecastBasis: forecast.basis, budget, budgetSource, currency: costs.currency };
  };

  const sandboxes: SandboxFacts[] = [];
  for (const s of subscriptions) {
    if (s.archetype !== "sandbox") continue;
    const id = `/subscriptions/${s.id}`;
    sandboxes.push({ id, kind: "subscription", tags: s.tags, resources: resourcesOf(s.id), changes: changesOf(`${s.id}/`), cost: costOf(id, s.id, undefined, s.tags) });
  }
  for (const g of facts.sandboxGroups) {
    const sub = bySub.get(/\/subscriptions\/([^/]+)/i.exec(g.id)?.[1]?.toLowerCase() ?? "");
    if (!sub || sub.archetype === "sandbox" || sub.archetype === "decommissioned") continue;
    const group = /\/resourceGroups\/([^/]+)/i.exec(g.id)?.[1]?.toLowerCase() ?? "";
    sandboxes.push({ id: g.id, kind: "resourceGroup", tags: g.tags, resources: resourcesOf(sub.id).filter((r) => under(r.id, g.id)), changes: changesOf(`${sub.id}/${group}`), cost: costOf(g.id, sub.id, group, g.tags) });
  }

  const activityById = new Map(memory.activities.map((a) => [a.sandboxId.toLowerCase(), a]));
  const decisions: Decision[] = [];
  const sandboxStates: SandboxState[] = [];
  const needLocks: string[] = [];
  for (const sb of sandboxes) {
    const key = sb.id.toLowerCase();
    const act = activityById.get(key);
    const before = statesById.get(key);
    const t = nextSandboxState(before, { ...sb, recordedActivity: act ? { at: act.at } : undefined, lockedResourceIds: memory.locks[key] }, policy, now);
    if (t.state.status === "Decommissioned" && before?.status !== "Decommissioned" && memory.locks[key] === undefined) needLocks.push(sb.id);
    sandboxStates.push(t.state);
    decisions.push(...t.decisions);
  }
  return { decisions, sandboxStates, needLocks };
}
