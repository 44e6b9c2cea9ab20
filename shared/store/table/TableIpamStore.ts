import { IpamExhaustedError } from "../errors";
import { encodeKey } from "../keys";
import { formatCidr, parseCidr } from "../cidr";
import { IpamAllocation } from "../records";
import type { IpamStore } from "../ports";
import { nextAllocation } from "../nextAllocation";
import { decodeDoc, writeDoc, type TableEntityBase } from "./docCodec";
import { retryOnConflict } from "./retryOnConflict";
import { statusOf, type TableContext } from "./TableContext";

// Each pool is one entity holding its allocation list, written only against the ETag it was read
// with. Two vending requests racing for the same pool both compute "the first free range"; one
// write lands, the other gets 412, re-reads the now-taken range and moves on. The list is a JSON
// document, so it can grow past one 64 KiB property (chunked) up to a full entity.

const TABLE = "Ipam";
const PK = "pool";

export class TableIpamStore implements IpamStore {
  constructor(private readonly ctx: TableContext) {}

  allocate(pool: string, prefixLength: number, requestId: string, at?: string): Promise<IpamAllocation> {
    const poolCidr = formatCidr(parseCidr(pool));
    return retryOnConflict(async () => {
      const client = await this.ctx.table(TABLE);
      const current = await this.read(poolCidr);
      const list = current?.allocations ?? [];
      const result = nextAllocation(poolCidr, prefixLength, requestId, list, at ?? new Date(this.ctx.now()).toISOString());
      if (!result) throw new IpamExhaustedError(poolCidr, prefixLength);
      if (!result.added) return result.allocation;
      await this.write(poolCidr, [...list, result.allocation], (e) => (current ? client.updateEntity(e, "Replace", { etag: current.etag }) : client.createEntity(e)));
      return result.allocation;
    }, 200);
  }

  async release(requestId: string): Promise<IpamAllocation[]> {
    const client = await this.ctx.table(TABLE);
    const pools: string[] = [];
    for await (const e of client.listEntities<{ Pool: string }>({ queryOptions: { filter: `PartitionKey eq '${PK}'`, select: ["Pool"] } })) {
      pools.push(e.Pool);
    }
    const freed: IpamAllocation[] = [];
    for (const pool of pools) {
      const released = await retryOnConflict(async () => {
        const current = await this.read(pool);
        const mine = current?.allocations.filter((a) => a.requestId === requestId) ?? [];
        if (!current || mine.length === 0) return [];
        const rest = current.allocations.filter((a) => a.requestId !== requestId);
        await this.write(pool, rest, (e) => client.updateEntity(e, "Replace", { etag: current.etag }));
        return mine;
      });
      freed.push(...released);
    }
    return freed;
  }

  async allocations(pool: string): Promise<IpamAllocation[]> {
    return (await this.read(formatCidr(parseCidr(pool))))?.allocations ?? [];
  }

  private async read(pool: string) {
    const client = await this.ctx.table(TABLE);
    try {
      const e = await client.getEntity<Record<string, unknown>>(PK, encodeKey(pool));
      return { allocations: IpamAllocation.array().parse(await decodeDoc(this.ctx, e)), etag: e.etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  private write<R>(pool: string, allocations: IpamAllocation[], send: (entity: TableEntityBase) => Promise<R>): Promise<R> {
    return writeDoc(this.ctx, TABLE, { partitionKey: PK, rowKey: encodeKey(pool), Pool: pool }, allocations, send);
  }
}
