import { boundKey, encodeKey, odataString, subscriptionOf } from "../keys";
import type { FindingQuery, FindingStore } from "../ports";
import { FindingRecord, type Page } from "../records";
import { decodeDoc, writeDoc, type TableEntityBase } from "./docCodec";
import { batchInTick } from "./batchInTick";
import { retryOnConflict } from "./retryOnConflict";
import { statusOf, type TableContext } from "./TableContext";

// PartitionKey = subscription id: the API's common question is "what is open in my subscription",
// which then reads one partition; per-guardrail views are a Guardrail filter (guardrails are few,
// so partitioning by guardrail would make a handful of hot partitions). RowKey =
// guardrail!resource!rule, so a finding's key is derivable from the decision alone.
// Tenant- and management-group-scoped findings use the "_tenant" partition.

const TABLE = "Findings";
/** Azure Tables allows 15 comparisons in one $filter: PartitionKey, Status and this many resources. */
const RESOURCES_PER_QUERY = 12;
type Key = { guardrail: string; resourceId: string; rule?: string };

export class TableFindingStore implements FindingStore {
  constructor(private readonly ctx: TableContext) {}

  /**
   * The asks of one turn (a delivery's events) share queries: one per partition and 12 resources,
   * `Status eq 'open' and (ResourceIdLower eq a or ...)`, instead of one query per event.
   */
  private readonly openBatch = batchInTick<string, FindingRecord[]>(async (ids) => {
    const byPartition = new Map<string, Set<string>>();
    for (const id of ids) {
      const part = partitionOf(id);
      let set = byPartition.get(part);
      if (!set) byPartition.set(part, (set = new Set()));
      set.add(id.toLowerCase());
    }
    const found = new Map<string, FindingRecord[]>();
    const queries: Promise<void>[] = [];
    for (const [part, set] of byPartition) {
      const all = [...set];
      for (let i = 0; i < all.length; i += RESOURCES_PER_QUERY) {
        const chunk = all.slice(i, i + RESOURCES_PER_QUERY);
        queries.push(
          this.query(`PartitionKey eq ${odataString(part)} and Status eq 'open' and (${chunk.map((r) => `ResourceIdLower eq ${odataString(r)}`).join(" or ")})`).then((records) => {
            for (const r of records) {
              const key = r.resourceId.toLowerCase();
              found.set(key, [...(found.get(key) ?? []), r]);
            }
          }),
        );
      }
    }
    await Promise.all(queries);
    return ids.map((id) => found.get(id.toLowerCase()) ?? []);
  });

  openOn(resourceId: string): Promise<FindingRecord[]> {
    return this.openBatch(resourceId);
  }

  private async query(filter: string): Promise<FindingRecord[]> {
    const client = await this.ctx.table(TABLE);
    const out: FindingRecord[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const record = FindingRecord.parse(await decodeDoc(this.ctx, e));
      if (e.etag) this.etags.set(record, e.etag);
      out.push(record);
    }
    return out;
  }

  /**
   * The ETag each record this store read (openOn) came with: a write that is handed the record it
   * read back (upsertOpen's `known`, resolve's key) replaces it conditionally without reading it
   * again; if it changed meanwhile (412), the write re-reads and retries as usual.
   */
  private readonly etags = new WeakMap<FindingRecord, string>();

  /** The stored row as this store last read it, when `known` is that row's record and its ETag is known; else a read. */
  private async readOr(key: Key, known: FindingRecord | undefined, first: boolean) {
    const etag = first && known ? this.etags.get(known) : undefined;
    if (etag && rowOf(known!) === rowOf(key) && known!.resourceId.toLowerCase() === key.resourceId.toLowerCase()) return { record: known!, etag };
    return this.read(key);
  }

