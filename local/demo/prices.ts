// Daily list prices (USD, pay-as-you-go, East US 2, rounded) the demo's cost records use, so GPU
// spend dominates the way it does in real AI estates.

/** Hourly VM prices by size. */
const VM_HOURLY: Record<string, number> = {
  Standard_NC24ads_A100_v4: 3.673,
  Standard_ND96isr_H100_v5: 98.32,
  Standard_NC4as_T4_v3: 0.526,
  Standard_NC8as_T4_v3: 0.752,
  Standard_D2s_v5: 0.096,
  Standard_D4s_v5: 0.192,
  Standard_D8s_v5: 0.384,
  Standard_E4s_v5: 0.252,
  Standard_B2ms: 0.083,
};

export function vmDailyPrice(size: string): number {
  const hourly = VM_HOURLY[size];
  if (hourly === undefined) throw new Error(`demo estate: no price for VM size ${size}`);
  return hourly * 24;
}

/** Meter category and typical daily cost of the other resource types (before noise). */
export const DAILY: Record<string, { meter: string; perDay: number }> = {
  "microsoft.compute/disks": { meter: "Storage", perDay: 0.66 },
  "microsoft.storage/storageaccounts": { meter: "Storage", perDay: 2.4 },
  "microsoft.keyvault/vaults": { meter: "Key Vault", perDay: 0.08 },
  "microsoft.network/publicipaddresses": { meter: "Virtual Network", perDay: 0.12 },
  "microsoft.network/privateendpoints": { meter: "Virtual Network", perDay: 0.24 },
  "microsoft.network/azurefirewalls": { meter: "Azure Firewall", perDay: 30 },
  "microsoft.network/ddosprotectionplans": { meter: "Azure DDOS Protection", perDay: 96.8 },
  "microsoft.network/virtualnetworkgateways": { meter: "VPN Gateway", perDay: 4.56 },
  "microsoft.operationalinsights/workspaces": { meter: "Log Analytics", perDay: 27.6 },
  "microsoft.insights/components": { meter: "Application Insights", perDay: 1.1 },
  "microsoft.web/serverfarms": { meter: "Azure App Service", perDay: 3.36 },
  "microsoft.containerregistry/registries": { meter: "Container Registry", perDay: 0.67 },
  "microsoft.search/searchservices": { meter: "Azure Cognitive Search", perDay: 8.17 },
  "microsoft.cognitiveservices/accounts": { meter: "Cognitive Services", perDay: 45 },
  "microsoft.containerservice/managedclusters": { meter: "Azure Kubernetes Service", perDay: 2.4 },
  "microsoft.sql/servers": { meter: "SQL Database", perDay: 12.1 },
};
