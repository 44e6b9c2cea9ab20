import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";
import type { Decision } from "../estate/Decision";
import type { SandboxState } from "../estate/SandboxState";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import { decide, type Excluded } from "../engine/decide";
import { inScope } from "../engine/inScope";
import { sweepGuardrails } from "../engine/registry";
import { AI_SERVICE_KINDS } from "../guardrails/aiResourceKind";
import { classifyAiResource } from "../guardrails/shadowAi/classifyAiResource";
import type { BatchFacts } from "./BatchFacts";
import type { BatchMemory } from "./BatchMemory";
import type { CostFacts } from "./CostFacts";
import type { InventoryItem } from "./InventoryItem";
import type { ScorecardCounts } from "./ScorecardCounts";
import type { SweepBatch } from "./SweepBatch";
import { multiRegionCounts } from "../guardrails/multiRegionReadiness/multiRegionCounts";

export interface BatchEvaluation {
  /** Decided: mode, scope and exemptions applied (exempted ones carry `exemption` and are not carried out). */
  decisions: Decision[];
  /** What the policy kept from being decided (a guardrail off, or the subscription outside its scope). */
  excluded: Excluded[];
  /** The lifecycle's new state of every sandbox in the batch (an exempted sandbox keeps the one it had, or is tracked as Active). */
  sandboxStates: SandboxState[];
  inventory: InventoryItem[];
  counts: ScorecardCounts;
  /** Sandboxes about to be decommissioned whose locks were not in memory: fetch them and evaluate again. */
  needLocks: string[];
}

const subOf = (id: string) => /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? "";
const under = (id: string, scope: string) => id.toLowerCase() === scope.toLowerCase() || id.toLowerCase().startsWith(`${scope.toLowerCase()}/`);

/** The batch as one guardrail sees it: only the subscriptions its scope holds, and their facts. */
function scoped(batch: SweepBatch, subs: SubscriptionFacts[]): SweepBatch {
  if (subs.length === batch.subscriptions.length) return batch;
  const ids = new Set(subs.map((s) => s.id));
  const mine = (x: { subscriptionId: string }) => ids.has(x.subscriptionId);
  const f = batch.facts;
  return {
    ...batch,
    subscriptions: subs,
    facts: { ...f, resources: f.resources.filter(mine), sandboxGroups: f.sandboxGroups.filter((g) => ids.has(subOf(g.id))), exemptGroups: f.exemptGroups.filter((g) => ids.has(subOf(g.id))), budgets: f.budgets.filter(mine), quota: f.quota.filter(mine), ...(f.gpu ? { gpu: f.gpu.filter(mine) } : {}) },
    memory: { ...batch.memory, samples: batch.memory.samples.filter(mine) },
  };
}

/**
 * Pure: one batch's facts and memory -> the sweep guardrails' decisions through the engine (each
 * registered sweep guardrail that is on evaluates the batch as its scope sees it; then the one
 * decide step applies mode, scope and exemptions), the sandboxes' new states, the AI inventory and
 * the scorecard's counts. The sweep activity collects, calls this, then acts.
 */
export function evaluateBatch(policy: Policy, now: Date, subscriptions: SubscriptionFacts[], facts: BatchFacts, costs: CostFacts, memory: BatchMemory): BatchEvaluation {
  const batch: SweepBatch = { subscriptions, facts, costs, memory };
  const { inventory, counts } = inventoryOf(policy, batch);

  const evaluated: Decision[] = [];
  const proposed: SandboxState[] = [];
  const needLocks: string[] = [];
  for (const module of sweepGuardrails()) {
    const entry = entryOf(policy, module.name);
    if (!entry || entry.mode === "off") continue;
    const view = scoped(batch, subscriptions.filter((s) => inScope(entry.scope, s)));
    if (view.subscriptions.length === 0) continue;
    const r = module.onSweep!.evaluate(view, entry.params, policy, now);
    evaluated.push(...r.decisions);
    proposed.push(...(r.sandboxStates ?? []));
    needLocks.push(...(r.needLocks ?? []));
  }

  const tags = new Map<string, Record<string, string>>();
  for (const r of facts.resources) tags.set(r.id.toLowerCase(), r.tags);
  for (const g of [...facts.sandboxGroups, ...facts.exemptGroups]) tags.set(g.id.toLowerCase(), g.tags);
  const bySub = new Map(subscriptions.map((s) => [s.id, s]));
  const decided = decide(evaluated, policy, now, { subscriptionOf: (id) => bySub.get(id), tagsOf: (id) => tags.get(id), exemptions: memory.exemptions });

  // A sandbox's lifecycle decisions stand or fall together: one exempted resource holds back the
  // whole step (deleting its group would take the exempted resource with it), and the sandbox keeps its state.
  const before = new Map(memory.sandboxStates.map((s) => [s.id.toLowerCase(), s]));
  const held = new Map<string, NonNullable<Decision["exemption"]>>();
  // Exempted sandbox decisions are few; scanning them, not every decision, per sandbox keeps this linear.
  const exempted = decided.decisions.filter((d) => d.guardrail === "sandboxLifecycle" && d.exemption);
  for (const s of proposed) {
    const hit = exempted.find((d) => under(d.resourceId, s.id));
    if (hit) held.set(s.id.toLowerCase(), hit.exemption!);
  }
  const decisions = decided.decisions.map((d) => {
    if (d.guardrail !== "sandboxLifecycle" || d.exemption || d.verdict === "ok") return d;
    const sandbox = [...held.keys()].find((id) => under(d.resourceId, id));
    return sandbox ? { ...d, exemption: held.get(sandbox)! } : d;
  });
  const sandboxStates = proposed.map((s): SandboxState => {
    if (!held.has(s.id.toLowerCase())) return s;
    // First sighting of an exempted sandbox: tracked as Active with its real last activity, so the night its exemption ends it is flagged, not decommissioned unannounced.
    return before.get(s.id.toLowerCase()) ?? { id: s.id, kind: s.kind, lastActivityAt: s.lastActivityAt, lastActor: s.lastActor, extensions: s.extensions, updatedAt: s.updatedAt, status: "Active" };
  });

  return { decisions, excluded: decided.excluded, sandboxStates, inventory, counts: { ...counts, ...multiRegionCounts(policy, subscriptions, facts, decisions) }, needLocks: needLocks.filter((id) => !held.has(id.toLowerCase())) };
}

/** The shadow-AI inventory (same rules as the event path) and the scorecard's counts, over every resource of the batch. */
function inventoryOf(policy: Policy, { subscriptions, facts }: SweepBatch): { inventory: InventoryItem[]; counts: ScorecardCounts } {
  const bySub = new Map(subscriptions.map((s) => [s.id, s]));
  const inventory: InventoryItem[] = [];
  const counts: ScorecardCounts = { aiServices: 0, aiServicesPrivate: 0, aiServicesSecure: 0, keyVaults: 0, aiResources: 0, aiResourcesByApprovedDeployer: 0, aiResourcesUnknownDeployer: 0, prodWorkloads: 0, prodWorkloadsMultiRegion: 0, gpuQuotaRegions: [] };
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
  }
  counts.gpuQuotaRegions = [...new Set(facts.quota.filter((q) => q.limit > 0).map((q) => q.location))].sort();
  return { inventory, counts };
}
