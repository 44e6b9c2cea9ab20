import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import type { Caller } from "../../estate/Caller";
import type { Decision } from "../../estate/Decision";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import { approvedDeployerFor } from "../approvedDeployerFor";
import { truthy } from "../truthy";
import { handPulledKeysName, type handPulledKeysParams, KEY_ACTIONS } from "./params";
import type { z } from "zod";

const WATCHED: ReadonlyMap<string, string> = new Map(KEY_ACTIONS.map((a) => [a.toLowerCase(), a]));
const COGNITIVE = "microsoft.cognitiveservices/accounts";

/** The watched key action an operation name is, if any. */
export const keyActionOf = (operationName: string | undefined): string | undefined => (operationName ? WATCHED.get(operationName.toLowerCase()) : undefined);

export interface KeyPull {
  operationName: string;
  caller?: Caller;
  at: string;
  resource: ResourceFacts;
  subscription: SubscriptionFacts;
}

const who = (c: Caller) => c.upn ?? c.name ?? c.appId ?? c.objectId;

/**
 * A key listing or rotation by a person (or, with `callers: unapproved`, by anyone not an
 * approved deployer) is a finding naming who pulled which account's keys. Where key auth is still
 * on, the keys work: high severity, and in the archetypes the policy names, the fix is turning key
 * auth off (Cognitive Services accounts; elsewhere flagged only). An approved deployer is quiet;
 * a caller the event does not name is flagged too (keys were handed to someone unknown).
 */
export function evaluateHandPulledKeys(pull: KeyPull, params: z.infer<typeof handPulledKeysParams>, policy: Policy): Decision[] {
  const action = keyActionOf(pull.operationName);
  if (!action) return [];
  const { caller, resource, subscription } = pull;
  if (caller && approvedDeployerFor(caller, policy)) return [];
  if (caller && caller.kind !== "user" && params.callers === "people") return [];
  const verb = /regenerate/i.test(action) ? "regenerated" : "listed";
  const localAuthOff = truthy(resource.properties["disableLocalAuth"]);
  const fix =
    !localAuthOff && resource.type === COGNITIVE && params.disableLocalAuthIn.includes(subscription.archetype)
      ? { type: "disableLocalAuth" as const, resourceType: resource.type }
      : undefined;
  const by = caller ? `${caller.kind === "user" ? "" : `${caller.kind} `}${who(caller)}` : "an unnamed caller";
  return [
    {
      guardrail: handPulledKeysName,
      resourceId: resource.id,
      verdict: fix ? "act" : "flag",
      rule: "keysPulled",
      severity: localAuthOff ? "low" : "high",
      reason: `handPulledKeys: ${by} ${verb} the keys of ${resource.name} at ${pull.at}${localAuthOff ? " (key auth is off: the keys do not authenticate)" : ""}`,
      evidence: {
        operation: action,
        at: pull.at,
        caller: caller ? { objectId: caller.objectId, kind: caller.kind, upn: caller.upn ?? null, name: caller.name ?? null, appId: caller.appId ?? null } : null,
        disableLocalAuth: resource.properties["disableLocalAuth"] ?? null,
        archetype: subscription.archetype,
      },
      action: fix,
      dryRun: dryRunFor(policy, handPulledKeysName, fix),
    },
  ];
}
