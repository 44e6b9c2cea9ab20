import { firstFree, formatCidr, parseCidr } from "./cidr";
import type { IpamAllocation } from "./records";

/**
 * The allocation requestId gets in pool given what is taken: its existing one (added: false), a
 * new first-fit range (added: true), or undefined when the pool is full. Pure, shared by the
 * table and in-memory adapters.
 */
export function nextAllocation(
  pool: string,
  prefixLength: number,
  requestId: string,
  taken: IpamAllocation[],
  at: string,
): { allocation: IpamAllocation; added: boolean } | undefined {
  const existing = taken.find((a) => a.requestId === requestId);
  if (existing) return { allocation: existing, added: false };
  const poolCidr = parseCidr(pool);
  if (!Number.isInteger(prefixLength) || prefixLength < poolCidr.prefixLength || prefixLength > 32) {
    throw new RangeError(`prefixLength /${prefixLength} does not fit in pool ${pool}`);
  }
  const free = firstFree(poolCidr, prefixLength, taken.map((a) => parseCidr(a.cidr)));
  if (!free) return undefined;
  return { allocation: { pool, cidr: formatCidr(free), requestId, allocatedAt: at }, added: true };
}
