import { encodeKey, hashKey } from "../keys";
import type { ProcessedEventStore } from "../ports";
import { batchInTick } from "./batchInTick";
import { statusOf, type TableContext } from "./TableContext";

// PartitionKey = first hex char of the id's hash: 16 partitions spread the write load of a busy
// event stream (each partition takes ~2,000 entities/s, more than the account's share of one
// instance), few enough that a delivery's ids share partitions, and the key stays derivable from
// the id alone. Insert is the atomic "first one wins"; 409 means seen, unless the stored row has
// expired (then it is taken over with its ETag so two late redeliveries still act once).
// The ids asked for in one turn (a delivery) go out as one entity-group transaction of inserts per
// partition; a transaction that fails (some id already there, or expired) is retried id by id on
// the single path, so the answers are the same as one insert each. Ids this instance recorded are
// remembered (bounded, until they expire, forgotten with forget()), so a redelivery to the same
// instance costs no round trip. Expired rows are swept lazily, at most once per purgeEveryMs.

const TABLE = "ProcessedEvents";
/** An entity-group transaction holds at most 100 operations. */
const MAX_TRANSACTION = 100;
const RECORDED_CACHE = 20_000;

interface Ask {
  eventId: string;
  ttlMs: number;
}

const partitionOf = (eventId: string) => hashKey(eventId, 1);

export class TableProcessedEventStore implements ProcessedEventStore {
  private lastPurge = 0;
  /** Ids recorded by this instance -> when their row expires (insertion order = age, for eviction). */
  private readonly recorded = new Map<string, number>();
  private readonly batched = batchInTick<Ask, boolean>((asks) => this.recordMany(asks), 1_000);

  constructor(private readonly ctx: TableContext, private readonly purgeEveryMs = 3_600_000) {}

  seenOrRecord(eventId: string, ttlMs: number): Promise<boolean> {
    const until = this.recorded.get(eventId);
    if (until !== undefined && until > this.ctx.now()) return Promise.resolve(true);
    return this.batched({ eventId, ttlMs });
  }

  private remember(eventId: string, until: number): void {
    this.recorded.delete(eventId);
    this.recorded.set(eventId, until);
    if (this.recorded.size > RECORDED_CACHE) this.recorded.delete(this.recorded.keys().next().value!);
  }

  /** One transaction of inserts per partition; duplicates within the turn wait for their first. */
  private async recordMany(asks: Ask[]): Promise<boolean[]> {
    const first = new Map<string, number>();
    const byPartition = new Map<string, Ask[]>();
    asks.forEach((a, i) => {
      if (first.has(a.eventId)) return;
      first.set(a.eventId, i);
      const part = partitionOf(a.eventId);
      byPartition.set(part, [...(byPartition.get(part) ?? []), a]);
    });
    const answers = new Map<string, Promise<boolean>>();
    for (const group of byPartition.values()) {
      for (let i = 0; i < group.length; i += MAX_TRANSACTION) {
        const chunk = group.slice(i, i + MAX_TRANSACTION);
        const done = chunk.length === 1 ? undefined : this.insertAll(chunk);
        for (const a of chunk) answers.set(a.eventId, done ? done.then((ok) => (ok ? false : this.recordOne(a.eventId, a.ttlMs))) : this.recordOne(a.eventId, a.ttlMs));
      }
    }
    const settled = await Promise.allSettled(asks.map((a, i) => answers.get(a.eventId)!.then((fresh) => (first.get(a.eventId) === i ? fresh : true))));
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return settled.map((s) => (s as PromiseFulfilledResult<boolean>).value);
  }

  /** True when every insert of the transaction went in (each id new and recorded). */
  private async insertAll(asks: Ask[]): Promise<boolean> {
    const client = await this.ctx.table(TABLE);
    const now = this.ctx.now();
    this.maybePurge(now);
    try {
      await client.submitTransaction(asks.map((a) => ["create", { partitionKey: partitionOf(a.eventId), rowKey: encodeKey(a.eventId), ExpiresAt: new Date(now + a.ttlMs) }]));
    } catch {
      // Some id was there already (or the batch failed outright): the single path decides each.
      return false;
    }
    for (const a of asks) this.remember(a.eventId, now + a.ttlMs);
    return true;
  }

  private async recordOne(eventId: string, ttlMs: number): Promise<boolean> {
    const fresh = !(await this.seenOrRecordOne(eventId, ttlMs));
    if (fresh) this.remember(eventId, this.ctx.now() + ttlMs);
    return !fresh;
  }

  private async seenOrRecordOne(eventId: string, ttlMs: number): Promise<boolean> {
    const client = await this.ctx.table(TABLE);
    const now = this.ctx.now();
    const entity = { partitionKey: partitionOf(eventId), rowKey: encodeKey(eventId), ExpiresAt: new Date(now + ttlMs) };
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
      if (statusOf(err) === 404) return this.seenOrRecordOne(eventId, ttlMs);
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
    this.recorded.delete(eventId);
    const client = await this.ctx.table(TABLE);
    try {
      await client.deleteEntity(partitionOf(eventId), encodeKey(eventId));
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
