import type { Policy } from "../config/Policy";
import type { BudgetFacts } from "../estate/BudgetFacts";
import type { Decision } from "../estate/Decision";
import type { QuotaReclaimState } from "../estate/QuotaReclaimState";
import type { QuotaAllocation, QuotaSample, DeallocatedVm } from "../estate/QuotaSample";
import type { ResourceFacts } from "../estate/ResourceFacts";
import type { SandboxState } from "../estate/SandboxState";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import { AI_SERVICE_KINDS } from "../guardrails/aiResourceKind";
import { evaluateBudgetAlerts } from "../guardrails/budgetAlerts/evaluateBudgetAlerts";
import { evaluateIdleGpuQuota } from "../guardrails/idleGpuQuota/evaluateIdleGpuQuota";
import { nextSandboxState } from "../guardrails/sandboxLifecycle/nextSandboxState";
import type { SandboxFacts } from "../guardrails/sandboxLifecycle/SandboxFacts";
import { classifyAiResource } from "../guardrails/shadowAi/classifyAiResource";
import { evaluateShadowAi } from "../guardrails/shadowAi/evaluateShadowAi";
import { vmSizeOf } from "../guardrails/vmSizeOf";
import type { BatchFacts } from "./BatchFacts";
import { powerStateOf } from "./provenance/powerStateOf";
import { linearForecast } from "./collectCosts";
import type { CostFacts } from "./CostFacts";
import type { InventoryItem } from "./InventoryItem";
import type { ScorecardCounts } from "./ScorecardCounts";

/** What ailz already knows about the batch (the stores), read before evaluating. */
export interface BatchMemory {
  sandboxStates: SandboxState[];
  activities: { sandboxId: string; at: string; by?: string }[];
  /** `budgetAlertKey`s already fired this period. */
  firedKeys: string[];
  samples: QuotaSample[];
  reclaims: QuotaReclaimState[];
  /** Sandbox id (lower-case) -> ids under a management lock; only fetched for sandboxes about to be decommissioned. */
  locks: Record<string, string[]>;
  /** vCPUs per VM size (lower-case name), from the Compute resource SKUs of the regions that hold deallocated VMs. */
  vcpusBySize: Record<string, number>;
}

export interface BatchEvaluation {
  decisions: Decision[];
  /** The lifecycle's new state of every sandbox in the batch. */
  sandboxStates: SandboxState[];
  inventory: InventoryItem[];
  counts: ScorecardCounts;
  /** Sandboxes about to be decommissioned whose locks were not in memory: fetch them and evaluate again. */
  needLocks: string[];
}

const DAY = 86_400_000;
const isOn = (policy: Policy, g: keyof Policy["guardrails"]) => policy.guardrails[g].mode !== "off";
/** A VM that Resource Graph shows deallocated (`properties.extended.instanceView.powerState`). */
export const isDeallocatedVm = (r: ResourceFacts) => r.type === "microsoft.compute/virtualmachines" && /deallocated/i.test(powerStateOf(r) ?? "");
const under = (id: string, scope: string) => id.toLowerCase() === scope.toLowerCase() || id.toLowerCase().startsWith(`${scope.toLowerCase()}/`);

/** A quota holder's notification names its VM (two holders must be told apart) and carries no day count (it goes out once). */
function withHolderSubject(d: Decision): Decision {
  if (d.rule !== "deallocatedQuotaHolder" || d.action?.type !== "notifyOnly" || d.action.subject) return d;
  const name = d.resourceId.split("/").pop() ?? d.resourceId;
  const e = d.evidence as { vmSize?: string; vcpus?: number };
  return { ...d, action: { ...d.action, subject: `Deallocated GPU VM ${name} (${e.vmSize ?? "unknown size"}) still holds ${e.vcpus ?? 0} cores of GPU quota` } };
}

/**
 * Pure: one batch's facts and memory -> decisions of the hygiene guardrails (shadow AI,
 * sandbox lifecycle, budget alerts, idle GPU quota), new sandbox states, the AI inventory and
 * the scorecard's counts. The sweep activity collects, calls this, then acts.
 */
