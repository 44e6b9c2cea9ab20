import { EstateState } from "../../local/arm/state/EstateState";

/**
 * A deterministic synthetic landing zone for the sweep fact-collection test: the ALZ management
 * groups, `subscriptions` spread over corp / online / sandbox, `resources` (40% VMs, a few GPU,
 * AI accounts, storage...), a week of daily cost per subscription, budgets on half of them and a
 * GPU quota group allocating to 2% of them.
 */
export function buildLargeEstate(opts: { subscriptions: number; resources: number; today: string }): EstateState {
  let seed = 20250301;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const mgs = ["corp", "online", "sandbox"];
  const subs = Array.from({ length: opts.subscriptions }, (_, i) => `${(i + 1).toString(16).padStart(8, "0")}-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`);
  const state = new EstateState({
    rootManagementGroupId: "tenant-root",
    managementGroups: [
      { name: "tenant-root" },
      { name: "alz", parent: "tenant-root" },
      { name: "landingzones", parent: "alz" },
      { name: "corp", parent: "landingzones" },
      { name: "online", parent: "landingzones" },
      { name: "sandbox", parent: "alz" },
      { name: "decommissioned", parent: "alz" },
    ],
    subscriptions: subs.map((s, i) => ({ subscriptionId: s, displayName: `sub-${i}`, managementGroupId: mgs[i % 3], tags: { owner: `owner${i % 97}@contoso.com`, "cost-center": `cc-${i % 40}` } })),
  });
  const types = ["Microsoft.Storage/storageAccounts", "Microsoft.Network/networkInterfaces", "Microsoft.Compute/disks", "Microsoft.KeyVault/vaults", "Microsoft.Network/virtualNetworks"];
  const sizes = ["Standard_D4s_v5", "Standard_D8s_v5", "Standard_E4s_v5", "Standard_D2s_v5", "Standard_NC24ads_A100_v4"];
  for (let i = 0; i < opts.resources; i++) {
    const sub = subs[i % subs.length]!;
    const rg = `rg-${i % 7}`;
    const r = rnd();
    const isVm = r < 0.4;
    const isAi = !isVm && r < 0.42;
    const type = isVm ? "Microsoft.Compute/virtualMachines" : isAi ? "Microsoft.CognitiveServices/accounts" : pick(types);
    const name = `r${i}`;
    state.putResource({
      id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`,
      name,
      type,
      location: pick(["eastus2", "swedencentral", "westeurope"]),
      ...(isAi ? { kind: "OpenAI" } : {}),
      tags: { owner: `user${i % 200}@contoso.com` },
      properties: isVm
        ? { hardwareProfile: { vmSize: rnd() < 0.02 ? sizes[4]! : pick(sizes.slice(0, 4)) }, extended: { instanceView: { powerState: { code: rnd() < 0.8 ? "PowerState/running" : "PowerState/deallocated" } } } }
        : isAi
          ? { publicNetworkAccess: rnd() < 0.5 ? "Disabled" : "Enabled", disableLocalAuth: rnd() < 0.5 }
          : { provisioningState: "Succeeded" },
    });
  }
  const day0 = Date.parse(`${opts.today.slice(0, 8)}01T00:00:00Z`);
  const days = Math.max(1, Math.round((Date.parse(`${opts.today}T00:00:00Z`) - day0) / 86_400_000));
  for (const [i, s] of subs.entries()) {
    for (let d = 0; d < Math.min(days, 7); d++) {
      state.costRecords.push({ date: new Date(day0 + d * 86_400_000).toISOString().slice(0, 10), subscriptionId: s, resourceGroup: `rg-${d % 7}`, resourceId: `/subscriptions/${s}/resourceGroups/rg-${d % 7}`, resourceType: "microsoft.compute/virtualmachines", location: "eastus2", meterCategory: "Virtual Machines", tags: {}, cost: 20 + (i % 50), currency: "USD" });
    }
    if (i % 2 === 0) {
      const id = `/subscriptions/${s}/providers/Microsoft.Consumption/budgets/monthly`;
      state.budgets.set(id.toLowerCase(), { id, name: "monthly", type: "Microsoft.Consumption/budgets", properties: { category: "Cost", amount: 1000 + (i % 5) * 500, timeGrain: "Monthly", timePeriod: { startDate: `${opts.today.slice(0, 8)}01T00:00:00Z` }, notifications: {} } });
    }
  }
  const allocated = subs.filter((_, i) => i % 50 === 0);
  state.quotaGroups.push({
    managementGroupId: "alz",
    name: "gpu-pool",
    displayName: "GPU pool",
    limits: [{ location: "eastus2", family: "standardNCADSA100v4Family", limit: allocated.length * 100 + 1000 }],
    allocations: allocated.map((s) => ({ subscriptionId: s, location: "eastus2", family: "standardNCADSA100v4Family", limit: 96 })),
  });
  return state;
}
