import { randomUUID } from "node:crypto";
import { boundKey, encodeKey, hashKey, odataString } from "../keys";
import type { AuditQuery, AuditStore } from "../ports";
import { AuditRecord, type AuditInput } from "../records";
import { checkEntity } from "./checkEntity";
import { decodeDoc, encodeDoc } from "./docCodec";
import { invertedRowKey, rowKeySinceBound, rowKeyUntilBound } from "./invertedTime";
import { statusOf, type TableContext } from "./TableContext";

// Append-only by construction: this adapter only ever calls createEntity (never update, upsert or
// delete), so an existing row cannot be changed through it. Each entry is written twice:
//   t<inverted day>  -> time-ordered log (newest day first, newest entry first),
//   r<hash(resource)> -> the same entry in the resource's partition, for ?resourceId= queries.
// The resource copy is written first, so an entry visible in the log is always findable by resource.
// RowKey = inverted timestamp + "-" + id, so the same id at the same time is one row: a retried
// append is a 409, reported as appended: false, and never overwrites.

const TABLE = "Audit";
const DAY = 86_400_000;

export class TableAuditStore implements AuditStore {
  constructor(private readonly ctx: TableContext) {}

  async append(input: AuditInput): Promise<{ record: AuditRecord; appended: boolean }> {
    const record = AuditRecord.parse({ ...input, id: input.id ?? randomUUID(), at: input.at ?? new Date(this.ctx.now()).toISOString() });
    const ms = Date.parse(record.at);
    const rowKey = boundKey(invertedRowKey(ms, encodeKey(record.id)));
    const client = await this.ctx.table(TABLE);
    const partitions = [...(record.resourceId ? [resourcePartition(record.resourceId)] : []), dayPartition(ms)];
    const columns = { At: new Date(ms), Action: record.action, Actor: record.actor, ResourceIdLower: record.resourceId?.toLowerCase() ?? "" };
    // Keyed by the first copy, which is written first: the row a failed append's discard looks at.
    const doc = await encodeDoc(this.ctx, TABLE, { partitionKey: partitions[0], rowKey, ...columns }, record);
    let appended = false;
    try {
      const copies = partitions.map((partitionKey) => checkEntity(TABLE, { ...doc.entity, partitionKey }));
      const create = async (copy: (typeof copies)[number]) => {
        try {
          await client.createEntity(copy);
          appended = true;
        } catch (err) {
          if (statusOf(err) !== 409) throw err;
        }
      };
      // Inline documents: both copies at once. A spilled one names a blob that only the first
      // copy's row may vouch for (discard reads it), so that copy lands first.
      if (!("DocBlob" in doc.entity)) await Promise.all(copies.map(create));
      else for (const copy of copies) await create(copy);
    } catch (err) {
      await doc.discard();
      throw err;
    }
    if (!appended) {
      await doc.discard();
      const e = await client.getEntity<Record<string, unknown>>(partitions[0], rowKey);
      return { record: AuditRecord.parse(await decodeDoc(this.ctx, e)), appended: false };
    }
    return { record, appended };
  }

  async query(q: AuditQuery): Promise<AuditRecord[]> {
    const client = await this.ctx.table(TABLE);
    const limit = q.limit ?? 1000;
    const since = q.since ? Date.parse(q.since) : undefined;
    const until = q.until ? Date.parse(q.until) : undefined;
    const clauses: string[] = [];
    if (q.resourceId) {
      clauses.push(`PartitionKey eq ${odataString(resourcePartition(q.resourceId))}`);
      clauses.push(`ResourceIdLower eq ${odataString(q.resourceId.toLowerCase())}`);
    } else {
      // Day partitions from `until` (or the far future) back to `since` (or the beginning).
      clauses.push(`PartitionKey ge ${odataString(until !== undefined ? dayPartition(until) : "t")}`);
      clauses.push(`PartitionKey le ${odataString(since !== undefined ? dayPartition(since) : "t~")}`);
    }
    if (since !== undefined) clauses.push(`RowKey lt '${rowKeySinceBound(since)}'`);
    if (until !== undefined) clauses.push(`RowKey ge '${rowKeyUntilBound(until)}'`);
    const out: AuditRecord[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter: clauses.join(" and ") } })) {
      out.push(AuditRecord.parse(await decodeDoc(this.ctx, e)));
      if (out.length >= limit) break;
    }
    return out;
  }
}

function dayPartition(ms: number): string {
  return "t" + String(99_999 - Math.floor(ms / DAY)).padStart(5, "0");
}

function resourcePartition(resourceId: string): string {
  return "r" + hashKey(resourceId.toLowerCase(), 24);
}
