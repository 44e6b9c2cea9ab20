import type { Policy } from "../../config/Policy";
import type { Decision } from "../../estate/Decision";
import type { SandboxState } from "../../estate/SandboxState";
import type { SweepOutcome } from "../../engine/GuardrailModule";
import type { SweepBatch } from "../../sweep/SweepBatch";
import { nextSandboxState } from "./nextSandboxState";
import type { SandboxFacts } from "./SandboxFacts";

const under = (id: string, scope: string) => id.toLowerCase() === scope.toLowerCase() || id.toLowerCase().startsWith(`${scope.toLowerCase()}/`);

/** One lifecycle step for every sandbox of the batch: sandbox subscriptions and sandbox-tagged resource groups. */
export function sweepSandboxes({ subscriptions, facts, costs, memory }: SweepBatch, policy: Policy, now: Date): SweepOutcome {
  const bySub = new Map(subscriptions.map((s) => [s.id, s]));
  const budgetsBySub = new Map(facts.budgets.map((b) => [b.subscriptionId, b]));
  const actualOf = (subId: string) => Object.values(costs.bySubscription[subId] ?? {}).reduce((a, b) => a + b, 0);
  const resourcesOf = (subId: string) => facts.resources.filter((r) => r.subscriptionId === subId);
  // The newest change record under a sandbox: its own `sub/rg` key, or every group of a subscription sandbox.
  const changesOf = (prefix: string): SandboxFacts["changes"] => {
    const sc = facts.sandboxChanges;
    if (!sc) return undefined;
    const times = Object.entries(sc.last).filter(([k]) => (prefix.endsWith("/") ? k.startsWith(prefix) : k === prefix)).map(([, t]) => t);
    return { since: sc.since, ...(times.length ? { lastAt: times.reduce((a, b) => (b > a ? b : a)) } : {}) };
  };

  const sandboxes: SandboxFacts[] = [];
  for (const s of subscriptions) {
    if (s.archetype !== "sandbox") continue;
    const budget = budgetsBySub.get(s.id);
    sandboxes.push({ id: `/subscriptions/${s.id}`, kind: "subscription", tags: s.tags, resources: resourcesOf(s.id), changes: changesOf(`${s.id}/`), budgetPercent: budget ? (actualOf(s.id) / budget.amount) * 100 : undefined });
  }
  for (const g of facts.sandboxGroups) {
    const sub = bySub.get(/\/subscriptions\/([^/]+)/i.exec(g.id)?.[1]?.toLowerCase() ?? "");
    if (!sub || sub.archetype === "sandbox" || sub.archetype === "decommissioned") continue;
    const rg = /\/resourceGroups\/([^/]+)/i.exec(g.id)?.[1]?.toLowerCase() ?? "";
    sandboxes.push({ id: g.id, kind: "resourceGroup", tags: g.tags, resources: resourcesOf(sub.id).filter((r) => under(r.id, g.id)), changes: changesOf(`${sub.id}/${rg}`) });
  }

  const statesById = new Map(memory.sandboxStates.map((s) => [s.id.toLowerCase(), s]));
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
