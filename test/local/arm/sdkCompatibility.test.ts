import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AzureClients } from "../../../shared/azure/clientFactory";
import { createLocalAzureClients } from "../../../local/azure/createLocalAzureClients";
import { rgPath, startHarness, SUB, type Harness } from "./emulatorHarness";

// The emulator's long-running operations and pages, driven by the real SDK clients.

let h: Harness;
let clients: AzureClients;
beforeAll(async () => {
  h = await startHarness({ eventsEnabled: false });
  clients = createLocalAzureClients(h.url, { AILZ_ARM_RETRY_DELAY_MS: "20", AILZ_ARM_MAX_RETRY_DELAY_MS: "200" });
});
afterAll(async () => {
  await h.close();
});

describe("SDK compatibility", () => {
  it("creates, deallocates, starts and deletes a VM through @azure/arm-compute pollers", async () => {
    const compute = clients.compute(SUB);
    const created = await compute.virtualMachines.beginCreateOrUpdateAndWait("rg-ai", "gpu-sdk", { location: "eastus", hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" } }, { updateIntervalInMs: 10 });
    expect(created.hardwareProfile?.vmSize).toBe("Standard_NC24ads_A100_v4");
    await compute.virtualMachines.beginDeallocateAndWait("rg-ai", "gpu-sdk", { updateIntervalInMs: 10 });
    const view = await compute.virtualMachines.instanceView("rg-ai", "gpu-sdk");
    expect(view.statuses?.map((s) => s.code)).toContain("PowerState/deallocated");
    await compute.virtualMachines.beginStartAndWait("rg-ai", "gpu-sdk", { updateIntervalInMs: 10 });
    const expanded = await compute.virtualMachines.get("rg-ai", "gpu-sdk", { expand: "instanceView" });
    expect(expanded.instanceView?.statuses?.map((s) => s.code)).toContain("PowerState/running");
    const listed = [];
    for await (const v of compute.virtualMachines.listAll()) listed.push(v.name);
    expect(listed).toEqual(["gpu-sdk"]);
    await compute.virtualMachines.beginDeleteAndWait("rg-ai", "gpu-sdk", { updateIntervalInMs: 10 });
    await expect(compute.virtualMachines.get("rg-ai", "gpu-sdk")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("pages resource groups across 3+ pages and deletes one as an LRO through @azure/arm-resources", async () => {
    await h.control("PUT", "/_emulator/settings", { pageSize: 4 });
    const resources = clients.resources(SUB);
    for (let i = 0; i < 10; i++) await resources.resourceGroups.createOrUpdate(`rg-page-${i}`, { location: "westeurope", tags: { i: String(i) } });
    const names: string[] = [];
    for await (const g of resources.resourceGroups.list()) names.push(g.name!);
    expect(names).toHaveLength(11);
    const counters = (await h.control("GET", "/_emulator/counters")).body;
    expect(counters["resourceGroups.list"]).toBeGreaterThanOrEqual(3);
    await resources.resourceGroups.beginDeleteAndWait("rg-page-0", { updateIntervalInMs: 10 });
    expect(await resources.resourceGroups.checkExistence("rg-page-0")).toMatchObject({ body: false });
    expect(await resources.resourceGroups.checkExistence("rg-page-1")).toMatchObject({ body: true });
  });

  it("surfaces Azure's error code for a locked delete", async () => {
    await h.call("PUT", `${rgPath(SUB, "rg-page-2")}/providers/Microsoft.Authorization/locks/keep`, { properties: { level: "CanNotDelete" } });
    await expect(clients.resources(SUB).resourceGroups.beginDeleteAndWait("rg-page-2", { updateIntervalInMs: 10 })).rejects.toMatchObject({ statusCode: 409, code: "ScopeLocked" });
  });
});
