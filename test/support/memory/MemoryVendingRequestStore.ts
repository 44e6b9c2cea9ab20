import { StoreConflictError, StoreNotFoundError } from "../../../shared/store/errors";
import type { VendingRequestStore } from "../../../shared/store/ports";
import type { VendingRequestBase } from "../../../shared/store/records";
import { MemoryDocumentStore } from "./MemoryDocumentStore";

export class MemoryVendingRequestStore<T extends VendingRequestBase> implements VendingRequestStore<T> {
  private readonly docs = new MemoryDocumentStore<T>();
  private readonly byKey = new Map<string, string>();

  async create(request: T) {
    // Claim the key before the first await so concurrent creates cannot both pass the check.
    const owner = this.byKey.get(request.idempotencyKey);
    if (owner === undefined) this.byKey.set(request.idempotencyKey, request.id);
    if (owner !== undefined) return { request: (await this.docs.get(owner))!, created: false };
    try {
      return { request: await this.docs.create(request.id, request), created: true };
    } catch (err) {
      this.byKey.delete(request.idempotencyKey);
      if (err instanceof StoreConflictError) throw new StoreConflictError(`vending request ${request.id} already exists under another idempotency key`);
      throw err;
    }
  }
  get(id: string) {
    return this.docs.get(id);
  }
  async getByIdempotencyKey(key: string) {
    const id = this.byKey.get(key);
    return id === undefined ? undefined : this.docs.get(id);
  }
  replace(request: T, etag: string) {
    return this.docs.replace(request.id, request, etag);
  }
  async update(id: string, change: (current: T) => T | undefined) {
    const r = await this.docs.update(id, (current) => {
      if (!current) throw new StoreNotFoundError(`vending request ${id} not found`);
      return change(current);
    });
    return r!;
  }
  async list(options: { status?: string } = {}) {
    return (await this.docs.list(options)).map((d) => d.value);
  }
}
