import type { DocumentStore } from "../../shared/store/ports";

// The sweep's scratch space: large intermediate facts (scope batches, cost, batch details) live
// in the catalog document store (it spills big documents to blobs), not in orchestration
// history, so history stays small at 10,000 subscriptions.

const key = (instanceId: string, part: string) => `sweep-${instanceId}-${part}`;

export async function putScratch(store: DocumentStore<Record<string, unknown>>, instanceId: string, part: string, data: unknown): Promise<void> {
  await store.put(key(instanceId, part), { status: "sweepScratch", data });
}

export async function getScratch<T>(store: DocumentStore<Record<string, unknown>>, instanceId: string, part: string): Promise<T> {
  const doc = await store.get(key(instanceId, part));
  if (!doc) throw new Error(`sweep ${instanceId}: scratch ${part} is missing (was the step before it run?)`);
  return doc.value.data as T;
}

export async function deleteScratch(store: DocumentStore<Record<string, unknown>>, instanceId: string, parts: string[]): Promise<void> {
  await Promise.all(parts.map((p) => store.delete(key(instanceId, p))));
}
