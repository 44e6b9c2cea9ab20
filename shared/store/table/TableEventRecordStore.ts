import { encodeKey } from "../keys";
import type { EventRecordStore } from "../ports";
import { RecordedEvent } from "../records";
import { batchInTick } from "./batchInTick";
import { decodeDoc, encodeDoc, type EncodedDoc, type TableEntityBase } from "./docCodec";
import { invertedTime } from "./invertedTime";
import { statusOf, type TableContext } from "./TableContext";

// One partition per day of the events' own time, newest first (the inverted day), so the preview
// reads the window as a prefix of the table (newest days first, so a limit leaves out the oldest)
// and expiry drops whole old days. RowKey is the event id, and the insert is "first one wins": a
// redelivery (same id, same time, so the same partition) finds the record, which is how the event
// path tells it from a new event without a round trip of its own. The window is at least a day,
// and Event Grid stops redelivering after 24 h.
// Expired days are swept lazily from the write path, at most once per purgeEveryMs.
// The records of one turn (a delivery's events) go out as one entity-group transaction of inserts
// per day partition; a transaction that fails is retried record by record, so each record's
// answer is its own.

const TABLE = "EventRecords";
const DAY = 86_400_000;
const dayPartition = (ms: number) => "d" + invertedTime(Math.floor(ms / DAY) * DAY);
const columnsOf = (e: Pick<RecordedEvent, "id" | "at">) => ({ partitionKey: dayPartition(Date.parse(e.at)), rowKey: encodeKey(e.id), At: e.at });
/** An entity-group transaction holds at most 100 operations and 4 MiB; stay well under the bytes. */
const MAX_TRANSACTION = 100;
const MAX_TRANSACTION_BYTES = 2_000_000;

export class TableEventRecordStore implements EventRecordStore {
  private lastPurge = 0;

  constructor(private readonly ctx: TableContext, readonly retentionDays: number, private readonly purgeEveryMs = 3_600_000) {}

  /** Each record's own answer: stored (true), kept already (false), or its error (a batch answers per record). */
  private readonly batched = batchInTick<EncodedDoc<TableEntityBase>, { stored?: boolean; error?: unknown }>((docs) => this.createMany(docs));

  async recordFirst(input: RecordedEvent): Promise<boolean> {
    const entry = RecordedEvent.parse(input);
    this.maybePurge();
    const { stored, error } = await this.batched(await encodeDoc(this.ctx, TABLE, columnsOf(entry), entry));
    if (error) throw error;
    return stored!;
  }

  async forget(entry: Pick<RecordedEvent, "id" | "at">): Promise<void> {
    const client = await this.ctx.table(TABLE);
    const { partitionKey, rowKey } = columnsOf(entry);
    try {
      await client.deleteEntity(partitionKey, rowKey);
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }

  /** One transaction of inserts per day partition (within Azure's 100 operations and 4 MiB); a failed one is retried insert by insert. */
  private async createMany(docs: EncodedDoc<TableEntityBase>[]): Promise<{ stored?: boolean; error?: unknown }[]> {
    const client = await this.ctx.table(TABLE);
    const chunks: EncodedDoc<TableEntityBase>[][] = [];
    const byPartition = new Map<string, { docs: EncodedDoc<TableEntityBase>[]; bytes: number }>();
    for (const doc of docs) {
      const bytes = doc.wireBytes;
      let open = byPartition.get(doc.entity.partitionKey);
      if (!open || open.docs.length === MAX_TRANSACTION || open.bytes + bytes > MAX_TRANSACTION_BYTES) {
        open = { docs: [], bytes: 0 };
        chunks.push(open.docs);
        byPartition.set(doc.entity.partitionKey, open);
      }
      open.docs.push(doc);
      open.bytes += bytes;
    }
    const one = async (doc: EncodedDoc<TableEntityBase>): Promise<boolean> => {
      try {
        await client.createEntity(doc.entity);
        return true;
      } catch (err) {
        await doc.discard();
        if (statusOf(err) === 409) return false;
        throw err;
      }
    };
    const answers = new Map<EncodedDoc<TableEntityBase>, Promise<boolean>>();
    for (const chunk of chunks) {
      // Some id kept already (a redelivery) fails the whole transaction: then each insert answers for itself.
      const all = chunk.length === 1 ? undefined : client.submitTransaction(chunk.map((d) => ["create", d.entity])).then(() => true, () => false);
      for (const doc of chunk) answers.set(doc, all ? all.then((ok) => ok || one(doc)) : one(doc));
    }
    return Promise.all(docs.map((d) => answers.get(d)!.then((stored) => ({ stored }), (error: unknown) => ({ error }))));
  }

  async since(since: string, limit: number): Promise<{ records: RecordedEvent[]; truncated: boolean }> {
    const client = await this.ctx.table(TABLE);
    const filter = `PartitionKey ge 'd' and PartitionKey le '${dayPartition(Date.parse(since))}' and At ge '${since}'`;
    const records: RecordedEvent[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      if (records.length === limit) return { records: sortByTime(records), truncated: true };
      records.push(RecordedEvent.parse(await decodeDoc(this.ctx, e)));
    }
    return { records: sortByTime(records), truncated: false };
  }

  async purgeExpired(): Promise<number> {
    const client = await this.ctx.table(TABLE);
    // Partitions sort newest first: every day before the window's first day sorts after it.
    const cutoff = dayPartition(this.ctx.now() - this.retentionDays * DAY);
    let n = 0;
    for await (const e of client.listEntities({ queryOptions: { filter: `PartitionKey gt '${cutoff}'`, select: ["PartitionKey", "RowKey"] } })) {
      try {
        await client.deleteEntity(e.partitionKey!, e.rowKey!);
        n++;
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    }
    return n;
  }

  private maybePurge(): void {
    const now = this.ctx.now();
    if (now - this.lastPurge < this.purgeEveryMs) return;
    this.lastPurge = now;
    // Fire and forget: recording must not wait on housekeeping; a failed sweep is retried next interval.
    this.purgeExpired().catch(() => {});
  }
}

const sortByTime = (xs: RecordedEvent[]) => xs.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
