import { vmSku } from "../state/vmSkus";

// The emulator's price table: approximate Azure pay-as-you-go list prices in USD (Linux, East US /
// East US 2, rounded, no discounts or reservations), current as of 2024-2025. They are
// approximations chosen so that GPU spend dominates the way it does in real AI estates; they are
// not a billing reference. The demo estate's seeded history uses the same table
// (local/demo/prices.ts re-exports it), so accrued days continue the seeded ones.

/** Hourly compute price by VM size (the sizes the emulator's SKU table offers). */
const VM_HOURLY: Readonly<Record<string, number>> = {
  Standard_NC24ads_A100_v4: 3.673,
  Standard_NC48ads_A100_v4: 7.346,
  Standard_NC96ads_A100_v4: 14.692,
  Standard_ND96isr_H100_v5: 98.32,
  Standard_NC40ads_H100_v5: 6.98,
  Standard_NC80adis_H100_v5: 13.96,
  Standard_ND96asr_v4: 27.197,
  Standard_NC4as_T4_v3: 0.526,
  Standard_NC8as_T4_v3: 0.752,
  Standard_NC16as_T4_v3: 1.204,
  Standard_NC64as_T4_v3: 4.352,
  Standard_D2s_v5: 0.096,
  Standard_D4s_v5: 0.192,
  Standard_D8s_v5: 0.384,
  Standard_D16s_v5: 0.768,
  Standard_E4s_v5: 0.252,
  Standard_E8s_v5: 0.504,
  Standard_B2s: 0.0416,
  Standard_B2ms: 0.083,
};

const HOURLY_BY_LOWER = new Map(Object.entries(VM_HOURLY).map(([k, v]) => [k.toLowerCase(), v]));

/** Sizes outside the table: per vCPU like general purpose v5, plus per GPU like the T4/A100 range. */
const PER_VCPU_HOURLY = 0.048;
const PER_GPU_HOURLY = 3;
const UNKNOWN_SIZE_HOURLY = 0.096;

/** The listed hourly price of a size, undefined when the table does not list it. */
function vmListedHourlyPrice(size: string): number | undefined {
  return HOURLY_BY_LOWER.get(size.toLowerCase());
}

/** Hourly price of any size: listed, else estimated from the SKU table's vCPUs and GPUs. */
export function vmHourlyPrice(size: string | undefined): number {
  if (!size) return UNKNOWN_SIZE_HOURLY;
  const listed = vmListedHourlyPrice(size);
  if (listed !== undefined) return listed;
  const sku = vmSku(size);
  return sku ? sku.vCPUs * PER_VCPU_HOURLY + sku.gpus * PER_GPU_HOURLY : UNKNOWN_SIZE_HOURLY;
}

/** Daily price of a listed size; throws for sizes the table does not list (estate builders want exact prices). */
export function vmDailyPrice(size: string): number {
  const hourly = vmListedHourlyPrice(size);
  if (hourly === undefined) throw new Error(`price table: no price for VM size ${size}`);
  return hourly * 24;
}

/**
 * Meter category and daily price of the other billable resource types (lower-cased type), at
 * their common SKU; `skuDaily` in pricing.ts refines some by SKU and size.
 */
export const DAILY: Readonly<Record<string, { meter: string; perDay: number }>> = {
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

/** Meter category of compute (VMs, AKS node pools, ML compute nodes). */
export const COMPUTE_METER = "Virtual Machines";

/** AI Search per search unit (replica x partition) per day, by SKU name. */
export const SEARCH_DAILY_PER_UNIT: Readonly<Record<string, number>> = {
  free: 0,
  basic: 2.42,
  standard: 8.17,
  standard2: 32.68,
  standard3: 65.35,
  storage_optimized_l1: 91.5,
  storage_optimized_l2: 183,
};

/** AKS control plane per day by tier (Free has no uptime SLA and no charge). */
export const AKS_TIER_DAILY: Readonly<Record<string, number>> = { free: 0, standard: 2.4, premium: 14.4 };

/** Premium SSD managed disks per day by provisioned size (P10 ... P50); other SKUs cost less. */
export const PREMIUM_DISK_DAILY: ReadonlyArray<[maxGb: number, perDay: number]> = [
  [128, 0.66],
  [256, 1.27],
  [512, 2.44],
  [1024, 4.52],
  [2048, 8.64],
  [4096, 16.6],
];
/** Standard SSD / HDD disks relative to Premium SSD of the same size. */
export const NON_PREMIUM_DISK_FACTOR = 0.4;
