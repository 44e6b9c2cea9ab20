import type { Decision } from "../../estate/Decision";
import type { Caller } from "../../estate/Caller";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import { callerLabel } from "../../estate/callerLabel";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import { sandboxIdOf } from "../sandboxIdOf";
import { sandboxActivityName } from "./params";

export interface SandboxActivityFacts {
  /** The written (or deleted) resource; a resource group id for writes to the group itself. */
  resourceId: string;
  caller?: Caller;
  subscription?: SubscriptionFacts;
  /** Tags of the resource group the resource is in (of the group itself for a group write). */
  resourceGroupTags?: Record<string, string>;
  /** When the write happened (the event time), ISO 8601. */
  at: string;
}

/**
 * A write inside a sandbox: an `ok` decision whose `recordActivity` action updates the
 * sandbox's last activity (bookkeeping, so never a dry run). Writes elsewhere: none.
 */
export function evaluateSandboxActivity(facts: SandboxActivityFacts, policy: Policy, _now: Date): Decision[] {
  const sandbox = sandboxIdOf(facts.resourceId, facts.subscription, facts.resourceGroupTags, policy);
  if (!sandbox) return [];
  const action = { type: "recordActivity", sandboxId: sandbox.id, actor: facts.caller, at: facts.at } as const;
  const who = facts.caller ? callerLabel(facts.caller) : "an unknown identity";
  return [
    {
      guardrail: sandboxActivityName,
      resourceId: sandbox.id,
      verdict: "ok",
      rule: "activity",
      reason: `sandboxActivity: ${who} wrote ${facts.resourceId} in ${sandbox.kind} sandbox ${sandbox.id}`,
      evidence: { sandboxKind: sandbox.kind, writtenResourceId: facts.resourceId, caller: facts.caller ?? null, at: facts.at },
      action,
      dryRun: dryRunFor(policy, sandboxActivityName, action),
    },
  ];
}
