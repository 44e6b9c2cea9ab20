import type { Policy } from "../config/Policy";

/** Whether a VM size is GPU per the policy's size prefixes (case-insensitive). */
export function isGpuSize(vmSize: string | undefined, policy: Policy): boolean {
  if (!vmSize) return false;
  const size = vmSize.toLowerCase();
  return policy.gpuFamilies.vmSizePrefixes.some((p) => size.startsWith(p.toLowerCase()));
}
