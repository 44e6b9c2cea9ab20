import { describe, expect, it } from "vitest";
import { billingLines } from "../../../local/arm/accrual/pricing";
import { DAILY, vmDailyPrice, vmHourlyPrice } from "../../../local/arm/accrual/prices";
import { EstateState } from "../../../local/arm/state/EstateState";
import type { ArmResource } from "../../../local/arm/state/schemas";

const SUB = "11111111-1111-4111-8111-111111111111";
const rg = `/subscriptions/${SUB}/resourceGroups/rg`;
const created = { createdAt: "2025-01-01T10:00:00.000Z", lastModifiedAt: "2025-02-01T06:00:00.000Z" };

function estate(resources: ArmResource[]): EstateState {
  return new EstateState({ subscriptions: [{ subscriptionId: SUB, displayName: "s" }], resources });
}

const summary = (state: EstateState, r: ArmResource) => billingLines(r, state).map((l) => ({ owner: l.owner.name, meter: l.meter, perDay: Math.round(l.perDay * 100) / 100 }));

describe("emulator price table", () => {
  it("books AKS node pools as compute on their cluster, nothing when the cluster or pool is stopped", () => {
    const cluster = { id: `${rg}/providers/Microsoft.ContainerService/managedClusters/aks`, name: "aks", type: "Microsoft.ContainerService/managedClusters", location: "eastus", sku: { name: "Base", tier: "Standard" }, systemData: created, properties: { powerState: { code: "Running" } } };
    const pool = { id: `${cluster.id}/agentPools/gpu`, name: "gpu", type: "Microsoft.ContainerService/managedClusters/agentPools", systemData: created, properties: { count: 2, vmSize: "Standard_NC24ads_A100_v4" } };
    const s = estate([cluster, pool]);
    expect(summary(s, cluster)).toEqual([{ owner: "aks", meter: "Azure Kubernetes Service", perDay: 2.4 }]);
    expect(summary(s, pool)).toEqual([{ owner: "aks", meter: "Virtual Machines", perDay: Math.round(2 * vmDailyPrice("Standard_NC24ads_A100_v4") * 100) / 100 }]);
    (cluster.properties.powerState as { code: string }).code = "Stopped";
    expect(billingLines(cluster, s)).toEqual([]);
    expect(billingLines(pool, s)).toEqual([]);
  });

  it("prices ML compute by its always-on nodes, search by units, disks by size and tier, free tiers at zero", () => {
    const ws = { id: `${rg}/providers/Microsoft.MachineLearningServices/workspaces/mlw`, name: "mlw", type: "Microsoft.MachineLearningServices/workspaces", location: "eastus" };
    const compute = (min: number) => ({ id: `${ws.id}/computes/c${min}`, name: `c${min}`, type: "Microsoft.MachineLearningServices/workspaces/computes", properties: { computeType: "AmlCompute", properties: { vmSize: "Standard_D4s_v5", scaleSettings: { minNodeCount: min, maxNodeCount: 4 } } } });
    const search = { id: `${rg}/providers/Microsoft.Search/searchServices/srch`, name: "srch", type: "Microsoft.Search/searchServices", location: "eastus", sku: { name: "standard" }, properties: { replicaCount: 2, partitionCount: 1 } };
    const disk = (gb: number, sku: string) => ({ id: `${rg}/providers/Microsoft.Compute/disks/d${gb}${sku}`, name: `d${gb}`, type: "Microsoft.Compute/disks", location: "eastus", sku: { name: sku }, properties: { diskSizeGB: gb } });
    const free = { id: `${rg}/providers/Microsoft.CognitiveServices/accounts/free`, name: "free", type: "Microsoft.CognitiveServices/accounts", location: "eastus", sku: { name: "F0" } };
    const nic = { id: `${rg}/providers/Microsoft.Network/networkInterfaces/nic`, name: "nic", type: "Microsoft.Network/networkInterfaces", location: "eastus" };
    const s = estate([ws, compute(0), compute(2), search, disk(128, "Premium_LRS"), disk(1024, "Premium_LRS"), disk(1024, "StandardSSD_LRS"), free, nic]);
    expect(billingLines(compute(0), s)).toEqual([]);
    expect(summary(s, compute(2))).toEqual([{ owner: "mlw", meter: "Virtual Machines", perDay: Math.round(2 * vmDailyPrice("Standard_D4s_v5") * 100) / 100 }]);
    expect(summary(s, search)).toEqual([{ owner: "srch", meter: "Azure Cognitive Search", perDay: 16.34 }]);
    expect(summary(s, disk(128, "Premium_LRS"))[0]!.perDay).toBe(DAILY["microsoft.compute/disks"]!.perDay);
    expect(summary(s, disk(1024, "Premium_LRS"))[0]!.perDay).toBe(4.52);
    expect(summary(s, disk(1024, "StandardSSD_LRS"))[0]!.perDay).toBeCloseTo(4.52 * 0.4, 2);
    expect(billingLines(free, s)).toEqual([]);
    expect(billingLines(nic, s)).toEqual([]);
  });

  it("bills a deallocated VM until its deallocation and a running one from its creation", () => {
    const vm = (code: string) => ({ id: `${rg}/providers/Microsoft.Compute/virtualMachines/${code}`, name: code, type: "Microsoft.Compute/virtualMachines", location: "eastus", systemData: created, properties: { hardwareProfile: { vmSize: "Standard_NC4as_T4_v3" }, extended: { instanceView: { powerState: { code: `PowerState/${code}` } } } } });
    const s = estate([]);
    const [running] = billingLines(vm("running"), s);
    expect(running).toMatchObject({ from: Date.parse(created.createdAt), until: Infinity });
    expect(running!.perDay).toBeCloseTo(0.526 * 24, 6);
    expect(billingLines(vm("stopped"), s)[0]!.until).toBe(Infinity);
    expect(billingLines(vm("deallocated"), s)[0]!.until).toBe(Date.parse(created.lastModifiedAt));
  });

  it("estimates sizes outside the table from the SKU table and refuses them where exact prices are required", () => {
    expect(vmHourlyPrice("Standard_D2s_v5")).toBe(0.096);
    expect(vmHourlyPrice("Standard_NC4as_T4_v3")).toBe(0.526);
    expect(vmHourlyPrice("Standard_Unknown_v9")).toBeGreaterThan(0);
    expect(() => vmDailyPrice("Standard_Unknown_v9")).toThrow(/Standard_Unknown_v9/);
  });
});
