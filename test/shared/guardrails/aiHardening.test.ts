import { describe, expect, it } from "vitest";
import { evaluateAiHardening } from "../../../shared/guardrails/aiHardening/evaluateAiHardening";
import { examplePolicy, policyWith } from "../fixtures/policy";
import { gpuVm, NOW, openAiAccount, resourceFacts, subscriptionFacts } from "../fixtures/facts";
import { SANDBOX_SUB } from "../fixtures/ids";

const policy = examplePolicy();
const failing = (ds: ReturnType<typeof evaluateAiHardening>) => ds.filter((d) => d.verdict !== "ok").map((d) => d.rule).sort();

describe("aiHardening", () => {
  it("flags public network access, key auth and missing identity on an OpenAI account, one decision each", () => {
    const acct = openAiAccount({ identity: undefined, properties: { publicNetworkAccess: "Enabled", disableLocalAuth: false } });
    const ds = evaluateAiHardening({ resource: acct }, policy, NOW);
    expect(failing(ds)).toEqual(["localAuth", "managedIdentity", "publicNetworkAccess"]);
    const pna = ds.find((d) => d.rule === "publicNetworkAccess")!;
    expect(pna.verdict).toBe("act");
    expect(pna.action).toEqual({ type: "disablePublicNetworkAccess", resourceType: "microsoft.cognitiveservices/accounts" });
    expect(pna.dryRun).toBe(true);
    expect(ds.find((d) => d.rule === "managedIdentity")!.verdict).toBe("flag");
  });

  it("treats a missing publicNetworkAccess as enabled and 1/0 booleans from notifications", () => {
    const acct = openAiAccount({ properties: { disableLocalAuth: 1 } });
    expect(failing(evaluateAiHardening({ resource: acct }, policy, NOW))).toEqual(["publicNetworkAccess"]);
  });

  it("enforce mode without remediation flags only; with it acts for real", () => {
    const acct = openAiAccount({ properties: { publicNetworkAccess: "Enabled", disableLocalAuth: true } });
    const noFix = evaluateAiHardening({ resource: acct }, policyWith("aiHardening", "enforce", { remediate: { publicNetworkAccess: false } }), NOW);
    expect(noFix.find((d) => d.rule === "publicNetworkAccess")).toMatchObject({ verdict: "flag", action: undefined });
    const fix = evaluateAiHardening({ resource: acct }, policyWith("aiHardening", "enforce"), NOW);
    expect(fix.find((d) => d.rule === "publicNetworkAccess")).toMatchObject({ verdict: "act", dryRun: false });
  });

  it("flags an unapproved model version and a region outside the archetype", () => {
    const dep = resourceFacts({ type: "Microsoft.CognitiveServices/accounts/deployments", name: "oai-1/gpt", properties: { model: { format: "OpenAI", name: "gpt-4o", version: "2024-05-13" } } });
    expect(failing(evaluateAiHardening({ resource: dep }, policy, NOW))).toEqual(["approvedModels"]);
    const far = openAiAccount({ location: "japaneast" });
    const d = evaluateAiHardening({ resource: far, subscription: subscriptionFacts() }, policy, NOW).find((x) => x.rule === "region")!;
    expect(d.verdict).toBe("flag");
    expect(d.reason).toContain("eastus2, swedencentral");
  });

  it("flags a large GPU size in a sandbox but not a T4", () => {
    const sb = subscriptionFacts({ id: SANDBOX_SUB, archetype: "sandbox" });
    expect(failing(evaluateAiHardening({ resource: gpuVm({}, sb), subscription: sb }, policy, NOW))).toEqual(["gpuSku"]);
    const t4 = gpuVm({ properties: { hardwareProfile: { vmSize: "Standard_NC4as_T4_v3" } } }, sb);
    expect(failing(evaluateAiHardening({ resource: t4, subscription: sb }, policy, NOW))).toEqual([]);
  });

  it("passes a hardened account and an approved deployment; ignores non-AI resources", () => {
    expect(failing(evaluateAiHardening({ resource: openAiAccount(), subscription: subscriptionFacts() }, policy, NOW))).toEqual([]);
    const dep = resourceFacts({ type: "Microsoft.CognitiveServices/accounts/deployments", name: "oai-1/gpt", properties: { model: { name: "gpt-4o", version: "2024-11-20" } } });
    expect(failing(evaluateAiHardening({ resource: dep }, policy, NOW))).toEqual([]);
    expect(evaluateAiHardening({ resource: resourceFacts({ type: "Microsoft.Storage/storageAccounts", name: "st" }) }, policy, NOW)).toEqual([]);
  });
});