  upsertOpen(input: Parameters<FindingStore["upsertOpen"]>[0], at: string, known?: FindingRecord): Promise<FindingRecord> {
    let first = true;
    return retryOnConflict(async () => {
      const client = await this.ctx.table(TABLE);
      // Nothing open is known (the caller's openOn found none): most such findings were never
      // stored, so the first attempt inserts without a read; a resolved row answers 409, and the
      // retry reads and reopens it.
      const existing = first && !known ? undefined : await this.readOr(input, known, first);
      first = false;
      const reopened = !existing || existing.record.status === "resolved";
      const record = FindingRecord.parse({
        ...input,
        subscriptionId: subscriptionOf(input.resourceId) ?? input.subscriptionId ?? "",
        status: "open",
        firstSeenAt: reopened ? at : existing.record.firstSeenAt,
        lastSeenAt: at,
      });
      await this.write(record, (e) => (existing ? client.updateEntity(e, "Replace", { etag: existing.etag }) : client.createEntity(e)));
      return record;
    });
  }

  resolve(key: Key, at: string, resolution: string): Promise<FindingRecord | undefined> {
    let first = true;
    return retryOnConflict(async () => {
      const existing = await this.readOr(key, key as FindingRecord, first);
      first = false;
      if (!existing || existing.record.status === "resolved") return undefined;
      const record: FindingRecord = { ...existing.record, status: "resolved", resolvedAt: at, resolution };
      const client = await this.ctx.table(TABLE);
      await this.write(record, (e) => client.updateEntity(e, "Replace", { etag: existing.etag }));
      return record;
    });
  }

  async get(key: Key): Promise<FindingRecord | undefined> {
    return (await this.read(key))?.record;
  }

  async list(q: FindingQuery): Promise<Page<FindingRecord>> {
    const client = await this.ctx.table(TABLE);
    const clauses: string[] = [];
    if (q.subscriptionId) clauses.push(`PartitionKey eq ${odataString(encodeKey(q.subscriptionId.toLowerCase()))}`);
    if (q.guardrail) clauses.push(`Guardrail eq ${odataString(q.guardrail)}`);
    if (q.status) clauses.push(`Status eq ${odataString(q.status)}`);
    if (q.resourceId) clauses.push(`ResourceIdLower eq ${odataString(q.resourceId.toLowerCase())}`);
    const pages = client
      .listEntities<Record<string, unknown>>({ queryOptions: clauses.length ? { filter: clauses.join(" and ") } : {} })
      .byPage({ maxPageSize: q.pageSize ?? 100, continuationToken: q.continuationToken });
    const first = await pages.next();
    if (first.done) return { items: [] };
    const items = await Promise.all(first.value.map(async (e) => FindingRecord.parse(await decodeDoc(this.ctx, e))));
    return { items, continuationToken: first.value.continuationToken };
  }

  private async read(key: Key) {
    const client = await this.ctx.table(TABLE);
    try {
      const e = await client.getEntity<Record<string, unknown>>(partitionOf(key.resourceId), rowOf(key));
      return { record: FindingRecord.parse(await decodeDoc(this.ctx, e)), etag: e.etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  private write<R>(r: FindingRecord, send: (entity: TableEntityBase) => Promise<R>): Promise<R> {
    const columns = {
      partitionKey: partitionOf(r.resourceId),
      rowKey: rowOf(r),
      Guardrail: r.guardrail,
      Rule: r.rule,
      ResourceIdLower: r.resourceId.toLowerCase(),
      Status: r.status,
      Severity: r.severity,
      LastSeenAt: new Date(r.lastSeenAt),
    };
    return writeDoc(this.ctx, TABLE, columns, r, send);
  }
}

// encodeKey leaves a subscription GUID as it is; it only changes ids that could not be keys at all.
function partitionOf(resourceId: string): string {
  return encodeKey(subscriptionOf(resourceId) ?? "_tenant");
}

function rowOf(key: Key): string {
  return boundKey(`${encodeKey(key.guardrail)}!${encodeKey(key.resourceId.toLowerCase())}!${encodeKey(key.rule ?? "")}`);
}
