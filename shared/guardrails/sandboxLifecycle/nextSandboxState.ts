import type { Decision } from "../../estate/Decision";
import type { Action } from "../../estate/Action";
import type { SandboxState } from "../../estate/SandboxState";
import { callerLabel } from "../../estate/callerLabel";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import { powerStateOf } from "../../sweep/provenance/powerStateOf";
import type { SandboxFacts } from "./SandboxFacts";
import { sandboxLifecycleName } from "./params";

const DAY = 86_400_000;
const COMPUTE = new Set(["microsoft.compute/virtualmachines", "microsoft.compute/virtualmachinescalesets"]);

export interface SandboxTransition {
  state: SandboxState;
  decisions: Decision[];
}

const under = (id: string, scope: string) => {
  const a = id.toLowerCase();
  const b = scope.toLowerCase().replace(/\/+$/, "");
  return a === b || a.startsWith(b + "/");
};
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Last activity: recorded writes, else (first run) the newest change/creation time inside: from
 * systemData where the rows carry it, and from Resource Graph's change records. A sandbox with no
 * change in the records' window was last written before it began: at least that idle.
 */
function lastActivity(state: SandboxState | undefined, facts: SandboxFacts, now: Date): { at: number; actor?: SandboxState["lastActor"]; noChangeSince?: boolean } {
  const candidates: { at: number; actor?: SandboxState["lastActor"]; noChangeSince?: boolean }[] = [];
  if (state) candidates.push({ at: Date.parse(state.lastActivityAt), actor: state.lastActor });
  if (facts.recordedActivity) candidates.push({ at: Date.parse(facts.recordedActivity.at), actor: facts.recordedActivity.actor });
  if (candidates.length === 0) {
    for (const r of facts.resources) {
      for (const t of [r.lastModifiedAt, r.createdAt]) if (t) candidates.push({ at: Date.parse(t) });
    }
    if (facts.changes?.lastAt) candidates.push({ at: Date.parse(facts.changes.lastAt) });
    if (candidates.length === 0 && facts.changes) candidates.push({ at: Date.parse(facts.changes.since), noChangeSince: true });
  }
  if (candidates.length === 0) return { at: now.getTime() };
  return candidates.reduce((a, b) => (b.at > a.at ? b : a));
}

/**
 * The sandbox state machine, one step per sweep: Active -> Flagged after `flagAfterDays`
 * without activity (tag + notice); Flagged -> Active on new activity; Flagged ->
 * Decommissioned after `decommissionAfterDays` (and at least `minNoticeDays` flagged), or any
 * state -> Decommissioned once the `expires-on` date is reached. Decommissioning deallocates
 * compute, then deletes a resource-group sandbox or moves a subscription sandbox to the
 * decommissioned management group; locked resources are reported, never forced.
 *
 * Cost cap: when the sandbox's spend (`capOn`: month to date, or the period's forecast) reaches
 * `budgetCapPercent` of its budget, its running compute (GPU and other VMs, scale sets) is
 * deallocated and it becomes CostCapped; in dry run the same decisions are reported and the state
 * stays. A CostCapped sandbox stays capped (compute someone restarts is deallocated again) until
 * its owner lifts the cap with an extension and a new cap (extendSandbox); expiry and inactivity
 * still decommission it.
 */
