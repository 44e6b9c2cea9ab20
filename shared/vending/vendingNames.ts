import type { VendingRequest } from "../estate/VendingRequest";

/** Names of what vending creates in the new subscription (stable, so every step is idempotent). */
export function vendingNames(r: VendingRequest) {
  const region = r.regions.primary.toLowerCase().replace(/\s+/g, "");
  return {
    displayName: `${r.workloadName}-${r.environment}`,
    networkResourceGroup: `rg-network-${region}`,
    vnet: `vnet-${r.workloadName}-${region}`,
    platformResourceGroup: "rg-ailz-platform",
    systemTopic: "ailz-resource-events",
    eventSubscription: "ailz-resource-events",
    budget: "ailz-monthly",
    actionGroup: "ag-ailz-budget",
  };
}
