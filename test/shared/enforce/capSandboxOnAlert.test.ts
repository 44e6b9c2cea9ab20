import { describe, expect, it } from "vitest";
import type { ActionContext } from "../../../shared/actions/ActionContext";
import type { AzureActionsPort } from "../../../shared/actions/AzureActionsPort";
import { capSandboxOnAlert } from "../../../shared/enforce/budgetAlert/capSandboxOnAlert";
import { SandboxState } from "../../../shared/estate/SandboxState";
import { createMemoryStores } from "../../support/memory/createMemoryStores";
import { policyWith } from "../fixtures/policy";
import { NOW, gpuVm, subscriptionFacts } from "../fixtures/facts";
import { CORP_SUB } from "../fixtures/ids";

const RG = `/subscriptions/${CORP_SUB}/resourceGroups/rg-sbx-lab`;
const vm = gpuVm({ id: `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`, name: "vm1", properties: { extended: { instanceView: { powerState: { code: "PowerState/running" } } } } });

function world(mode: "enforce" | "dryRun") {
  const stores = createMemoryStores();
  const power: Record<string, string> = { [vm.id.toLowerCase()]: "running" };
  const azure = {
    vmPowerState: async (id: string) => power[id.toLowerCase()],
    deallocateVm: async (id: string) => void (power[id.toLowerCase()] = "deallocated"),
    locks: async () => [],
    getTags: async () => ({}),
    mergeTags: async (_id: string, t: Record<string, string>) => t,
  } as unknown as AzureActionsPort;
  const ctx: ActionContext = { azure, sandboxActivity: stores.sandboxActivity, now: () => NOW, audit: stores.audit, actor: "ailz", correlationId: "budgetAlert:test", rootManagementGroupId: "alz" };
  const policy = policyWith("sandboxLifecycle", mode);
  const input = { scope: RG, subscription: subscriptionFacts({ archetype: "online" }), groupTags: { "ailz-sandbox": "true", owner: "nina@contoso.com" }, spent: 120, forecast: 150, amount: 100, currency: "USD" };
  const deps = { policy, stores, computeIn: async () => [vm], exemptions: [], ctx };
  return { stores, power, input, deps };
}

describe("capSandboxOnAlert (the webhook's cost cap)", () => {
  it("a sandbox resource group's budget alert over the cap deallocates its running VM and records CostCapped", async () => {
    const w = world("enforce");
    const r = await capSandboxOnAlert(w.input, w.deps, NOW);
    expect(r).toMatchObject({ sandboxId: RG, status: "CostCapped" });
    expect(r!.decisions.map((d) => d.resourceId)).toEqual([RG, vm.id]);
    expect(w.power[vm.id.toLowerCase()]).toBe("deallocated");
    const stored = SandboxState.parse((await w.stores.sandboxState.get(RG.toLowerCase()))!.value);
    expect(stored).toMatchObject({ status: "CostCapped", capSpend: 120, capBudget: 100, capBasis: "actual" });
    // Already capped: the next alert changes nothing.
    expect(await capSandboxOnAlert(w.input, w.deps, NOW)).toBeUndefined();
  });

  it("dry run reports without deallocating or capping; under the cap, or not a sandbox, nothing happens", async () => {
    const dry = world("dryRun");
    expect(await capSandboxOnAlert(dry.input, dry.deps, NOW)).toMatchObject({ status: "Active" });
    expect(dry.power[vm.id.toLowerCase()]).toBe("running");
    expect(await dry.stores.sandboxState.get(RG.toLowerCase())).toBeUndefined();
    const under = world("enforce");
    expect(await capSandboxOnAlert({ ...under.input, spent: 60, forecast: 70 }, under.deps, NOW)).toBeUndefined();
    expect(await capSandboxOnAlert({ ...under.input, groupTags: {} }, under.deps, NOW)).toBeUndefined();
  });
});
