import { StoreConflictError } from "../../../shared/store/errors";
import type { DocumentStore } from "../../../shared/store/ports";
import type { Versioned } from "../../../shared/store/records";

let version = 0;
/** Process-wide counter as the ETag: unique per write, like Table Storage's. */
const nextEtag = () => `m${++version}`;

export class MemoryDocumentStore<T> implements DocumentStore<T> {
  private readonly docs = new Map<string, Versioned<T>>();

  async get(id: string) {
    const d = this.docs.get(id);
    return d && { value: structuredClone(d.value), etag: d.etag };
  }
  async create(id: string, value: T) {
    if (this.docs.has(id)) throw new StoreConflictError(`${id} already exists`);
    return this.write(id, value);
  }
  async replace(id: string, value: T, etag: string) {
    if (this.docs.get(id)?.etag !== etag) throw new StoreConflictError(`${id} changed since it was read`);
    return this.write(id, value);
  }
  async put(id: string, value: T) {
    return this.write(id, value);
  }
  /** Read, change and write with no await in between: atomic on the event loop. */
  async update(id: string, change: (current: T | undefined) => T | undefined) {
    const current = this.docs.get(id);
    const next = change(current && structuredClone(current.value));
    return next === undefined ? current && { value: structuredClone(current.value), etag: current.etag } : this.write(id, next);
  }
  async delete(id: string) {
    return this.docs.delete(id);
  }
  async list(options: { status?: string } = {}) {
    return [...this.docs.entries()]
      .filter(([, d]) => options.status === undefined || (d.value as { status?: unknown }).status === options.status)
      .map(([id, d]) => ({ id, value: structuredClone(d.value), etag: d.etag }));
  }
  private write(id: string, value: T): Versioned<T> {
    const d = { value: structuredClone(value), etag: nextEtag() };
    this.docs.set(id, d);
    return { value, etag: d.etag };
  }
}
