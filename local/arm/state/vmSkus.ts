// The VM sizes the emulator offers: the GPU sizes AI landing zones use plus common general purpose
// ones, with their quota family (and its localized name), vCPUs, GPUs and memory (from the Azure
// VM size documentation), and the regions offering them. Quota usage also needs sizes outside the
// table (synthetic estates): `vmSizeQuota` parses those from the size name.

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

/** What quota counting needs of a size, listed or parsed from its name. */
export type VmSizeQuota = Pick<VmSku, "family" | "familyDisplayName" | "vCPUs" | "gpus">;

const EVERYWHERE = ["eastus", "eastus2", "westus3", "northcentralus", "southcentralus", "westeurope", "northeurope", "swedencentral", "uksouth", "francecentral", "japaneast", "australiaeast"];
const A100_REGIONS = ["eastus", "eastus2", "westus3", "southcentralus", "westeurope", "swedencentral", "japaneast", "australiaeast"];
const H100_REGIONS = ["eastus", "eastus2", "westus3", "southcentralus", "swedencentral", "uksouth"];
const T4_REGIONS = ["eastus", "eastus2", "westus3", "northcentralus", "southcentralus", "westeurope", "northeurope", "uksouth", "japaneast", "australiaeast"];
const V100_REGIONS = ["eastus", "eastus2", "northcentralus", "southcentralus", "westeurope", "northeurope", "uksouth", "japaneast", "australiaeast"];
const A10_REGIONS = ["eastus", "eastus2", "westus3", "southcentralus", "westeurope", "northeurope", "uksouth", "japaneast", "australiaeast"];

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
  ...family("standardNCSv3Family", "Standard NCSv3 Family vCPUs", V100_REGIONS, [["Standard_NC6s_v3", 6, 1, 112], ["Standard_NC12s_v3", 12, 2, 224], ["Standard_NC24s_v3", 24, 4, 448]]),
  ...family("standardNVADSA10v5Family", "Standard NVADSA10v5 Family vCPUs", A10_REGIONS, [["Standard_NV6ads_A10_v5", 6, 1, 55], ["Standard_NV36ads_A10_v5", 36, 1, 440]]),
  ...family("standardDSv5Family", "Standard DSv5 Family vCPUs", EVERYWHERE, [
    ["Standard_D2s_v5", 2, 0, 8], ["Standard_D4s_v5", 4, 0, 16], ["Standard_D8s_v5", 8, 0, 32], ["Standard_D16s_v5", 16, 0, 64], ["Standard_D32s_v5", 32, 0, 128],
  ]),
  ...family("standardDSv3Family", "Standard DSv3 Family vCPUs", EVERYWHERE, [["Standard_D2s_v3", 2, 0, 8], ["Standard_D4s_v3", 4, 0, 16], ["Standard_D8s_v3", 8, 0, 32], ["Standard_D16s_v3", 16, 0, 64]]),
  ...family("standardDDSv5Family", "Standard DDSv5 Family vCPUs", EVERYWHERE, [["Standard_D2ds_v5", 2, 0, 8], ["Standard_D4ds_v5", 4, 0, 16], ["Standard_D8ds_v5", 8, 0, 32]]),
  ...family("standardESv5Family", "Standard ESv5 Family vCPUs", EVERYWHERE, [["Standard_E2s_v5", 2, 0, 16], ["Standard_E4s_v5", 4, 0, 32], ["Standard_E8s_v5", 8, 0, 64], ["Standard_E16s_v5", 16, 0, 128]]),
  ...family("standardFSv2Family", "Standard FSv2 Family vCPUs", EVERYWHERE, [["Standard_F2s_v2", 2, 0, 4], ["Standard_F4s_v2", 4, 0, 8], ["Standard_F8s_v2", 8, 0, 16]]),
  ...family("standardBSFamily", "Standard BS Family vCPUs", EVERYWHERE, [
    ["Standard_B1s", 1, 0, 1], ["Standard_B1ms", 1, 0, 2], ["Standard_B2s", 2, 0, 4], ["Standard_B2ms", 2, 0, 8], ["Standard_B4ms", 4, 0, 16], ["Standard_B8ms", 8, 0, 32],
  ]),
];

const BY_NAME = new Map(VM_SKUS.map((s) => [s.name.toLowerCase(), s]));
const DISPLAY_BY_FAMILY = new Map(VM_SKUS.map((s) => [s.family.toLowerCase(), s.familyDisplayName]));

/** The regional total Azure reports next to the families. */
export const REGIONAL_CORES = { family: "cores", familyDisplayName: "Total Regional vCPUs" } as const;

/** A size the table lists; undefined for any other (callers decide whether unknown sizes are allowed). */
export function vmSku(size: string | undefined): VmSku | undefined {
  return size ? BY_NAME.get(size.toLowerCase()) : undefined;
}

/**
 * Quota family and vCPUs of any size: the table's row, else a parse of `Standard_<series><vCPUs>...`
 * so a synthetic estate with other sizes still gets usage; GPUs of a parsed size are unknown (0).
 */
export function vmSizeQuota(size: string): VmSizeQuota {
  const known = vmSku(size);
  if (known) return known;
  const m = /^standard_([a-z]+?)(\d+)([a-z]*)(?:_([a-z0-9]+))?(?:_(v\d+))?$/i.exec(size);
  if (!m) return { family: "standardUnknownFamily", familyDisplayName: "Unknown Family vCPUs", vCPUs: 1, gpus: 0 };
  const series = `${m[1]!.toUpperCase()}${m[3]!.toUpperCase()}${m[4] && !/^v\d+$/i.test(m[4]) ? m[4].toUpperCase() : ""}${(m[5] ?? (m[4] && /^v\d+$/i.test(m[4]) ? m[4] : "")).toLowerCase()}`;
  return { family: `standard${series}Family`, familyDisplayName: `Standard ${series} Family vCPUs`, vCPUs: Number(m[2]), gpus: 0 };
}

/** Localized name of a quota family's usage row, for listed, parsed and regional families alike. */
export function familyDisplayName(family: string): string {
  const key = family.toLowerCase();
  if (key === REGIONAL_CORES.family) return REGIONAL_CORES.familyDisplayName;
  const listed = DISPLAY_BY_FAMILY.get(key);
  if (listed) return listed;
  const parsed = /^standard(.+)Family$/.exec(family);
  return parsed ? `Standard ${parsed[1]} Family vCPUs` : `${family} vCPUs`;
}

function isGpuFamily(family: string): boolean {
  return VM_SKUS.some((s) => s.family.toLowerCase() === family.toLowerCase() && s.gpus > 0);
}

/** Default limits when the estate sets none: general families 100 vCPUs, GPU families 0 (Azure's default for new subscriptions). */
export function defaultFamilyLimit(family: string): number {
  return isGpuFamily(family) ? 0 : 100;
}

export const DEFAULT_REGIONAL_VCPU_LIMIT = 350;
