import { encodeKey } from "../keys";
import type { EventRecordStore } from "../ports";
import { RecordedEvent } from "../records";
import { decodeDoc, writeDoc } from "./docCodec";
import { invertedTime } from "./invertedTime";
import { statusOf, type TableContext } from "./TableContext";

// One partition per day, newest first (the inverted day), so the preview reads the window as a
// prefix of the table (newest days first, so a limit leaves out the oldest) and expiry drops
// whole old days. RowKey is the event id: Event Grid's
// redelivery of an event that failed half-way overwrites its record instead of adding one.
// Expired days are swept lazily from the write path, at most once per purgeEveryMs.

const TABLE = "EventRecords";
const DAY = 86_400_000;
const dayPartition = (ms: number) => "d" + invertedTime(Math.floor(ms / DAY) * DAY);

export class TableEventRecordStore implements EventRecordStore {
  private lastPurge = 0;

  constructor(private readonly ctx: TableContext, readonly retentionDays: number, private readonly purgeEveryMs = 3_600_000) {}

  async record(input: RecordedEvent): Promise<void> {
    const entry = RecordedEvent.parse(input);
    const client = await this.ctx.table(TABLE);
    this.maybePurge();
    const columns = { partitionKey: dayPartition(Date.parse(entry.at)), rowKey: encodeKey(entry.id), At: entry.at };
    await writeDoc(this.ctx, TABLE, columns, entry, (e) => client.upsertEntity(e, "Replace"));
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
