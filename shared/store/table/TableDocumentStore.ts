import type { TableClient } from "@azure/data-tables";
import { StoreConflictError } from "../errors";
import { encodeKey, odataString } from "../keys";
import type { DocumentStore } from "../ports";
import type { Versioned } from "../records";
import { decodeDoc, writeDoc, type TableEntityBase } from "./docCodec";
import { retryOnConflict } from "./retryOnConflict";
import { statusOf, type TableContext } from "./TableContext";

// One partition per table: these documents (sandboxes, reclaims, catalog entries) number in the
// thousands, are read by id or listed whole by the sweep, and one partition keeps `list` a single
// ordered scan. `Status` is a column so `list({status})` filters server-side.

const PK = "doc";

export class TableDocumentStore<T> implements DocumentStore<T> {
  constructor(private readonly ctx: TableContext, private readonly tableName: string) {}

  async get(id: string): Promise<Versioned<T> | undefined> {
    const client = await this.client();
    try {
      const e = await client.getEntity<Record<string, unknown>>(PK, encodeKey(id));
      return { value: (await decodeDoc(this.ctx, e)) as T, etag: e.etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async create(id: string, value: T): Promise<Versioned<T>> {
    const client = await this.client();
    try {
      const r = await this.write(id, value, (e) => client.createEntity(e));
      return { value, etag: r.etag ?? "" };
    } catch (err) {
      if (statusOf(err) === 409) throw new StoreConflictError(`${this.tableName} ${id} already exists`);
      throw err;
    }
  }

  async replace(id: string, value: T, etag: string): Promise<Versioned<T>> {
    try {
      return await this.replaceRaw(id, value, etag);
    } catch (err) {
      const s = statusOf(err);
      if (s === 412 || s === 404) throw new StoreConflictError(`${this.tableName} ${id} changed since it was read`);
      throw err;
    }
  }

  async put(id: string, value: T): Promise<Versioned<T>> {
    const client = await this.client();
    const r = await this.write(id, value, (e) => client.upsertEntity(e, "Replace"));
    return { value, etag: r.etag ?? "" };
  }

  update(id: string, change: (current: T | undefined) => T | undefined): Promise<Versioned<T> | undefined> {
    return retryOnConflict(async () => {
      const current = await this.get(id);
      const next = change(current?.value);
      if (next === undefined) return current;
      if (!current) {
        const client = await this.client();
        const r = await this.write(id, next, (e) => client.createEntity(e));
        return { value: next, etag: r.etag ?? "" };
      }
      return this.replaceRaw(id, next, current.etag);
    });
  }

  async delete(id: string): Promise<boolean> {
    const client = await this.client();
    try {
      await client.deleteEntity(PK, encodeKey(id));
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async list(options: { status?: string } = {}): Promise<Array<Versioned<T> & { id: string }>> {
    const client = await this.client();
    let filter = `PartitionKey eq '${PK}'`;
    if (options.status !== undefined) filter += ` and Status eq ${odataString(options.status)}`;
    const out: Array<Versioned<T> & { id: string }> = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      out.push({ id: String(e.Id), value: (await decodeDoc(this.ctx, e)) as T, etag: e.etag });
    }
    return out;
  }

  private async replaceRaw(id: string, value: T, etag: string): Promise<Versioned<T>> {
    const client = await this.client();
    const r = await this.write(id, value, (e) => client.updateEntity(e, "Replace", { etag }));
    return { value, etag: r.etag ?? "" };
  }

  private write<R>(id: string, value: T, send: (entity: TableEntityBase) => Promise<R>): Promise<R> {
    const status = (value as { status?: unknown } | null)?.status;
    const columns = { partitionKey: PK, rowKey: encodeKey(id), Id: id, ...(typeof status === "string" ? { Status: status } : {}) };
    return writeDoc(this.ctx, this.tableName, columns, value, send);
  }

  private client(): Promise<TableClient> {
    return this.ctx.table(this.tableName);
  }
}
