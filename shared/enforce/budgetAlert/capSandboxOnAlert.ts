import type { ActionContext } from "../../actions/ActionContext";
import type { Policy } from "../../config/Policy";
import { carryOut, type FindingPublisher } from "../../engine/carryOut";
import { decide } from "../../engine/decide";
import type { Exemption } from "../../estate/Exemption";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import { SandboxState } from "../../estate/SandboxState";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import { sandboxIdOf } from "../../guardrails/sandboxIdOf";
import { nextSandboxState } from "../../guardrails/sandboxLifecycle/nextSandboxState";
import type { SandboxCost } from "../../guardrails/sandboxLifecycle/SandboxFacts";
import type { Stores } from "../../store/ports";

export interface SandboxCapInput {
  /** The budget's scope: `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}`. */
  scope: string;
  subscription: SubscriptionFacts;
  groupTags: Record<string, string> | undefined;
  /** Azure's figures from the alert, and the budget's amount. */
  spent: number;
  forecast: number;
  amount: number;
  currency: string;
}

export interface SandboxCapDeps {
  policy: Policy;
  stores: Pick<Stores, "sandboxState" | "findings">;
  /** Compute (VMs, scale sets) inside the scope, with their power state: one Resource Graph query. */
  computeIn(scope: string): Promise<ResourceFacts[]>;
  exemptions: Exemption[];
  ctx: ActionContext;
  publisher?: FindingPublisher;
}

export type SandboxCapOutcome = { sandboxId: string; status: SandboxState["status"]; decisions: Array<{ resourceId: string; rule: string; dryRun: boolean; exempt: boolean }> };

/**
 * The cost cap between sweeps: Azure's budget alert on a sandbox's own scope (a sandbox
 * subscription, or a sandbox resource group) runs the sandbox state machine on Azure's spend and
 * forecast against the sandbox's cap budget (the owner's new cap, its budget tag, else the budget
 * that alerted), so a sandbox over its cap has its compute deallocated and is CostCapped within
 * minutes of the alert instead of at the next night's sweep. Only the cap acts here: inactivity
 * and expiry wait for the night. Undefined when the scope is no sandbox or the cap is not reached.
 */
export async function capSandboxOnAlert(input: SandboxCapInput, deps: SandboxCapDeps, now: Date): Promise<SandboxCapOutcome | undefined> {
  const { policy } = deps;
  const sandbox = sandboxIdOf(input.scope, input.subscription, input.groupTags, policy);
  if (!sandbox || sandbox.id.toLowerCase() !== input.scope.toLowerCase()) return undefined;
  const key = sandbox.id.toLowerCase();
  const doc = await deps.stores.sandboxState.get(key);
  const state = doc ? SandboxState.parse(doc.value) : undefined;
  if (state?.status === "Decommissioned" || state?.status === "CostCapped") return undefined;

  const p = policy.guardrails.sandboxLifecycle.params;
  const tags = (sandbox.kind === "resourceGroup" ? input.groupTags : input.subscription.tags) ?? {};
  const raw = Object.entries(tags).find(([k]) => k.toLowerCase() === p.budgetTag.toLowerCase())?.[1];
  const tagged = raw !== undefined && Number(raw) > 0 ? Number(raw) : undefined;
  const [budget, budgetSource] = state?.budgetOverride ? [state.budgetOverride, "override" as const] : tagged ? [tagged, "tag" as const] : [input.amount, "azureBudget" as const];
  const cost: SandboxCost = { actual: input.spent, forecast: input.forecast, forecastBasis: "Azure Cost Management's forecast in the budget alert", budget, budgetSource, currency: input.currency };
  const resources = await deps.computeIn(sandbox.id);
  const t = nextSandboxState(state, { id: sandbox.id, kind: sandbox.kind, tags, resources, cost }, policy, now);
  const proposed = t.decisions.filter((d) => d.rule === "costCap");
  if (proposed.length === 0) return undefined;

  const bySub = (id: string) => (id.toLowerCase() === input.subscription.id.toLowerCase() ? input.subscription : undefined);
  const tagsById = new Map<string, Record<string, string>>();
  if (input.groupTags) tagsById.set(input.scope.toLowerCase(), input.groupTags);
  for (const r of resources) tagsById.set(r.id.toLowerCase(), r.tags);
  const decided = decide(proposed, policy, now, { subscriptionOf: bySub, tagsOf: (id) => tagsById.get(id), exemptions: deps.exemptions });
  if (decided.decisions.length === 0) return undefined;
  for (const d of decided.decisions) {
    const open = await deps.stores.findings.get({ guardrail: d.guardrail, resourceId: d.resourceId, rule: d.rule });
    await carryOut(d, open?.status === "open" ? open : undefined, { ctx: deps.ctx, findings: deps.stores.findings, publisher: deps.publisher });
  }
  // The sandbox is capped only when the cap was carried out: not in dry run, not exempted.
  const held = decided.decisions.some((d) => d.dryRun || d.exemption);
  const status = t.state.status === "CostCapped" && !held ? "CostCapped" : (state?.status ?? "Active");
  if (status === "CostCapped") await deps.stores.sandboxState.put(key, t.state);
  return { sandboxId: sandbox.id, status, decisions: decided.decisions.map((d) => ({ resourceId: d.resourceId, rule: d.rule ?? "", dryRun: d.dryRun, exempt: !!d.exemption })) };
}
