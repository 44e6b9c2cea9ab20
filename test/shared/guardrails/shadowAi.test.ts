import { describe, expect, it } from "vitest";
import { evaluateShadowAi } from "../../../shared/guardrails/shadowAi/evaluateShadowAi";
import { examplePolicy, policyWith } from "../fixtures/policy";
import { alice, gpuVm, NOW, openAiAccount, pipeline, resourceFacts, subscriptionFacts } from "../fixtures/facts";
import { ROGUE_SUB } from "../fixtures/ids";

const policy = examplePolicy();
const fired = (ds: ReturnType<typeof evaluateShadowAi>) => ds.filter((d) => d.verdict !== "ok").map((d) => d.rule);

describe("shadowAi", () => {
  it("flags a GPU VM made by hand in corp, naming the person", () => {
    const ds = evaluateShadowAi({ resource: gpuVm(), caller: alice, subscription: subscriptionFacts() }, policy, NOW);
    expect(fired(ds)).toEqual(["unapprovedDeployer"]);
    const d = ds.find((x) => x.rule === "unapprovedDeployer")!;
    expect(d.reason).toContain("Alice Smith (alice@contoso.com)");
    expect(d.reason).toContain("Standard_NC24ads_A100_v4");
    expect(d.evidence["caller"]).toMatchObject({ upn: "alice@contoso.com" });
    expect(d.action).toEqual({ type: "deallocate", vmId: d.resourceId });
    expect(d.dryRun).toBe(true); // example policy runs shadowAi in dryRun
  });

  it("flags an OpenAI account in a subscription outside the approved management groups and missing tags", () => {
    const rogue = subscriptionFacts({ id: ROGUE_SUB, archetype: "none" });
    const ds = evaluateShadowAi({ resource: openAiAccount({ tags: { owner: "bob" } }, rogue), caller: pipeline, subscription: rogue }, policy, NOW);
    expect(fired(ds)).toEqual(["outsideApprovedManagementGroups", "missingRequiredTags"]);
    expect(ds.every((d) => d.action === undefined)).toBe(true);
    expect(ds.find((d) => d.rule === "missingRequiredTags")!.reason).toContain("cost-center, project, environment");
  });

  it("enforce mode makes the deallocation real", () => {
    const ds = evaluateShadowAi({ resource: gpuVm(), caller: alice, subscription: subscriptionFacts() }, policyWith("shadowAi", "enforce"), NOW);
    expect(ds.find((d) => d.action)!.dryRun).toBe(false);
  });

  it("uses systemData's creator when there is no event caller", () => {
    const vm = gpuVm({ createdBy: "mallory@contoso.com", createdByType: "User" });
    const ds = evaluateShadowAi({ resource: vm }, policy, NOW);
    expect(ds.find((d) => d.rule === "unapprovedDeployer")!.reason).toContain("mallory@contoso.com");
  });

  it("a pipeline write does not launder a hand-made VM; a hand change to a pipeline VM is flagged", () => {
    const handMade = gpuVm({ createdBy: "alice@contoso.com", createdByType: "User" });
    const d1 = evaluateShadowAi({ resource: handMade, caller: pipeline }, policy, NOW).find((d) => d.rule === "unapprovedDeployer")!;
    expect(d1.verdict).toBe("act");
    expect(d1.reason).toContain("created by alice@contoso.com");
    const touched = gpuVm({ createdBy: pipeline.appId, createdByType: "Application", lastModifiedBy: "bob@contoso.com", lastModifiedByType: "User" });
    const d2 = evaluateShadowAi({ resource: touched }, policy, NOW).find((d) => d.rule === "unapprovedDeployer")!;
    expect(d2.reason).toContain("last changed by bob@contoso.com");
    const clean = gpuVm({ createdBy: pipeline.appId, createdByType: "Application", lastModifiedBy: pipeline.appId, lastModifiedByType: "Application" });
    expect(fired(evaluateShadowAi({ resource: clean }, policy, NOW))).toEqual([]);
  });

  it("finds nothing wrong with the pipeline's GPU VM in corp", () => {
    const ds = evaluateShadowAi({ resource: gpuVm(), caller: pipeline, subscription: subscriptionFacts() }, policy, NOW);
    expect(ds).toHaveLength(3);
    expect(ds.every((d) => d.verdict === "ok")).toBe(true);
  });

  it("ignores non-AI resources (CPU VM, storage account)", () => {
    const cpu = gpuVm({ properties: { hardwareProfile: { vmSize: "Standard_D4s_v5" } } });
    const sa = resourceFacts({ type: "Microsoft.Storage/storageAccounts", name: "st1" });
    expect(evaluateShadowAi({ resource: cpu, caller: alice }, policy, NOW)).toEqual([]);
    expect(evaluateShadowAi({ resource: sa, caller: alice }, policy, NOW)).toEqual([]);
  });

  it("recognises AKS GPU pools and model deployments; a deployment is not checked for tags", () => {
    const pool = resourceFacts({ type: "Microsoft.ContainerService/managedClusters/agentPools", name: "aks/gpu", properties: { vmSize: "Standard_NC6s_v3" } });
    expect(fired(evaluateShadowAi({ resource: pool, caller: alice }, policy, NOW))).toEqual(["unapprovedDeployer"]);
    const dep = resourceFacts({ type: "Microsoft.CognitiveServices/accounts/deployments", name: "oai-1/gpt", tags: {} });
    expect(fired(evaluateShadowAi({ resource: dep, caller: pipeline }, policy, NOW))).toEqual([]);
  });
});
