import type { TransactionAction } from "@azure/data-tables";
import { StoreConflictError, StoreNotFoundError } from "../errors";
import { boundKey, encodeKey, odataString } from "../keys";
import type { VendingRequestStore } from "../ports";
import type { VendingRequestBase, Versioned } from "../records";
import { checkEntity } from "./checkEntity";
import { decodeDoc, writeDoc, type TableEntityBase } from "./docCodec";
import { retryOnConflict } from "./retryOnConflict";
import { statusOf, type TableContext } from "./TableContext";

// Requests and their idempotency-key index live in one partition so both rows are inserted in a
// single entity-group transaction: either the key maps to this request or the whole insert fails
// with 409 and the caller gets the request that owns the key. There is never a key without its
// request, nor two requests for one key. Vending is low volume, so one partition is no bottleneck.

const TABLE = "VendingRequests";
const PK = "v";
const requestRow = (id: string) => boundKey(`req-${encodeKey(id)}`);
const keyRow = (key: string) => boundKey(`key-${encodeKey(key)}`);

export class TableVendingRequestStore<T extends VendingRequestBase> implements VendingRequestStore<T> {
  constructor(private readonly ctx: TableContext) {}

  async create(request: T): Promise<{ request: Versioned<T>; created: boolean }> {
    const client = await this.ctx.table(TABLE);
    const keyEntity = checkEntity(TABLE, { partitionKey: PK, rowKey: keyRow(request.idempotencyKey), RequestId: request.id });
    try {
      const r = await this.write(request, (e) => client.submitTransaction([["create", keyEntity], ["create", e]] satisfies TransactionAction[]));
      const etag = r.subResponses.find((s) => s.rowKey === requestRow(request.id))?.etag ?? (await this.get(request.id))?.etag ?? "";
      return { request: { value: request, etag }, created: true };
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
    const existing = await this.getByIdempotencyKey(request.idempotencyKey);
    if (existing) return { request: existing, created: false };
    throw new StoreConflictError(`vending request ${request.id} already exists under another idempotency key`);
  }

  async get(id: string): Promise<Versioned<T> | undefined> {
    const client = await this.ctx.table(TABLE);
    try {
      const e = await client.getEntity<Record<string, unknown>>(PK, requestRow(id));
      return { value: (await decodeDoc(this.ctx, e)) as T, etag: e.etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async getByIdempotencyKey(key: string): Promise<Versioned<T> | undefined> {
    const client = await this.ctx.table(TABLE);
    try {
      const e = await client.getEntity<{ RequestId: string }>(PK, keyRow(key));
      return this.get(e.RequestId);
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async replace(request: T, etag: string): Promise<Versioned<T>> {
    const client = await this.ctx.table(TABLE);
    try {
      const r = await this.write(request, (e) => client.updateEntity(e, "Replace", { etag }));
      return { value: request, etag: r.etag ?? "" };
    } catch (err) {
      const s = statusOf(err);
      if (s === 412 || s === 404) throw new StoreConflictError(`vending request ${request.id} changed since it was read`);
      throw err;
    }
  }

  update(id: string, change: (current: T) => T | undefined): Promise<Versioned<T>> {
    return retryOnConflict(async () => {
      const current = await this.get(id);
      if (!current) throw new StoreNotFoundError(`vending request ${id} not found`);
      const next = change(current.value);
      if (next === undefined) return current;
      const client = await this.ctx.table(TABLE);
      const r = await this.write(next, (e) => client.updateEntity(e, "Replace", { etag: current.etag }));
      return { value: next, etag: r.etag ?? "" };
    });
  }

  async list(options: { status?: string } = {}): Promise<T[]> {
    const client = await this.ctx.table(TABLE);
    let filter = `PartitionKey eq '${PK}' and RowKey ge 'req-' and RowKey lt 'req.'`;
    if (options.status) filter += ` and Status eq ${odataString(options.status)}`;
    const out: T[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      out.push((await decodeDoc(this.ctx, e)) as T);
    }
    return out;
  }

  private write<R>(r: T, send: (entity: TableEntityBase) => Promise<R>): Promise<R> {
    const columns = { partitionKey: PK, rowKey: requestRow(r.id), Id: r.id, IdempotencyKey: r.idempotencyKey, Status: r.status };
    return writeDoc(this.ctx, TABLE, columns, r, send);
  }
}
