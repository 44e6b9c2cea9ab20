import type { ProcessedEventStore } from "../../../shared/store/ports";

export class MemoryProcessedEventStore implements ProcessedEventStore {
  private readonly expiry = new Map<string, number>();
  constructor(private readonly now: () => number) {}

  async seenOrRecord(eventId: string, ttlMs: number) {
    const t = this.now();
    const until = this.expiry.get(eventId);
    if (until !== undefined && until > t) return true;
    this.expiry.set(eventId, t + ttlMs);
    return false;
  }
  async forget(eventId: string) {
    this.expiry.delete(eventId);
  }
  async purgeExpired(max = Infinity) {
    let n = 0;
    for (const [id, until] of this.expiry) {
      if (n >= max) break;
      if (until <= this.now()) this.expiry.delete(id), n++;
    }
    return n;
  }
}
