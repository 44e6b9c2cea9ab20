import type { Caller } from "../../estate/Caller";
import type { Decision } from "../../estate/Decision";
import type { SandboxState } from "../../estate/SandboxState";
import { callerLabel } from "../../estate/callerLabel";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import { SandboxExtensionError } from "./SandboxExtensionError";
import type { SandboxTransition } from "./nextSandboxState";
import { sandboxLifecycleName } from "./params";

/**
 * An owner's or approver's extension: back to Active with the inactivity clock restarted,
 * up to `maxExtensions`. A CostCapped sandbox is lifted only with a new cap above what it has
 * spent (`newCap`, its monthly budget from then on); a new cap may come with any extension.
 * Throws `SandboxExtensionError` when refused.
 */
export function extendSandbox(state: SandboxState, by: Caller, policy: Policy, now: Date, opts: { newCap?: number } = {}): SandboxTransition {
  const p = policy.guardrails.sandboxLifecycle.params;
  if (state.status === "Decommissioned") throw new SandboxExtensionError("decommissioned", `sandbox ${state.id} is already decommissioned`);
  if (state.extensions >= p.maxExtensions) {
    throw new SandboxExtensionError("maxExtensions", `sandbox ${state.id} has used all ${p.maxExtensions} extensions`);
  }
  if (state.status === "CostCapped") {
    if (opts.newCap === undefined) throw new SandboxExtensionError("newCapRequired", `sandbox ${state.id} is cost-capped (${state.capSpend.toFixed(2)} of ${state.capBudget.toFixed(2)}): lifting the cap needs a new cap`);
    if (opts.newCap <= state.capSpend) throw new SandboxExtensionError("newCapTooLow", `sandbox ${state.id}: a new cap of ${opts.newCap} must be above the ${state.capSpend.toFixed(2)} spent`);
  }
  const at = now.toISOString();
  const decisions: Decision[] =
    state.status === "Flagged"
      ? [
          {
            guardrail: sandboxLifecycleName,
            resourceId: state.id,
            verdict: "ok",
            rule: "inactive",
            reason: `sandboxLifecycle/inactive: extended by ${callerLabel(by)} (${state.extensions + 1} of ${p.maxExtensions})`,
            evidence: { extendedBy: by },
            action: { type: "removeTags", tagNames: [p.flaggedTag] },
            dryRun: dryRunFor(policy, sandboxLifecycleName),
          },
        ]
      : [];
  return {
    state: { id: state.id, kind: state.kind, status: "Active", lastActivityAt: at, lastActor: by, extensions: state.extensions + 1, updatedAt: at, ...((opts.newCap ?? state.budgetOverride) ? { budgetOverride: opts.newCap ?? state.budgetOverride } : {}) },
    decisions,
  };
}
