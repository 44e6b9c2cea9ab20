import { describe, expect, it } from "vitest";
import { evaluateSandboxActivity } from "../../../shared/guardrails/sandboxActivity/evaluateSandboxActivity";
import { examplePolicy } from "../fixtures/policy";
import { alice, NOW, subscriptionFacts } from "../fixtures/facts";
import { CORP_SUB, SANDBOX_SUB } from "../fixtures/ids";

const policy = examplePolicy();
const at = "2025-06-14T10:00:00Z";

describe("sandboxActivity", () => {
  it("records activity on a sandbox subscription, with who did it", () => {
    const sub = subscriptionFacts({ id: SANDBOX_SUB, archetype: "sandbox" });
    const id = `/subscriptions/${SANDBOX_SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`;
    const [d] = evaluateSandboxActivity({ resourceId: id, caller: alice, subscription: sub, at }, policy, NOW);
    expect(d).toMatchObject({ verdict: "ok", resourceId: `/subscriptions/${SANDBOX_SUB}`, dryRun: false, action: { type: "recordActivity", sandboxId: `/subscriptions/${SANDBOX_SUB}`, at, actor: alice } });
    expect(d!.reason).toContain("Alice Smith");
  });

  it("records activity in a resource group tagged ailz-sandbox=true in a corp subscription", () => {
    const id = `/subscriptions/${CORP_SUB}/resourceGroups/rg-play/providers/Microsoft.Storage/storageAccounts/st`;
    const [d] = evaluateSandboxActivity({ resourceId: id, caller: alice, subscription: subscriptionFacts(), resourceGroupTags: { "AILZ-Sandbox": "True" }, at }, policy, NOW);
    expect(d!.action).toMatchObject({ sandboxId: `/subscriptions/${CORP_SUB}/resourceGroups/rg-play` });
  });

  it("ignores writes outside sandboxes (untagged group, or tag with another value)", () => {
    const id = `/subscriptions/${CORP_SUB}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/st`;
    expect(evaluateSandboxActivity({ resourceId: id, subscription: subscriptionFacts(), resourceGroupTags: {}, at }, policy, NOW)).toEqual([]);
    expect(evaluateSandboxActivity({ resourceId: id, subscription: subscriptionFacts(), resourceGroupTags: { "ailz-sandbox": "false" }, at }, policy, NOW)).toEqual([]);
  });
});
