import type { QueryResult } from "./runQuery";

/**
 * Evaluated results kept for a short while so that paging with `$skipToken` through a large
 * result does not re-run the query for every page. Only continuation requests read it: a
 * first-page request always evaluates afresh, so writes are visible to the next query.
 */
export class ResultCache {
  private readonly entries = new Map<string, { result: QueryResult; expires: number }>();

  constructor(private readonly ttlMs = 60_000, private readonly maxEntries = 8) {}

  get(key: string): QueryResult | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires < performance.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Refresh recency: a result being paged through stays while the pages keep coming.
    this.entries.delete(key);
    e.expires = performance.now() + this.ttlMs;
    this.entries.set(key, e);
    return e.result;
  }

  set(key: string, result: QueryResult): void {
    this.entries.delete(key);
    this.entries.set(key, { result, expires: performance.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
