import { formatCidr, parseCidr } from "../../../shared/store/cidr";
import { IpamExhaustedError } from "../../../shared/store/errors";
import { nextAllocation } from "../../../shared/store/nextAllocation";
import type { IpamStore } from "../../../shared/store/ports";
import type { IpamAllocation } from "../../../shared/store/records";

export class MemoryIpamStore implements IpamStore {
  private readonly pools = new Map<string, IpamAllocation[]>();
  constructor(private readonly now: () => number) {}

  async allocate(pool: string, prefixLength: number, requestId: string, at?: string) {
    const poolCidr = formatCidr(parseCidr(pool));
    const list = this.pools.get(poolCidr) ?? [];
    const r = nextAllocation(poolCidr, prefixLength, requestId, list, at ?? new Date(this.now()).toISOString());
    if (!r) throw new IpamExhaustedError(poolCidr, prefixLength);
    if (r.added) this.pools.set(poolCidr, [...list, r.allocation]);
    return r.allocation;
  }
  async release(requestId: string) {
    const freed: IpamAllocation[] = [];
    for (const [pool, list] of this.pools) {
      freed.push(...list.filter((a) => a.requestId === requestId));
      this.pools.set(pool, list.filter((a) => a.requestId !== requestId));
    }
    return freed;
  }
  async allocations(pool: string) {
    return [...(this.pools.get(formatCidr(parseCidr(pool))) ?? [])];
  }
}
