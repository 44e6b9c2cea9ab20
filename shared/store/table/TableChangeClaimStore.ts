import { encodeKey, hashKey } from "../keys";
import type { ChangeClaimStore } from "../ports";
import { statusOf, type TableContext } from "./TableContext";

// One row per claimed change key, holding the family that claimed it. Insert is the atomic "first
// one wins"; on 409 the holder is read; an expired row is taken over with its ETag, so two late
// claimants still agree on one holder. Rows are small and short-lived (minutes); the key spreads
// over 16 partitions like ProcessedEvents. Expired rows are swept lazily, at most once per purgeEveryMs.

const TABLE = "ChangeClaims";

interface ClaimRow {
  Family: string;
  ExpiresAt: Date;
}

export class TableChangeClaimStore implements ChangeClaimStore {
  private lastPurge = 0;
  constructor(private readonly ctx: TableContext, private readonly purgeEveryMs = 3_600_000) {}

  async claim(key: string, family: string, ttlMs: number): Promise<string> {
    const client = await this.ctx.table(TABLE);
    const now = this.ctx.now();
    if (now - this.lastPurge >= this.purgeEveryMs) {
      this.lastPurge = now;
      // Fire and forget: a claim must not wait on housekeeping; a failed sweep runs next interval.
      this.purgeExpired(now).catch(() => {});
    }
    const entity = { partitionKey: hashKey(key, 1), rowKey: encodeKey(key), Family: family, ExpiresAt: new Date(now + ttlMs) };
    try {
      await client.createEntity(entity);
      return family;
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
    let held;
    try {
      held = await client.getEntity<ClaimRow>(entity.partitionKey, entity.rowKey);
    } catch (err) {
      // Deleted between our insert and read: claim again.
      if (statusOf(err) === 404) return this.claim(key, family, ttlMs);
      throw err;
    }
    if (new Date(held.ExpiresAt).getTime() > now) return held.Family;
    try {
      await client.updateEntity(entity, "Replace", { etag: held.etag });
      return family;
    } catch (err) {
      // Someone else took the expired row over first: theirs is the claim.
      if (statusOf(err) === 412 || statusOf(err) === 404) return this.claim(key, family, ttlMs);
      throw err;
    }
  }

  private async purgeExpired(now: number, max = 10_000): Promise<void> {
    const client = await this.ctx.table(TABLE);
    let n = 0;
    const expired = client.listEntities({ queryOptions: { filter: `ExpiresAt lt datetime'${new Date(now).toISOString()}'`, select: ["PartitionKey", "RowKey"] } });
    for await (const e of expired) {
      if (n++ >= max) break;
      // 412/404: re-claimed or already gone since the scan, both fine.
      await client.deleteEntity(e.partitionKey!, e.rowKey!, { etag: e.etag }).catch((err) => {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      });
    }
  }
}
