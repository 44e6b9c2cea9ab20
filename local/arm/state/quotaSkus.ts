/**
 * VM sizes the emulator knows, with the quota family Azure counts them against and their vCPUs
 * (from the Azure VM size documentation). Sizes not listed fall back to a parse of the size name
 * (`Standard_<series><vCPUs>...`), so a synthetic estate with other sizes still gets usage.
 */
export interface VmSku {
  family: string;
  localizedName: string;
  vCpus: number;
  gpus?: number;
}

const table: Record<string, VmSku> = {};
function add(family: string, localizedName: string, sizes: Record<string, number | [number, number]>): void {
  for (const [size, v] of Object.entries(sizes)) {
    const [vCpus, gpus] = Array.isArray(v) ? v : [v, undefined];
    table[size.toLowerCase()] = { family, localizedName, vCpus, ...(gpus ? { gpus } : {}) };
  }
}

add("standardNCADSA100v4Family", "Standard NCADS_A100_v4 Family vCPUs", {
  Standard_NC24ads_A100_v4: [24, 1],
  Standard_NC48ads_A100_v4: [48, 2],
  Standard_NC96ads_A100_v4: [96, 4],
});
add("standardNDSH100v5Family", "Standard NDSH100v5 Family vCPUs", { Standard_ND96isr_H100_v5: [96, 8] });
add("standardNCASv3_T4Family", "Standard NCASv3_T4 Family vCPUs", {
  Standard_NC4as_T4_v3: [4, 1],
  Standard_NC8as_T4_v3: [8, 1],
  Standard_NC16as_T4_v3: [16, 1],
  Standard_NC64as_T4_v3: [64, 4],
});
add("standardNCSv3Family", "Standard NCSv3 Family vCPUs", { Standard_NC6s_v3: [6, 1], Standard_NC12s_v3: [12, 2], Standard_NC24s_v3: [24, 4] });
add("standardNVADSA10v5Family", "Standard NVADSA10v5 Family vCPUs", { Standard_NV6ads_A10_v5: [6, 1], Standard_NV36ads_A10_v5: [36, 1] });
add("standardDSv5Family", "Standard DSv5 Family vCPUs", { Standard_D2s_v5: 2, Standard_D4s_v5: 4, Standard_D8s_v5: 8, Standard_D16s_v5: 16, Standard_D32s_v5: 32 });
add("standardDSv3Family", "Standard DSv3 Family vCPUs", { Standard_D2s_v3: 2, Standard_D4s_v3: 4, Standard_D8s_v3: 8, Standard_D16s_v3: 16 });
add("standardDDSv5Family", "Standard DDSv5 Family vCPUs", { Standard_D2ds_v5: 2, Standard_D4ds_v5: 4, Standard_D8ds_v5: 8 });
add("standardESv5Family", "Standard ESv5 Family vCPUs", { Standard_E2s_v5: 2, Standard_E4s_v5: 4, Standard_E8s_v5: 8, Standard_E16s_v5: 16 });
add("standardFSv2Family", "Standard FSv2 Family vCPUs", { Standard_F2s_v2: 2, Standard_F4s_v2: 4, Standard_F8s_v2: 8 });
add("standardBSFamily", "Standard BS Family vCPUs", { Standard_B1s: 1, Standard_B1ms: 1, Standard_B2s: 2, Standard_B2ms: 2, Standard_B4ms: 4, Standard_B8ms: 8 });

/** The regional total Azure reports next to the families ("Total Regional vCPUs"). */
export const REGIONAL_CORES = { family: "cores", localizedName: "Total Regional vCPUs" };

export function vmSku(vmSize: string): VmSku {
  const known = table[vmSize.toLowerCase()];
  if (known) return known;
  const m = /^standard_([a-z]+?)(\d+)([a-z]*)(?:_([a-z0-9]+))?(?:_(v\d+))?$/i.exec(vmSize);
  if (!m) return { family: "standardUnknownFamily", localizedName: "Unknown Family vCPUs", vCpus: 1 };
  const series = `${m[1]!.toUpperCase()}${m[3]!.toUpperCase()}${m[4] && !/^v\d+$/i.test(m[4]) ? m[4].toUpperCase() : ""}${(m[5] ?? (m[4] && /^v\d+$/i.test(m[4]) ? m[4] : "")).toLowerCase()}`;
  return { family: `standard${series}Family`, localizedName: `Standard ${series} Family vCPUs`, vCpus: Number(m[2]) };
}

export function localizedFamilyName(family: string): string {
  if (family.toLowerCase() === REGIONAL_CORES.family) return REGIONAL_CORES.localizedName;
  const hit = Object.values(table).find((s) => s.family.toLowerCase() === family.toLowerCase());
  return hit?.localizedName ?? `${family} vCPUs`;
}
