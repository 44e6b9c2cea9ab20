import { describe, expect, it } from "vitest";
import { evaluateRequiredTags } from "../../../shared/guardrails/requiredTags/evaluateRequiredTags";
import { examplePolicy, policyWith } from "../fixtures/policy";
import { alice, NOW, pipeline, resourceFacts } from "../fixtures/facts";

const policy = examplePolicy();
const st = (tags: Record<string, string>) => resourceFacts({ type: "Microsoft.Storage/storageAccounts", name: "st1", tags });

describe("requiredTags", () => {
  it("fills owner and created-by from a user caller, never touching present tags", () => {
    const [d] = evaluateRequiredTags({ resource: st({ project: "p", Environment: "dev" }), caller: alice }, policyWith("requiredTags", "enforce"), NOW);
    expect(d).toMatchObject({ verdict: "act", dryRun: false, action: { type: "addTags", tags: { owner: "alice@contoso.com", "created-by": "alice@contoso.com" } } });
    expect(d!.reason).toContain("owner, cost-center");
    expect(Object.keys((d!.action as { tags: object }).tags)).not.toContain("project");
  });

  it("does not make a pipeline the owner", () => {
    const [d] = evaluateRequiredTags({ resource: st({ "cost-center": "c", project: "p", environment: "dev" }), caller: pipeline }, policy, NOW);
    expect(d!.action).toEqual({ type: "addTags", tags: { "created-by": pipeline.name } });
    expect(d!.dryRun).toBe(true);
  });

  it("flags without action when nothing can be filled", () => {
    const [d] = evaluateRequiredTags({ resource: st({ owner: "x", "created-by": "y" }) }, policy, NOW);
    expect(d).toMatchObject({ verdict: "flag", action: undefined });
  });

  it("is ok when all tags are present, whatever their case", () => {
    const [d] = evaluateRequiredTags({ resource: st({ OWNER: "a", "Cost-Center": "c", project: "p", environment: "e" }), caller: alice }, policy, NOW);
    expect(d!.verdict).toBe("ok");
  });

  it("skips child resources and excluded types", () => {
    const dep = resourceFacts({ type: "Microsoft.CognitiveServices/accounts/deployments", name: "a/b", tags: {} });
    const arm = resourceFacts({ type: "Microsoft.Resources/deployments", name: "d1", tags: {} });
    expect(evaluateRequiredTags({ resource: dep, caller: alice }, policy, NOW)).toEqual([]);
    expect(evaluateRequiredTags({ resource: arm, caller: alice }, policy, NOW)).toEqual([]);
  });
});
