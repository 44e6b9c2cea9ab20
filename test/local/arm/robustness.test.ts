import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rgPath, startHarness, SUB, type Harness } from "./emulatorHarness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ eventsEnabled: false });
  await h.call("PUT", `${rgPath()}/providers/Microsoft.Network/virtualNetworks/v1`, { location: "eastus", properties: {} });
});
afterAll(async () => {
  await h.close();
});

const BODIES: unknown[] = [null, 0, "x", [], [1, 2], {}, { properties: null }, { properties: [] }, { properties: "x" }, { tags: "x" }, { tags: { a: 1 } }, { location: 5 },
  { properties: { level: 7 } }, { properties: { destination: null } }, { properties: { remoteVirtualNetwork: "x" } }, { properties: { subnets: "x" } }, { properties: { subnets: [null] } },
  { properties: { agentPoolProfiles: [{}] } }, { operation: 5, properties: { tags: [] } }, { properties: { additionalProperties: "x" } }, { properties: { roleDefinitionId: 5, principalId: {} } }];

const PATHS = [
  `${rgPath()}/providers/Microsoft.Storage/storageAccounts/s1`,
  `${rgPath()}/providers/Microsoft.Compute/virtualMachines/vm1`,
  `${rgPath()}/providers/Microsoft.Network/virtualNetworks/v2`,
  `${rgPath()}/providers/Microsoft.Network/virtualNetworks/v1/virtualNetworkPeerings/p1`,
  `${rgPath()}/providers/Microsoft.ContainerService/managedClusters/aks1`,
  `${rgPath()}/providers/Microsoft.CognitiveServices/accounts/oai1`,
  `${rgPath()}/providers/Microsoft.EventGrid/systemTopics/t1`,
  `${rgPath()}/providers/Microsoft.Authorization/locks/l1`,
  `${rgPath()}/providers/Microsoft.Resources/tags/default`,
  `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/3f0c1f57-0000-4000-8000-000000000001`,
  `/subscriptions/${SUB}/resourcegroups/rg-new`,
  "/providers/Microsoft.Subscription/aliases/a1",
  "/providers/Microsoft.Management/managementGroups/mg1",
];

describe("malformed requests", () => {
  it("answers 4xx with Azure's error body, never 5xx, for malformed bodies on every write route", async () => {
    const failures: string[] = [];
    for (const path of PATHS) {
      for (const body of BODIES) {
        for (const method of ["PUT", "PATCH"]) {
          const r = await h.call(method, path, body);
          if (r.status >= 500) failures.push(`${method} ${path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`);
          else if (r.status >= 400) expect(typeof r.body?.error?.code).toBe("string");
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("writes nothing when a request is refused", async () => {
    const vnet = `${rgPath()}/providers/Microsoft.Network/virtualNetworks/half`;
    expect((await h.call("PUT", vnet, { location: "eastus", properties: { subnets: [{ name: "a" }, {}] } })).status).toBe(400);
    expect((await h.call("GET", vnet)).status).toBe(404);
    const aks = `${rgPath()}/providers/Microsoft.ContainerService/managedClusters/half`;
    expect((await h.call("PUT", aks, { location: "eastus", properties: { agentPoolProfiles: [{ name: "sys", vmSize: "Standard_D4s_v5" }, { name: "gpu" }] } })).status).toBe(400);
    expect((await h.call("GET", aks)).status).toBe(404);
  });
});
