import { describe, expect, it } from "vitest";
import { evaluatePrivateLinkCoverage } from "../../../shared/guardrails/privateLinkCoverage/evaluatePrivateLinkCoverage";
import { resourceFacts, subscriptionFacts } from "../fixtures/facts";
import { examplePolicy, policyWith } from "../fixtures/policy";

const policy = examplePolicy();
const params = policy.guardrails.privateLinkCoverage.params;
const corp = subscriptionFacts();
const pec = (status: string) => ({ id: "x/privateEndpointConnections/pe", properties: { privateEndpoint: { id: "/pe" }, privateLinkServiceConnectionState: { status } } });
const storage = (properties: Record<string, unknown>, sub = corp) => resourceFacts({ type: "Microsoft.Storage/storageAccounts", name: "stdata", properties }, sub);
const fired = (rs: ReturnType<typeof storage>[], subs = [corp], p = params) => evaluatePrivateLinkCoverage(rs, subs, p, policy).map((d) => d.resourceId);

describe("privateLinkCoverage", () => {
  it("flags a Corp data service open to public networks (absent means Enabled) without an approved private endpoint", () => {
    const [d] = evaluatePrivateLinkCoverage([storage({})], [corp], params, policy);
    expect(d).toMatchObject({ guardrail: "privateLinkCoverage", rule: "noPrivateEndpoint", verdict: "flag", severity: "high", dryRun: true });
    expect(d!.action).toBeUndefined();
    expect(d!.reason).toBe("privateLinkCoverage: stdata: public network access is Enabled and no approved private endpoint in corp");
    const pendingOnly = evaluatePrivateLinkCoverage([storage({ publicNetworkAccess: "Enabled", privateEndpointConnections: [pec("Pending"), pec("Rejected")] })], [corp], params, policy);
    expect(pendingOnly[0]!.reason).toContain("(2 connection(s) not approved)");
  });

  it("is quiet with public access disabled (any case, as Search spells it), with an approved endpoint, outside Corp, or for other types", () => {
    expect(fired([storage({ publicNetworkAccess: "Disabled" })])).toEqual([]);
    const search = resourceFacts({ type: "Microsoft.Search/searchServices", name: "srch", properties: { publicNetworkAccess: "disabled" } });
    expect(fired([search])).toEqual([]);
    expect(fired([storage({ privateEndpointConnections: [pec("Approved")] })])).toEqual([]);
    const online = subscriptionFacts({ id: "22222222-0000-4000-8000-000000000002", archetype: "online" });
    expect(fired([storage({}, online)], [online])).toEqual([]);
    expect(fired([resourceFacts({ type: "Microsoft.Web/sites", name: "app", properties: {} })])).toEqual([]);
  });

  it("covers the archetypes and types the policy names", () => {
    const online = subscriptionFacts({ id: "22222222-0000-4000-8000-000000000002", archetype: "online" });
    const p = policyWith("privateLinkCoverage", "dryRun", { archetypes: ["corp", "online"], types: ["microsoft.keyvault/vaults"] }).guardrails.privateLinkCoverage.params;
    const vault = resourceFacts({ type: "Microsoft.KeyVault/vaults", name: "kv", properties: {} }, online);
    expect(fired([vault, storage({})], [corp, online], p)).toEqual([vault.id]);
    expect(() => policyWith("privateLinkCoverage", "dryRun", { types: ["microsoft.web/sites"] })).toThrow(/types/);
  });
});
