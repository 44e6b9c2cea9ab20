import type { ArmResource } from "./schemas";

// Resources by id, case-insensitively, without a lower-cased copy of every id: keys are a
// 30-bit hash of the lower-cased id (a small integer V8 stores inline), colliding documents
// share a bucket. With a million resources this saves the ~150 MB the key strings would take.

function lowerCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c < 128) return c;
  return String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

/** Length of the id without trailing slashes. */
function trimmedLength(id: string): number {
  let n = id.length;
  while (n > 0 && id.charCodeAt(n - 1) === 47) n--;
  return n;
}

function hashId(id: string): number {
  let h = 0x811c9dc5;
  const n = trimmedLength(id);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ lowerCode(id.charCodeAt(i)), 16777619);
  return h & 0x3fffffff;
}

function sameId(a: string, b: string): boolean {
  const n = trimmedLength(a);
  if (n !== trimmedLength(b)) return false;
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i) && lowerCode(a.charCodeAt(i)) !== lowerCode(b.charCodeAt(i))) return false;
  return true;
}

/** True when `id` starts with `prefix` ignoring case (prefix already lower-cased). */
export function startsWithLower(id: string, lowerPrefix: string): boolean {
  if (id.length < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) if (lowerCode(id.charCodeAt(i)) !== lowerPrefix.charCodeAt(i)) return false;
  return true;
}

export class ResourceIndex {
  private readonly buckets = new Map<number, ArmResource | ArmResource[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: string): ArmResource | undefined {
    const b = this.buckets.get(hashId(id));
    if (!b) return undefined;
    if (!Array.isArray(b)) return sameId(b.id, id) ? b : undefined;
    return b.find((d) => sameId(d.id, id));
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Stores the document; returns the one it replaced (same id, any case). */
  set(doc: ArmResource): ArmResource | undefined {
    const h = hashId(doc.id);
    const b = this.buckets.get(h);
    if (!b) {
      this.buckets.set(h, doc);
      this.count++;
      return undefined;
    }
    if (!Array.isArray(b)) {
      if (sameId(b.id, doc.id)) {
        this.buckets.set(h, doc);
        return b;
      }
      this.buckets.set(h, [b, doc]);
      this.count++;
      return undefined;
    }
    const i = b.findIndex((d) => sameId(d.id, doc.id));
    if (i >= 0) {
      const old = b[i];
      b[i] = doc;
      return old;
    }
    b.push(doc);
    this.count++;
    return undefined;
  }

  delete(id: string): ArmResource | undefined {
    const h = hashId(id);
    const b = this.buckets.get(h);
    if (!b) return undefined;
    if (!Array.isArray(b)) {
      if (!sameId(b.id, id)) return undefined;
      this.buckets.delete(h);
      this.count--;
      return b;
    }
    const i = b.findIndex((d) => sameId(d.id, id));
    if (i < 0) return undefined;
    const [old] = b.splice(i, 1);
    if (b.length === 1) this.buckets.set(h, b[0]!);
    this.count--;
    return old;
  }

  *values(): IterableIterator<ArmResource> {
    for (const b of this.buckets.values()) {
      if (Array.isArray(b)) yield* b;
      else yield b;
    }
  }

  [Symbol.iterator](): IterableIterator<ArmResource> {
    return this.values();
  }
}
