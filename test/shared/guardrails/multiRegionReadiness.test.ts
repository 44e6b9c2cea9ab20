import { describe, expect, it } from "vitest";
import type { ResourceFacts } from "../../../shared/estate/ResourceFacts";
import type { SubscriptionFacts } from "../../../shared/estate/SubscriptionFacts";
import { evaluateMultiRegionReadiness } from "../../../shared/guardrails/multiRegionReadiness/evaluateMultiRegionReadiness";
import { multiRegionCounts } from "../../../shared/guardrails/multiRegionReadiness/multiRegionCounts";
import { computeScorecard } from "../../../shared/report/computeScorecard";
import type { ModelOfferFacts, QuotaReading, RegionFacts } from "../../../shared/sweep/BatchFacts";
import { emptyCounts } from "../../../shared/sweep/ScorecardCounts";
import { resourceFacts, subscriptionFacts } from "../fixtures/facts";
import { examplePolicy, policyWith } from "../fixtures/policy";

const policy = examplePolicy();
const params = policy.guardrails.multiRegionReadiness.params;
const prod = (tags: Record<string, string> = {}, o: Partial<SubscriptionFacts> = {}) => subscriptionFacts({ tags: { environment: "prod", ...tags }, ...o });
const at = (sub: SubscriptionFacts, location: string, o: Partial<ResourceFacts> & { type: string; name: string }) => resourceFacts({ location, properties: {}, ...o }, sub);
const account = (sub: SubscriptionFacts, location = "eastus2") => at(sub, location, { type: "Microsoft.CognitiveServices/accounts", name: "oai", kind: "OpenAI", sku: { name: "S0" } });
const deployment = (sub: SubscriptionFacts, name: string, version: string, type = "GlobalStandard") =>
  resourceFacts({ type: "Microsoft.CognitiveServices/accounts/deployments", name: `oai/${name}-${version}`, location: "", sku: { name: type }, properties: { model: { format: "OpenAI", name, version } } }, sub);