export function nextSandboxState(state: SandboxState | undefined, facts: SandboxFacts, policy: Policy, now: Date): SandboxTransition {
  if (state?.status === "Decommissioned") return { state, decisions: [] };
  const p = policy.guardrails.sandboxLifecycle.params;
  const step = lifecycleStep(state, facts, policy, now);
  if (step.state.status === "Decommissioned") return step;
  const c = facts.cost;
  const spend = c ? (p.capOn === "forecast" ? Math.max(c.forecast, c.actual) : c.actual) : 0;
  const percent = c ? (spend / c.budget) * 100 : 0;
  const held = state?.status === "CostCapped";
  if (!held && (!c || percent < p.budgetCapPercent)) return step;

  const money = (n: number) => `${n.toFixed(2)} ${c?.currency ?? "USD"}`;
  const basis = held ? state.capBasis : p.capOn;
  const why = held
    ? `cost cap since ${state.cappedAt.slice(0, 10)} (${money(state.capSpend)} of ${money(state.capBudget)}); lift it with an extension and a new cap`
    : `${basis === "forecast" ? `forecast ${money(spend)} (${c!.forecastBasis})` : `spend ${money(spend)}`} is ${Math.round(percent)}% of the sandbox's ${money(c!.budget)} budget (${c!.budgetSource}; cap ${p.budgetCapPercent}%)`;
  const evidence = { sandboxKind: facts.kind, actual: c?.actual ?? null, forecast: c?.forecast ?? null, budget: c?.budget ?? null, budgetSource: c?.budgetSource ?? null, capOn: basis, percent: Math.round(percent) };
  const decide = (resourceId: string, verdict: Decision["verdict"], reason: string, action?: Action): Decision => ({
    guardrail: sandboxLifecycleName,
    resourceId,
    verdict,
    rule: "costCap",
    severity: "high",
    reason: `sandboxLifecycle/costCap: ${reason}`,
    evidence,
    action,
    dryRun: dryRunFor(policy, sandboxLifecycleName, action),
  });
  const locked = (id: string) => (facts.lockedResourceIds ?? []).some((l) => under(id, l));
  const running = facts.resources.filter((r) => COMPUTE.has(r.type) && !/deallocat/i.test(powerStateOf(r) ?? "") && !locked(r.id));
  const cap = [decide(facts.id, "flag", `sandbox ${facts.id}: ${why}`), ...running.map((r) => decide(r.id, "act", `deallocate ${r.name}: ${why}`, { type: "deallocate", vmId: r.id }))];
  // Dry run reports what the cap would do and changes nothing, the state included.
  if (!held && dryRunFor(policy, sandboxLifecycleName)) return { state: step.state, decisions: [...step.decisions, ...cap] };
  // Capped, the cap is the sandbox's notice: no inactivity flag on top of it.
  const decisions = [...step.decisions.filter((d) => !(d.rule === "inactive" && d.verdict === "act")), ...cap];
  const flaggedAt = step.state.status === "Flagged" || step.state.status === "CostCapped" ? step.state.flaggedAt : undefined;
  const { status: _s, ...rest } = step.state;
  const base = { ...rest, ...(flaggedAt ? { flaggedAt } : {}) };
  const capped: SandboxState = held
    ? { ...base, status: "CostCapped", cappedAt: state.cappedAt, capSpend: state.capSpend, capBudget: state.capBudget, capBasis: state.capBasis }
    : { ...base, status: "CostCapped", cappedAt: now.toISOString(), capSpend: spend, capBudget: c!.budget, capBasis: p.capOn };
  return { state: capped, decisions };
}

