import { encodeKey, hashKey } from "../keys";
import type { ProcessedEventStore } from "../ports";
import { statusOf, type TableContext } from "./TableContext";

// PartitionKey = first two hex chars of the id's hash: 256 partitions spread the write load of a
// busy event stream, and the key stays derivable from the id alone. Insert is the atomic "first
// one wins"; 409 means seen, unless the stored row has expired (then it is taken over with its
// ETag so two late redeliveries still act once). Expired rows are swept lazily, at most once per
// purgeEveryMs, from the write path.

const TABLE = "ProcessedEvents";

export class TableProcessedEventStore implements ProcessedEventStore {
  private lastPurge = 0;

  constructor(private readonly ctx: TableContext, private readonly purgeEveryMs = 3_600_000) {}

  async seenOrRecord(eventId: string, ttlMs: number): Promise<boolean> {
    const client = await this.ctx.table(TABLE);
    const now = this.ctx.now();
    const entity = { partitionKey: hashKey(eventId, 2), rowKey: encodeKey(eventId), ExpiresAt: new Date(now + ttlMs) };
    this.maybePurge(now);
    try {
      await client.createEntity(entity);
      return false;
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
    let existing;
    try {
      existing = await client.getEntity<{ ExpiresAt: Date }>(entity.partitionKey, entity.rowKey);
    } catch (err) {
      // Purged between our insert and read: record it again, atomically.
      if (statusOf(err) === 404) return this.seenOrRecord(eventId, ttlMs);
      throw err;
    }
    if (new Date(existing.ExpiresAt).getTime() > now) return true;
    try {
      await client.updateEntity(entity, "Replace", { etag: existing.etag });
      return false;
    } catch (err) {
      if (statusOf(err) === 412 || statusOf(err) === 404) return true;
      throw err;
    }
  }

  async forget(eventId: string): Promise<void> {
    const client = await this.ctx.table(TABLE);
    try {
      await client.deleteEntity(hashKey(eventId, 2), encodeKey(eventId));
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }

  async purgeExpired(max = 10_000): Promise<number> {
    const client = await this.ctx.table(TABLE);
    const cutoff = new Date(this.ctx.now()).toISOString();
    let n = 0;
    const expired = client.listEntities({ queryOptions: { filter: `ExpiresAt lt datetime'${cutoff}'`, select: ["PartitionKey", "RowKey"] } });
    for await (const e of expired) {
      if (n >= max) break;
      try {
        await client.deleteEntity(e.partitionKey!, e.rowKey!, { etag: e.etag });
        n++;
      } catch (err) {
        // Re-recorded (412) or already gone (404) since the scan: both fine.
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
    return n;
  }

  private maybePurge(now: number): void {
    if (now - this.lastPurge < this.purgeEveryMs) return;
    this.lastPurge = now;
    // Fire and forget: de-duplication must not wait on housekeeping, and a failed sweep is retried next interval.
    this.purgeExpired().catch(() => {});
  }
}