const gpuVm = (sub: SubscriptionFacts, location = "eastus2") => at(sub, location, { type: "Microsoft.Compute/virtualMachines", name: "vm-a100", properties: { hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" } } });
const offer = (name: string, version: string, skus = ["GlobalStandard"], kind = "OpenAI"): ModelOfferFacts => ({ kind, skuName: "S0", format: "OpenAI", name, version, deploymentSkus: skus });
const run = (subs: SubscriptionFacts[], resources: ResourceFacts[], regions?: RegionFacts, quota: QuotaReading[] = [], p = params, pol = policy) => evaluateMultiRegionReadiness(subs, resources, quota, regions, p, pol);
const rules = (ds: ReturnType<typeof run>) => ds.map((d) => d.rule);

describe("multiRegionReadiness", () => {
  it("flags a production workload in one region with nothing declared, as a finding on the subscription", () => {
    const sub = prod();
    const [d] = run([sub], [account(sub)]);
    expect(d).toMatchObject({ guardrail: "multiRegionReadiness", resourceId: `/subscriptions/${sub.id}`, verdict: "flag", rule: "singleRegion", dryRun: true });
    expect(d!.action).toBeUndefined();
    expect(d!.reason).toBe("multiRegionReadiness: sub-corp runs in eastus2 only and declares no secondary-region");
  });

  it("counts a second region in use or declared (tag, comma-separated, any case); global resources are not a region", () => {
    const sub = prod();
    expect(run([sub], [account(sub), at(sub, "westeurope", { type: "Microsoft.Web/sites", name: "app" })])).toEqual([]);
    const declared = prod({ "Secondary-Region": "SwedenCentral, westeurope" });
    expect(run([declared], [account(declared)], { models: {}, gpuQuota: {} })).toEqual([]);
    const dns = at(sub, "global", { type: "Microsoft.Network/dnsZones", name: "contoso.com" });
    expect(rules(run([sub], [account(sub), dns]))).toEqual(["singleRegion"]);
  });

  it("is quiet for dev workloads, for archetypes outside its list, and for a workload with no resources", () => {
    const dev = subscriptionFacts({ tags: { environment: "dev" } });
    const platform = prod({}, { id: "44444444-0000-4000-8000-000000000004", archetype: "platform" });
    const empty = prod({}, { id: "55555555-0000-4000-8000-000000000005" });
    expect(run([dev, platform, empty], [account(dev), account(platform)])).toEqual([]);
  });

  it("flags model versions and deployment types, and account kinds, not offered in the secondary region", () => {
    const sub = prod({ "secondary-region": "swedencentral" });
    const resources = [account(sub), deployment(sub, "gpt-4o", "2024-08-06"), deployment(sub, "gpt-4o", "2024-05-13"), deployment(sub, "gpt-4o-mini", "2024-07-18", "ProvisionedManaged")];
    const regions = { models: { swedencentral: [offer("gpt-4o", "2024-08-06"), offer("gpt-4o-mini", "2024-07-18", ["GlobalStandard", "Standard"])] }, gpuQuota: {} };
    const [d] = run([sub], resources, regions);
    expect(d!.rule).toBe("modelUnavailable");
    expect(d!.reason).toBe("multiRegionReadiness: sub-corp: gpt-4o 2024-05-13 (GlobalStandard), gpt-4o-mini 2024-07-18 (ProvisionedManaged) not offered in swedencentral");
    // An AI Services account where only OpenAI-kind accounts are offered.
    const ais = at(sub, "eastus2", { type: "Microsoft.CognitiveServices/accounts", name: "ais", kind: "AIServices", sku: { name: "S0" } });
    expect(run([sub], [ais], regions)[0]!.reason).toBe("multiRegionReadiness: sub-corp: AIServices accounts (S0) not offered in swedencentral");
    expect(run([sub], [ais], { models: { swedencentral: [offer("gpt-4o", "2024-08-06", ["Standard"], "AIServices")] }, gpuQuota: {} })).toEqual([]);
    // A listing that was not read is not judged.
    expect(run([sub], resources, { models: {}, gpuQuota: {} })).toEqual([]);
  });

  it("flags GPU workloads without GPU quota or a quota-group allocation in the secondary region", () => {
    const sub = prod({ "secondary-region": "swedencentral" });
    const none = { models: {}, gpuQuota: { [`${sub.id}|swedencentral`]: 0 } };
    const [d] = run([sub], [gpuVm(sub)], none);
    expect(d).toMatchObject({ rule: "noSecondaryGpuQuota", severity: "high", reason: "multiRegionReadiness: sub-corp runs GPU compute but holds no GPU quota or quota-group allocation in swedencentral" });
    expect(run([sub], [gpuVm(sub)], { models: {}, gpuQuota: { [`${sub.id}|swedencentral`]: 48 } })).toEqual([]);
    const allocation: QuotaReading = { subscriptionId: sub.id, location: "swedencentral", family: "standardNCADSA100v4Family", usage: 0, limit: 24 };
    expect(run([sub], [gpuVm(sub)], none, [allocation])).toEqual([]);
    // Holding GPU quota in the primary counts as a GPU workload even with no VM running.
    const primary: QuotaReading = { ...allocation, location: "eastus2" };
    expect(rules(run([sub], [account(sub)], none, [primary]))).toEqual(["noSecondaryGpuQuota"]);
    // No GPU at all: no quota needed.
    expect(run([sub], [account(sub)], none)).toEqual([]);
  });

  it("reads its params: other prod values, archetypes and tag names", () => {
    const sub = prod({ environment: "production", failover: "westeurope" }, { archetype: "online" });
    const p = policyWith("multiRegionReadiness", "dryRun", { archetypes: ["online"], prodValues: ["production"], secondaryRegionTag: "failover" });
    expect(run([sub], [account(sub)], { models: { westeurope: [offer("x", "1")] }, gpuQuota: {} }, [], p.guardrails.multiRegionReadiness.params, p)).toEqual([]);
    expect(rules(run([sub], [account(sub)], undefined, [], { ...p.guardrails.multiRegionReadiness.params, secondaryRegionTag: "secondary-region" }, p))).toEqual(["singleRegion"]);
  });

  it("counts ready production workloads for the scorecard row", () => {
    const ready = prod({ "secondary-region": "westeurope" });
    const single = prod({}, { id: "66666666-0000-4000-8000-000000000006", name: "sub-single" });
    const resources = [account(ready), account(single)];
    const decisions = run([ready, single], resources, { models: { westeurope: [offer("x", "1")] }, gpuQuota: {} });
    const counts = multiRegionCounts(policy, [ready, single], { resources, sandboxGroups: [], exemptGroups: [], budgets: [], quota: [] }, decisions);
    expect(counts).toEqual({ prodWorkloads: 2, prodWorkloadsMultiRegion: 1 });
    const row = computeScorecard({ ...emptyCounts(), ...counts }, 0, undefined, policy).find((r) => r.area === "multiRegion")!;
    expect(row).toMatchObject({ title: "Multi-region readiness", measure: "1 of 2 production workloads ready to fail over: a second region with their models and GPU quota (50%)" });
    expect(row.rating).toBeGreaterThanOrEqual(1);
    expect(computeScorecard(emptyCounts(), 0, undefined, policy).find((r) => r.area === "multiRegion")!.rating).toBeNull();
    const off = policyWith("multiRegionReadiness", "off");
    expect(multiRegionCounts(off, [ready, single], { resources, sandboxGroups: [], exemptGroups: [], budgets: [], quota: [] }, decisions)).toEqual({ prodWorkloads: 0, prodWorkloadsMultiRegion: 0 });
  });
});