/** The inactivity and expiry lifecycle (no cost cap). */
function lifecycleStep(state: SandboxState | undefined, facts: SandboxFacts, policy: Policy, now: Date): SandboxTransition {
  if (state?.status === "Decommissioned") return { state, decisions: [] };
  const p = policy.guardrails.sandboxLifecycle.params;
  const t = now.getTime();
  const at = now.toISOString();
  const last = lastActivity(state, facts, now);
  const base = {
    id: facts.id,
    kind: facts.kind,
    lastActivityAt: new Date(last.at).toISOString(),
    lastActor: last.actor,
    extensions: state?.extensions ?? 0,
    // The owner's new cap outlives the night.
    ...(state?.budgetOverride ? { budgetOverride: state.budgetOverride } : {}),
    updatedAt: at,
  };
  const inactiveDays = (t - last.at) / DAY;
  const who = last.actor ? ` by ${callerLabel(last.actor)}` : "";
  const evidence = { sandboxKind: facts.kind, lastActivityAt: base.lastActivityAt, lastActor: last.actor ?? null, inactiveDays: Math.floor(inactiveDays), extensions: base.extensions, extensionsLeft: Math.max(0, p.maxExtensions - base.extensions) };
  const decide = (resourceId: string, rule: string, verdict: Decision["verdict"], reason: string, action?: Action): Decision => ({
    guardrail: sandboxLifecycleName,
    resourceId,
    verdict,
    rule,
    reason: `sandboxLifecycle/${rule}: ${reason}`,
    evidence,
    action,
    dryRun: dryRunFor(policy, sandboxLifecycleName, action),
  });

  const locked = (id: string) => (facts.lockedResourceIds ?? []).some((l) => under(id, l));
  const compute = facts.resources.filter((r) => COMPUTE.has(r.type));
  const deallocations = (rule: string, why: string) =>
    compute.filter((r) => !locked(r.id)).map((r) => decide(r.id, rule, "act", `deallocate ${r.name}: ${why}`, { type: "deallocate", vmId: r.id }));

  const expiresRaw = Object.entries(facts.tags).find(([k]) => k.toLowerCase() === p.expiresOnTag.toLowerCase())?.[1];
  const expiresAt = expiresRaw && /^\d{4}-\d{2}-\d{2}$/.test(expiresRaw) ? Date.parse(`${expiresRaw}T00:00:00Z`) : undefined;
  const extra: Decision[] = [];
  if (expiresRaw !== undefined && (expiresAt === undefined || Number.isNaN(expiresAt))) {
    extra.push(decide(facts.id, "invalidExpiresOn", "flag", `tag ${p.expiresOnTag}=${expiresRaw} is not a YYYY-MM-DD date`));
  }

  const decommission = (why: "inactive" | "expired", reason: string): SandboxTransition => {
    const decisions = deallocations("decommission", reason);
    const lockedIds = [...facts.resources.map((r) => r.id), facts.id].filter(locked);
    if (facts.kind === "resourceGroup") {
      if (lockedIds.length > 0) decisions.push(decide(facts.id, "locked", "flag", `not deleted: locked resources ${lockedIds.join(", ")}`));
      else decisions.push(decide(facts.id, "decommission", "act", `delete resource group: ${reason}`, { type: "deleteResourceGroup", resourceGroupId: facts.id }));
    } else {
      if (lockedIds.length > 0) decisions.push(decide(facts.id, "locked", "flag", `locked resources left as they are: ${lockedIds.join(", ")}`));
      const subscriptionId = facts.id.split("/").filter(Boolean)[1]!;
      decisions.push(
        decide(facts.id, "decommission", "act", `move to management group ${policy.managementGroups.archetypes.decommissioned}: ${reason}`, {
          type: "moveToManagementGroup",
          subscriptionId,
          managementGroupId: policy.managementGroups.archetypes.decommissioned,
        }),
      );
    }
    const flaggedAt = state?.status === "Flagged" ? state.flaggedAt : undefined;
    return { state: { ...base, status: "Decommissioned", flaggedAt, decommissionedAt: at, why }, decisions: [...extra, ...decisions] };
  };

  if (expiresAt !== undefined && !Number.isNaN(expiresAt) && t >= expiresAt) {
    return decommission("expired", `sandbox ${facts.id} expired on ${expiresRaw}`);
  }

  // A capped sandbox's inactivity clock runs as a flagged one's does (its cap notice was its flag).
  const flaggedAt = state?.status === "Flagged" ? Date.parse(state.flaggedAt) : state?.status === "CostCapped" ? Date.parse(state.flaggedAt ?? state.cappedAt) : undefined;

  if (flaggedAt !== undefined) {
    if (last.at > flaggedAt) {
      const back = decide(facts.id, "inactive", "ok", `activity${who} on ${day(last.at)}: back to active`, { type: "removeTags", tagNames: [p.flaggedTag] });
      return { state: { ...base, status: "Active" }, decisions: [...extra, ...(state?.status === "Flagged" ? [back] : [])] };
    }
    // Notice counts in UTC days: a sweep that starts a few seconds earlier than last night's must not cost the sandbox a night.
    const noticeDays = (Date.parse(day(t)) - Date.parse(day(flaggedAt))) / DAY;
    if (inactiveDays >= p.decommissionAfterDays && noticeDays >= p.minNoticeDays) {
      return decommission("inactive", `no activity for ${Math.floor(inactiveDays)} days (last${who} on ${day(last.at)})`);
    }
    return { state: { ...base, status: "Flagged", flaggedAt: new Date(flaggedAt).toISOString() }, decisions: extra };
  }

  if (inactiveDays >= p.flagAfterDays) {
    const decommissionOn = Math.max(last.at + p.decommissionAfterDays * DAY, t + p.minNoticeDays * DAY);
    const flag = decide(
      facts.id,
      "inactive",
      "act",
      `sandbox ${facts.id} has had no activity for ${last.noChangeSince ? "at least " : ""}${Math.floor(inactiveDays)} days (${last.noChangeSince ? `no change recorded since ${day(last.at)}` : `last${who} on ${day(last.at)}`}); it will be decommissioned on ${day(decommissionOn)} unless extended`,
      { type: "tag", tags: { [p.flaggedTag]: day(t) } },
    );
    flag.evidence = { ...evidence, decommissionOn: day(decommissionOn) };
    return { state: { ...base, status: "Flagged", flaggedAt: at }, decisions: [...extra, flag] };
  }
  return { state: { ...base, status: "Active" }, decisions: extra };
}