export function evaluateBatch(
  policy: Policy,
  now: Date,
  subscriptions: SubscriptionFacts[],
  facts: BatchFacts,
  costs: CostFacts,
  memory: BatchMemory,
): BatchEvaluation {
  const decisions: Decision[] = [];
  const bySub = new Map(subscriptions.map((s) => [s.id, s]));
  const resourcesBySub = new Map<string, ResourceFacts[]>();
  for (const r of facts.resources) {
    const list = resourcesBySub.get(r.subscriptionId);
    if (list) list.push(r);
    else resourcesBySub.set(r.subscriptionId, [r]);
  }

  // Shadow AI inventory (same rules as the event path) and scorecard counts.
  const inventory: InventoryItem[] = [];
  const counts: ScorecardCounts = { aiServices: 0, aiServicesPrivate: 0, aiServicesSecure: 0, keyVaults: 0, aiResources: 0, aiResourcesByApprovedDeployer: 0, aiResourcesUnknownDeployer: 0, gpuQuotaRegions: [] };
  for (const r of facts.resources) {
    if (r.type === "microsoft.keyvault/vaults") counts.keyVaults++;
    const sub = bySub.get(r.subscriptionId);
    const c = classifyAiResource({ resource: r, subscription: sub }, policy);
    if (!c) continue;
    counts.aiResources++;
    if (c.writers.length === 0) counts.aiResourcesUnknownDeployer++;
    else if (c.writers.every((w) => w.approved)) counts.aiResourcesByApprovedDeployer++;
    if (AI_SERVICE_KINDS.has(c.kind)) {
      counts.aiServices++;
      const pna = String(r.properties["publicNetworkAccess"] ?? "").toLowerCase();
      const pecs = r.properties["privateEndpointConnections"];
      if (pna === "disabled" || (Array.isArray(pecs) && pecs.length > 0)) counts.aiServicesPrivate++;
      const mi = (r.identity?.type ?? "none").toLowerCase() !== "none";
      if (mi && r.properties["disableLocalAuth"] === true) counts.aiServicesSecure++;
    }
    inventory.push({ id: r.id, name: r.name, kind: c.kind, subscriptionId: r.subscriptionId, archetype: sub?.archetype ?? r.archetype, status: c.fired.length ? "shadow" : "governed", rules: c.fired });
    if (isOn(policy, "shadowAi")) decisions.push(...evaluateShadowAi({ resource: r, subscription: sub }, policy, now).filter((d) => d.verdict !== "ok"));
  }
  counts.gpuQuotaRegions = [...new Set(facts.quota.filter((q) => q.limit > 0).map((q) => q.location))].sort();

  // Sandbox lifecycle: subscription sandboxes and tagged resource groups.
  const statesById = new Map(memory.sandboxStates.map((s) => [s.id.toLowerCase(), s]));
  const activityById = new Map(memory.activities.map((a) => [a.sandboxId.toLowerCase(), a]));
  const budgetsBySub = new Map(facts.budgets.map((b) => [b.subscriptionId, b]));
  const actualOf = (subId: string) => Object.values(costs.bySubscription[subId] ?? {}).reduce((a, b) => a + b, 0);
  const sandboxes: SandboxFacts[] = [];
  for (const s of subscriptions) {
    if (s.archetype !== "sandbox") continue;
    const budget = budgetsBySub.get(s.id);
    const id = `/subscriptions/${s.id}`;
    sandboxes.push({ id, kind: "subscription", tags: s.tags, resources: resourcesBySub.get(s.id) ?? [], budgetPercent: budget ? (actualOf(s.id) / budget.amount) * 100 : undefined });
  }
  for (const g of facts.sandboxGroups) {
    const sub = bySub.get(/\/subscriptions\/([^/]+)/i.exec(g.id)?.[1]?.toLowerCase() ?? "");
    if (!sub || sub.archetype === "sandbox" || sub.archetype === "decommissioned") continue;
    sandboxes.push({ id: g.id, kind: "resourceGroup", tags: g.tags, resources: (resourcesBySub.get(sub.id) ?? []).filter((r) => under(r.id, g.id)) });
  }
  const sandboxStates: SandboxState[] = [];
  const needLocks: string[] = [];
  if (isOn(policy, "sandboxLifecycle")) {
    for (const sb of sandboxes) {
      const key = sb.id.toLowerCase();
      const act = activityById.get(key);
      const facts2: SandboxFacts = { ...sb, recordedActivity: act ? { at: act.at } : undefined, lockedResourceIds: memory.locks[key] };
      const t = nextSandboxState(statesById.get(key), facts2, policy, now);
      if (t.state.status === "Decommissioned" && statesById.get(key)?.status !== "Decommissioned" && memory.locks[key] === undefined) needLocks.push(sb.id);
      sandboxStates.push(t.state);
      decisions.push(...t.decisions);
    }
  }

  // Budget alerts: subscription budgets against month-to-date cost (one management-group query).
  if (isOn(policy, "budgetAlerts")) {
    const budgets: BudgetFacts[] = facts.budgets.map((b) => {
      const actual = actualOf(b.subscriptionId);
      const drivers = Object.entries(costs.bySubscription[b.subscriptionId] ?? {}).map(([name, cost]) => ({ kind: "resourceGroup" as const, name: name || "(no resource group)", cost }));
      const owner = bySub.get(b.subscriptionId)?.tags[policy.notifications.ownerTag];
      return {
        id: b.id.toLowerCase(), scope: `/subscriptions/${b.subscriptionId}`, scopeType: "subscription", amount: b.amount, currency: costs.currency,
        periodStart: costs.periodStart, actual, forecast: linearForecast(actual, costs), owners: owner ? [owner] : [], topDrivers: drivers,
      };
    });
    const live = subscriptions.filter((s) => s.archetype !== "decommissioned");
    decisions.push(...evaluateBudgetAlerts({ budgets: budgets.filter((b) => b.amount > 0), fired: memory.firedKeys, subscriptions: live }, policy, now).filter((d) => d.verdict !== "ok"));
  }

  // Idle GPU quota: allocations read tonight, samples from the store (hourly sampler + sweeps).
  if (isOn(policy, "idleGpuQuota")) {
    const oldest = new Map<string, number>();
    for (const s of memory.samples) {
      const k = `${s.subscriptionId}|${s.location}|${s.family.toLowerCase()}`;
      oldest.set(k, Math.min(oldest.get(k) ?? Number.POSITIVE_INFINITY, Date.parse(s.at)));
    }
    const allocations: QuotaAllocation[] = facts.quota.map((q) => {
      const first = oldest.get(`${q.subscriptionId}|${q.location}|${q.family.toLowerCase()}`);
      // The allocation's age is what ailz has observed of it: its oldest sample.
      return { subscriptionId: q.subscriptionId, location: q.location, family: q.family, limit: Math.round(q.limit), currentUsage: q.usage, allocatedAt: new Date(first ?? now.getTime()).toISOString() };
    });
    // A deallocation is the VM's last change: systemData's lastModifiedAt (via provenance) dates it.
    const deallocatedVms: DeallocatedVm[] = facts.resources
      .filter(isDeallocatedVm)
      .map((r) => {
        const size = vmSizeOf(r) ?? "unknown";
        return { id: r.id, subscriptionId: r.subscriptionId, location: r.location, vmSize: size, vcpus: memory.vcpusBySize[size.toLowerCase()] ?? 0, deallocatedAt: r.lastModifiedAt ?? r.createdAt ?? String(r.properties["timeCreated"] ?? new Date(now.getTime() - DAY).toISOString()) };
      });
    decisions.push(...evaluateIdleGpuQuota({ samples: memory.samples, allocations, deallocatedVms, reclaims: memory.reclaims }, policy, now).filter((d) => d.verdict !== "ok").map(withHolderSubject));
  }

  return { decisions, sandboxStates, inventory, counts, needLocks };
}
