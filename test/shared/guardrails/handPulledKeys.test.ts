import { describe, expect, it } from "vitest";
import { Caller } from "../../../shared/estate/Caller";
import { evaluateHandPulledKeys } from "../../../shared/guardrails/handPulledKeys/evaluateHandPulledKeys";
import { handPulledKeys } from "../../../shared/guardrails/handPulledKeys/handPulledKeys";
import type { ResourceEvent } from "../../../shared/events/ResourceEvent";
import { alice, openAiAccount, pipeline, resourceFacts, subscriptionFacts } from "../fixtures/facts";
import { examplePolicy, policyWith } from "../fixtures/policy";

const policy = examplePolicy();
const params = policy.guardrails.handPulledKeys.params;
const AT = "2025-06-15T09:12:00.000Z";
const LIST = "Microsoft.CognitiveServices/accounts/listKeys/action";
const keyed = openAiAccount({ properties: { publicNetworkAccess: "Disabled", disableLocalAuth: false } });
const pull = (o: Partial<Parameters<typeof evaluateHandPulledKeys>[0]> = {}) => ({ operationName: LIST, caller: alice, at: AT, resource: keyed, subscription: subscriptionFacts(), ...o });

describe("handPulledKeys", () => {
  it("names who listed which account's keys; where key auth is on in corp the fix is turning it off (dry run by default)", () => {
    const [d, ...rest] = evaluateHandPulledKeys(pull(), params, policy);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ guardrail: "handPulledKeys", rule: "keysPulled", verdict: "act", severity: "high", dryRun: true, resourceId: keyed.id });
    expect(d!.action).toEqual({ type: "disableLocalAuth", resourceType: "microsoft.cognitiveservices/accounts" });
    expect(d!.reason).toBe(`handPulledKeys: alice@contoso.com listed the keys of oai-1 at ${AT}`);
    expect(d!.evidence).toMatchObject({ operation: LIST, caller: { objectId: alice.objectId, upn: "alice@contoso.com", kind: "user" } });
  });

  it("an approved deployer listing keys is quiet; so is an app unless the policy flags every unapproved caller", () => {
    expect(evaluateHandPulledKeys(pull({ caller: pipeline }), params, policy)).toEqual([]);
    const stranger = Caller.parse({ objectId: "0b0b0000-0000-4000-8000-000000000001", appId: "0b0b0000-0000-4000-8000-0000000000a1", kind: "app", name: "someone-elses-app" });
    expect(evaluateHandPulledKeys(pull({ caller: stranger }), params, policy)).toEqual([]);
    const [d] = evaluateHandPulledKeys(pull({ caller: stranger }), { ...params, callers: "unapproved" }, policy);
    expect(d!.reason).toContain("app someone-elses-app listed the keys of oai-1");
  });

  it("regenerating is named as such; keys of an account with key auth off are low severity and nothing to fix", () => {
    const [regen] = evaluateHandPulledKeys(pull({ operationName: "microsoft.cognitiveservices/accounts/regeneratekey/action" }), params, policy);
    expect(regen!.reason).toContain("regenerated the keys of oai-1");
    const off = openAiAccount({ properties: { disableLocalAuth: 1 } });
    const [d] = evaluateHandPulledKeys(pull({ resource: off }), params, policy);
    expect(d).toMatchObject({ verdict: "flag", severity: "low", action: undefined });
    expect(d!.reason).toContain("key auth is off");
  });

  it("disables key auth only in the archetypes the policy names, only on Cognitive Services accounts, and for real in enforce", () => {
    const sandbox = subscriptionFacts({ archetype: "sandbox" });
    expect(evaluateHandPulledKeys(pull({ subscription: sandbox }), params, policy)[0]).toMatchObject({ verdict: "flag", action: undefined });
    const search = resourceFacts({ type: "Microsoft.Search/searchServices", name: "srch-1", properties: { disableLocalAuth: false } });
    const [s] = evaluateHandPulledKeys(pull({ resource: search, operationName: "Microsoft.Search/searchServices/listAdminKeys/action" }), params, policy);
    expect(s).toMatchObject({ verdict: "flag", severity: "high", action: undefined });
    const enforce = policyWith("handPulledKeys", "enforce");
    expect(evaluateHandPulledKeys(pull(), enforce.guardrails.handPulledKeys.params, enforce)[0]).toMatchObject({ verdict: "act", dryRun: false });
  });

  it("judges only the key actions, and reads the account for them", () => {
    const ev = (operation: ResourceEvent["operation"], operationName: string) => ({ operation, operationName }) as ResourceEvent;
    expect(handPulledKeys.onEvent!.needs(ev("action", "Microsoft.MachineLearningServices/workspaces/listKeys/action"), params, policy)).toEqual({ resource: true });
    expect(handPulledKeys.onEvent!.needs(ev("action", "Microsoft.Storage/storageAccounts/listKeys/action"), params, policy)).toBe(false);
    expect(handPulledKeys.onEvent!.needs(ev("write", "Microsoft.CognitiveServices/accounts/write"), params, policy)).toBe(false);
    expect(evaluateHandPulledKeys(pull({ operationName: "Microsoft.Compute/virtualMachines/start/action" }), params, policy)).toEqual([]);
  });
});
