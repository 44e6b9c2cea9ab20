import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rgPath, startHarness, SUB, type Harness } from "./emulatorHarness";

// Microsoft.Compute usages and Microsoft.Quota usages are two views of the same quota: for every
// family both list, the numbers must be the same.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const vm = (name: string, vmSize: string) => h.call("PUT", `${rgPath()}/providers/Microsoft.Compute/virtualMachines/${name}`, { location: "eastus", properties: { hardwareProfile: { vmSize } } });
  expect((await vm("a100-1", "Standard_NC24ads_A100_v4")).status).toBe(201);
  expect((await vm("a100-2", "Standard_NC24ads_A100_v4")).status).toBe(201);
  expect((await h.call("POST", `${rgPath()}/providers/Microsoft.Compute/virtualMachines/a100-2/deallocate`)).status).toBe(202);
  // A size the SKU table does not list still holds quota, under the family parsed from its name.
  expect((await vm("synthetic", "Standard_NC12xyz_v9")).status).toBe(201);
  const aks = await h.call("PUT", `${rgPath()}/providers/Microsoft.ContainerService/managedClusters/aks1`, {
    location: "eastus",
    identity: { type: "SystemAssigned" },
    properties: { dnsPrefix: "aks1", agentPoolProfiles: [{ name: "system", vmSize: "Standard_D4s_v5", count: 1, mode: "System" }, { name: "gpu", vmSize: "Standard_NC4as_T4_v3", count: 2 }] },
  });
  expect(aks.status).toBe(201);
});
afterAll(async () => {
  await h.close();
});

async function computeUsages(): Promise<Map<string, number>> {
  const res = await h.call("GET", `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/usages`);
  expect(res.status).toBe(200);
  return new Map(res.body.value.map((u: any) => [u.name.value, u.currentValue]));
}

async function quotaUsages(): Promise<Map<string, number>> {
  const res = await h.call("GET", `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/providers/Microsoft.Quota/usages`);
  expect(res.status).toBe(200);
  return new Map(res.body.value.map((u: any) => [u.name, u.properties.usages.value]));
}

describe("compute and quota usages", () => {
  it("report the same vCPUs per family: deallocated VMs, AKS nodes and unlisted sizes count", async () => {
    const compute = await computeUsages();
    const quota = await quotaUsages();
    const expected = { standardNCADSA100v4Family: 48, standardNCASv3_T4Family: 8, standardDSv5Family: 4, cores: 72 };
    for (const [family, vCPUs] of Object.entries(expected)) {
      expect({ family, compute: compute.get(family) }).toEqual({ family, compute: vCPUs });
      expect({ family, quota: quota.get(family) }).toEqual({ family, quota: vCPUs });
    }
    expect(quota.get("standardNCXYZv9Family")).toBe(12);
    for (const [family, vCPUs] of quota) if (compute.has(family)) expect({ family, vCPUs: compute.get(family) }).toEqual({ family, vCPUs });
  });

  it("agree on a single family read through Microsoft.Quota", async () => {
    const one = await h.call("GET", `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/providers/Microsoft.Quota/usages/standardNCADSA100v4Family`);
    expect(one.body.properties.usages.value).toBe((await computeUsages()).get("standardNCADSA100v4Family"));
    expect(one.body.properties.name.localizedValue).toBe("Standard NCADS_A100_v4 Family vCPUs");
  });
});
