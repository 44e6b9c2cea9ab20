import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureError } from "../../../shared/azure/AzureError";
import { listComputeQuota } from "../../../shared/azure/quota/listComputeQuota";
import { getGroupQuotaLimits, getSubscriptionAllocations, setSubscriptionAllocation } from "../../../shared/azure/quota/groupQuotaAllocations";
import { emulatorWithClients, rg, SUB_A, SUB_B, SUB_C, vm, type EmulatorWithClients } from "./emulatorClients";

const A100 = "standardNCADSA100v4Family";
const MG = "corp";
const GROUP = "gpu-pool";

let env: EmulatorWithClients;

beforeAll(async () => {
  env = await emulatorWithClients({
    managementGroups: [{ name: MG, parent: undefined }],
    subscriptions: [
      { subscriptionId: SUB_A, displayName: "a", managementGroupId: MG },
      { subscriptionId: SUB_B, displayName: "b", managementGroupId: MG },
      { subscriptionId: SUB_C, displayName: "c" },
    ],
    resourceGroups: [rg(SUB_A, "ml"), rg(SUB_B, "ml")],
    resources: [
      vm(SUB_A, "ml", "train1", "Standard_NC24ads_A100_v4"),
      // Deallocated: still holds its 24 vCPUs of quota.
      vm(SUB_A, "ml", "train2", "Standard_NC24ads_A100_v4", "eastus", "deallocated"),
      vm(SUB_A, "ml", "web", "Standard_D4s_v5"),
      vm(SUB_A, "ml", "west", "Standard_NC24ads_A100_v4", "westus"),
    ],
    quotaLimits: [
      { subscriptionId: SUB_A, location: "eastus", family: A100, limit: 96 },
      { subscriptionId: SUB_B, location: "eastus", family: A100, limit: 24 },
      { subscriptionId: SUB_A, location: "eastus", family: "standardDSv5Family", limit: 10 },
    ],
    quotaGroups: [
      {
        managementGroupId: MG,
        name: GROUP,
        displayName: "GPU pool",
        limits: [{ location: "eastus", family: A100, limit: 200 }],
        allocations: [
          { subscriptionId: SUB_A, location: "eastus", family: A100, limit: 96 },
          { subscriptionId: SUB_B, location: "eastus", family: A100, limit: 24 },
        ],
      },
    ],
  });
});
afterAll(() => env?.close());

describe("compute quota usages and limits", () => {
  it("joins limits and usages per family; deallocated VMs count; other regions do not", async () => {
    const rows = await listComputeQuota(env.clients.quota(SUB_A), SUB_A, "eastus");
    const a100 = rows.find((r) => r.family === A100);
    expect(a100).toMatchObject({ limit: 96, usage: 48 });
    expect(a100?.localizedName).toContain("A100");
    expect(rows.find((r) => r.family === "standardDSv5Family")).toMatchObject({ limit: 10, usage: 4 });
    expect(rows.find((r) => r.family === "cores")?.usage).toBe(52);
  });
});

describe("quota group allocations", () => {
  it("reports group limits with free quota and per-subscription allocations", async () => {
    const limits = await getGroupQuotaLimits(env.clients.quota(), MG, GROUP, "eastus");
    expect(limits).toEqual([
      {
        family: A100,
        limit: 200,
        availableLimit: 80,
        allocatedToSubscriptions: [
          { subscriptionId: SUB_A, quotaAllocated: 96 },
          { subscriptionId: SUB_B, quotaAllocated: 24 },
        ],
      },
    ]);
    const allocations = await getSubscriptionAllocations(env.clients.quota(SUB_A), MG, GROUP, "eastus");
    expect(allocations).toEqual([{ family: A100, limit: 96, shareableQuota: 48 }]);
  });

  it("lowers an allocation down to usage, returning quota to the group", async () => {
    const after = await setSubscriptionAllocation(env.clients.quota(SUB_A), MG, GROUP, "eastus", A100, 48);
    expect(after).toEqual([{ family: A100, limit: 48, shareableQuota: 0 }]);
    const limits = await getGroupQuotaLimits(env.clients.quota(), MG, GROUP, "eastus");
    expect(limits[0]?.availableLimit).toBe(128);
    const rows = await listComputeQuota(env.clients.quota(SUB_A), SUB_A, "eastus");
    expect(rows.find((r) => r.family === A100)?.limit).toBe(48);
  });

  it("refuses to lower an allocation below current usage (deallocated VMs included)", async () => {
    const err = await setSubscriptionAllocation(env.clients.quota(SUB_A), MG, GROUP, "eastus", A100, 24).catch((e) => e);
    expect(err).toBeInstanceOf(AzureError);
    expect(err).toMatchObject({ code: "QuotaAllocationBelowUsage", status: 400, retryable: false });
    const allocations = await getSubscriptionAllocations(env.clients.quota(SUB_A), MG, GROUP, "eastus");
    expect(allocations[0]?.limit).toBe(48);
  });

  it("raises an allocation from free group quota and refuses beyond it", async () => {
    const ok = await setSubscriptionAllocation(env.clients.quota(SUB_B), MG, GROUP, "eastus", A100, 152);
    expect(ok[0]?.limit).toBe(152);
    const limits = await getGroupQuotaLimits(env.clients.quota(), MG, GROUP, "eastus");
    expect(limits[0]?.availableLimit).toBe(0);
    const err = await setSubscriptionAllocation(env.clients.quota(SUB_B), MG, GROUP, "eastus", A100, 153).catch((e) => e);
    expect(err).toMatchObject({ code: "GroupQuotaExceeded", status: 400 });
  });

  it("refuses allocations for a subscription outside the group", async () => {
    const err = await setSubscriptionAllocation(env.clients.quota(SUB_C), MG, GROUP, "eastus", A100, 8).catch((e) => e);
    expect(err).toMatchObject({ code: "SubscriptionNotInGroupQuota", status: 400 });
  });
});
