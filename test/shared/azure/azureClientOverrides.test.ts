import type { TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { loadAzureConfig } from "../../../shared/azure/azureConfig";
import { createAzureClients, createCredential } from "../../../shared/azure/clientFactory";
import { setAzureClientOverrides } from "../../../shared/azure/setAzureClientOverrides";

const credential = (token: string): TokenCredential => ({ getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 60_000 }) });
const policy = (name: string): PipelinePolicy => ({ name, sendRequest: (request, next) => next(request) });
const policyNames = (clients: ReturnType<typeof createAzureClients>) => clients.resourceGraph().pipeline.getOrderedPolicies().map((p) => p.name);

afterEach(() => setAzureClientOverrides(undefined));

describe("Azure client overrides", () => {
  it("without overrides uses Azure's own credential and pipeline", () => {
    const clients = createAzureClients(loadAzureConfig({}));
    expect(clients.credential.constructor.name).toBe("DefaultAzureCredential");
    expect(policyNames(clients)).not.toContain("installed");
  });

  it("installed overrides reach every credential and client the process builds", async () => {
    const installed = credential("installed");
    setAzureClientOverrides({ credential: installed, additionalPolicies: [{ policy: policy("installed"), placement: { afterPhase: "Sign" } }] });
    expect(createCredential(loadAzureConfig({}))).toBe(installed);
    const clients = createAzureClients(loadAzureConfig({}));
    expect(clients.credential).toBe(installed);
    const names = policyNames(clients);
    expect(names.indexOf("installed")).toBeGreaterThan(names.indexOf("bearerTokenAuthenticationPolicy"));
  });

  it("per-call options win field by field", () => {
    const own = credential("own");
    setAzureClientOverrides({ credential: credential("installed"), additionalPolicies: [{ policy: policy("installed"), placement: {} }] });
    const keepsPolicies = createAzureClients(loadAzureConfig({}), { credential: own });
    expect(keepsPolicies.credential).toBe(own);
    expect(policyNames(keepsPolicies)).toContain("installed");
    const ownPolicies = createAzureClients(loadAzureConfig({}), { additionalPolicies: [{ policy: policy("own"), placement: {} }] });
    expect(policyNames(ownPolicies)).toEqual(expect.arrayContaining(["own"]));
    expect(policyNames(ownPolicies)).not.toContain("installed");
  });
});
