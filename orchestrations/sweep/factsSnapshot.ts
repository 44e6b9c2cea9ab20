import { z } from "zod";
import { SubscriptionFacts } from "../../shared/estate/SubscriptionFacts";
import { BatchFacts } from "../../shared/sweep/BatchFacts";
import { CostFacts } from "../../shared/sweep/CostFacts";
import type { DocumentStore } from "../../shared/store/ports";

// The latest sweep's facts, batch by batch, kept for the policy preview: each batch writes its
// snapshot under the sweep's id; the report step then points `previewFacts-head` at that sweep
// and drops the previous sweep's snapshots. The catalog spills large documents to blobs.

export const FactsSnapshot = z.object({
  subscriptions: z.array(SubscriptionFacts),
  facts: BatchFacts,
  costs: CostFacts,
  vcpusBySize: z.record(z.string(), z.number()),
  locks: z.record(z.string(), z.array(z.string())),
  /** The sweep's `now` for this batch. */
  at: z.string(),
});
export type FactsSnapshot = z.infer<typeof FactsSnapshot>;

const Head = z.object({ sweepId: z.string(), batches: z.array(z.number().int()), publishedAt: z.string() });

const HEAD = "previewFacts-head";
const keyOf = (sweepId: string, index: number) => `previewFacts-${sweepId}-${index}`;

type Catalog = DocumentStore<Record<string, unknown>>;

export async function putFactsSnapshot(catalog: Catalog, sweepId: string, index: number, snapshot: FactsSnapshot): Promise<void> {
  await catalog.put(keyOf(sweepId, index), { status: "previewFacts", data: snapshot });
}

/** Makes this sweep's snapshots the ones the preview reads; the previous sweep's are deleted. */
export async function publishFactsSnapshot(catalog: Catalog, sweepId: string, batches: number[], at: string): Promise<void> {
  const before = await catalog.get(HEAD);
  await catalog.put(HEAD, { status: "previewFactsHead", sweepId, batches, publishedAt: at });
  const prev = before ? Head.safeParse(before.value) : undefined;
  if (prev?.success && prev.data.sweepId !== sweepId) await Promise.all(prev.data.batches.map((i) => catalog.delete(keyOf(prev.data.sweepId, i))));
}

/** The latest published sweep's snapshots, or undefined before the first sweep. */
export async function readFactsSnapshots(catalog: Catalog): Promise<{ sweepId: string; publishedAt: string; batches: FactsSnapshot[] } | undefined> {
  const head = await catalog.get(HEAD);
  if (!head) return undefined;
  const h = Head.parse(head.value);
  const batches = await Promise.all(
    h.batches.map(async (i) => {
      const doc = await catalog.get(keyOf(h.sweepId, i));
      return doc ? FactsSnapshot.parse(doc.value.data) : undefined;
    }),
  );
  return { sweepId: h.sweepId, publishedAt: h.publishedAt, batches: batches.filter((b): b is FactsSnapshot => b !== undefined) };
}
