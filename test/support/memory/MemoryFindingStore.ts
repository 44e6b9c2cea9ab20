import { subscriptionOf } from "../../../shared/store/keys";
import type { FindingQuery, FindingStore } from "../../../shared/store/ports";
import { FindingRecord } from "../../../shared/store/records";

type Key = { guardrail: string; resourceId: string; rule?: string };
const keyOf = (k: Key) => `${k.guardrail}|${k.resourceId.toLowerCase()}|${k.rule ?? ""}`;

export class MemoryFindingStore implements FindingStore {
  private readonly rows = new Map<string, FindingRecord>();

  async upsertOpen(input: Parameters<FindingStore["upsertOpen"]>[0], at: string) {
    const existing = this.rows.get(keyOf(input));
    const reopened = !existing || existing.status === "resolved";
    const record = FindingRecord.parse({
      ...input,
      subscriptionId: subscriptionOf(input.resourceId) ?? input.subscriptionId ?? "",
      status: "open",
      firstSeenAt: reopened ? at : existing.firstSeenAt,
      lastSeenAt: at,
    });
    this.rows.set(keyOf(record), record);
    return structuredClone(record);
  }
  async resolve(key: Key, at: string, resolution: string) {
    const existing = this.rows.get(keyOf(key));
    if (!existing || existing.status === "resolved") return undefined;
    const record: FindingRecord = { ...existing, status: "resolved", resolvedAt: at, resolution };
    this.rows.set(keyOf(key), record);
    return structuredClone(record);
  }
  async get(key: Key) {
    const r = this.rows.get(keyOf(key));
    return r && structuredClone(r);
  }
  async openOn(resourceId: string) {
    const id = resourceId.toLowerCase();
    return structuredClone([...this.rows.values()].filter((r) => r.status === "open" && r.resourceId.toLowerCase() === id));
  }
  async list(q: FindingQuery) {
    const all = [...this.rows.values()].filter(
      (r) =>
        (!q.guardrail || r.guardrail === q.guardrail) &&
        (!q.subscriptionId || r.subscriptionId === q.subscriptionId.toLowerCase()) &&
        (!q.status || r.status === q.status) &&
        (!q.resourceId || r.resourceId.toLowerCase() === q.resourceId.toLowerCase()),
    );
    const start = Number(q.continuationToken ?? 0);
    const end = start + (q.pageSize ?? 100);
    return { items: structuredClone(all.slice(start, end)), continuationToken: end < all.length ? String(end) : undefined };
  }
}
