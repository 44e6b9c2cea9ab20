// The VM sizes the emulator offers: the GPU sizes AI landing zones use plus a few general
// purpose ones, with their quota family, vCPUs, GPUs and memory, and the regions offering them.

export interface VmSku {
  name: string;
  family: string;
  /** Localized name of the family's quota usage row. */
  familyDisplayName: string;
  vCPUs: number;
  gpus: number;
  memoryGB: number;
  locations: string[];
}

const EVERYWHERE = ["eastus", "eastus2", "westus3", "northcentralus", "southcentralus", "westeurope", "northeurope", "swedencentral", "uksouth", "francecentral", "japaneast", "australiaeast"];
const A100_REGIONS = ["eastus", "eastus2", "westus3", "southcentralus", "westeurope", "swedencentral", "japaneast", "australiaeast"];
const H100_REGIONS = ["eastus", "eastus2", "westus3", "southcentralus", "swedencentral", "uksouth"];
const T4_REGIONS = ["eastus", "eastus2", "westus3", "northcentralus", "southcentralus", "westeurope", "northeurope", "uksouth", "japaneast", "australiaeast"];

function family(familyName: string, display: string, locations: string[], sizes: [string, number, number, number][]): VmSku[] {
  return sizes.map(([name, vCPUs, gpus, memoryGB]) => ({ name, family: familyName, familyDisplayName: display, vCPUs, gpus, memoryGB, locations }));
}

export const VM_SKUS: VmSku[] = [
  ...family("standardNCADSA100v4Family", "Standard NCADS_A100_v4 Family vCPUs", A100_REGIONS, [
    ["Standard_NC24ads_A100_v4", 24, 1, 220], ["Standard_NC48ads_A100_v4", 48, 2, 440], ["Standard_NC96ads_A100_v4", 96, 4, 880],
  ]),
  ...family("standardNDSH100v5Family", "Standard NDSH100v5 Family vCPUs", H100_REGIONS, [["Standard_ND96isr_H100_v5", 96, 8, 1900]]),
  ...family("standardNCadsH100v5Family", "Standard NCadsH100v5 Family vCPUs", H100_REGIONS, [["Standard_NC40ads_H100_v5", 40, 1, 320], ["Standard_NC80adis_H100_v5", 80, 2, 640]]),
  ...family("standardNDASv4_A100Family", "Standard NDASv4_A100 Family vCPUs", A100_REGIONS, [["Standard_ND96asr_v4", 96, 8, 900]]),
  ...family("standardNCASv3_T4Family", "Standard NCASv3_T4 Family vCPUs", T4_REGIONS, [
    ["Standard_NC4as_T4_v3", 4, 1, 28], ["Standard_NC8as_T4_v3", 8, 1, 56], ["Standard_NC16as_T4_v3", 16, 1, 110], ["Standard_NC64as_T4_v3", 64, 4, 440],
  ]),
  ...family("standardDSv5Family", "Standard DSv5 Family vCPUs", EVERYWHERE, [["Standard_D2s_v5", 2, 0, 8], ["Standard_D4s_v5", 4, 0, 16], ["Standard_D8s_v5", 8, 0, 32], ["Standard_D16s_v5", 16, 0, 64]]),
  ...family("standardESv5Family", "Standard ESv5 Family vCPUs", EVERYWHERE, [["Standard_E4s_v5", 4, 0, 32], ["Standard_E8s_v5", 8, 0, 64]]),
  ...family("standardBSFamily", "Standard BS Family vCPUs", EVERYWHERE, [["Standard_B2s", 2, 0, 4], ["Standard_B2ms", 2, 0, 8]]),
];

const BY_NAME = new Map(VM_SKUS.map((s) => [s.name.toLowerCase(), s]));

export function vmSku(size: string | undefined): VmSku | undefined {
  return size ? BY_NAME.get(size.toLowerCase()) : undefined;
}

export function isGpuFamily(family: string): boolean {
  return VM_SKUS.some((s) => s.family.toLowerCase() === family.toLowerCase() && s.gpus > 0);
}

/** Default limits when the estate sets none: general families 100 vCPUs, GPU families 0 (Azure's default for new subscriptions). */
export function defaultFamilyLimit(family: string): number {
  return isGpuFamily(family) ? 0 : 100;
}

export const DEFAULT_REGIONAL_VCPU_LIMIT = 350;
