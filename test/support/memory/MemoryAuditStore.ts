import { randomUUID } from "node:crypto";
import type { AuditQuery, AuditStore } from "../../../shared/store/ports";
import { AuditRecord, type AuditInput } from "../../../shared/store/records";

export class MemoryAuditStore implements AuditStore {
  private readonly entries: AuditRecord[] = [];
  constructor(private readonly now: () => number) {}

  async append(input: AuditInput) {
    const record = AuditRecord.parse({ ...input, id: input.id ?? randomUUID(), at: input.at ?? new Date(this.now()).toISOString() });
    const existing = this.entries.find((e) => e.id === record.id && e.at === record.at);
    if (existing) return { record: structuredClone(existing), appended: false };
    this.entries.push(structuredClone(record));
    return { record, appended: true };
  }
  async query(q: AuditQuery) {
    const since = q.since ? Date.parse(q.since) : -Infinity;
    const until = q.until ? Date.parse(q.until) : Infinity;
    return this.entries
      .filter((e) => (!q.resourceId || e.resourceId?.toLowerCase() === q.resourceId.toLowerCase()) && Date.parse(e.at) >= since && Date.parse(e.at) <= until)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
      .slice(0, q.limit ?? 1000)
      .map((e) => structuredClone(e));
  }
}
