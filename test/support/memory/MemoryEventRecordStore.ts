import type { EventRecordStore } from "../../../shared/store/ports";
import { RecordedEvent } from "../../../shared/store/records";

export class MemoryEventRecordStore implements EventRecordStore {
  private readonly entries = new Map<string, RecordedEvent>();
  constructor(private readonly now: () => number, readonly retentionDays = 14) {}

  async recordFirst(input: RecordedEvent) {
    const e = RecordedEvent.parse(input);
    if (this.entries.has(e.id)) return false;
    this.entries.set(e.id, structuredClone(e));
    return true;
  }
  async forget(entry: Pick<RecordedEvent, "id">) {
    this.entries.delete(entry.id);
  }
  async since(since: string, limit: number) {
    const all = [...this.entries.values()].filter((e) => e.at >= since).sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
    const kept = all.slice(0, limit).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    return { records: structuredClone(kept), truncated: all.length > limit };
  }
  async purgeExpired() {
    const day = 86_400_000;
    const cutoff = Math.floor((this.now() - this.retentionDays * day) / day) * day;
    let n = 0;
    for (const [id, e] of this.entries) if (Date.parse(e.at) < cutoff && this.entries.delete(id)) n++;
    return n;
  }
}
