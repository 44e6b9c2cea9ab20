import type { Policy } from "../config/Policy";
import type { ResourceFacts } from "../estate/ResourceFacts";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import { toResourceFacts, type ArmResourceLike } from "../estate/toResourceFacts";
import type { BatchFacts, QuotaReading, SubscriptionBudget } from "./BatchFacts";
import type { QuotaAllocationRef } from "./QuotaAllocationRef";
import type { SweepReader } from "./SweepReader";
import { EXEMPT_TAG } from "../engine/exemptions/parseExemptTag";
import { CHANGE_RETENTION_DAYS, resourcesQuery, sandboxChangesQuery } from "./graphQueries";
import { taggedGroupsIn, type TaggedGroup } from "./listTaggedGroups";
import { mapLimit } from "./mapLimit";

/** Concurrent per-subscription reads (budgets, quota): ARM throttles per subscription, so these do not share a bucket. */
const PER_SUBSCRIPTION_CONCURRENCY = 16;

/**
 * One batch's facts: one Resource Graph query over all its subscriptions' resources, a second for
 * the sandboxes' last changes when the batch has sandboxes, budgets per subscription that must
 * have one, quota usage only for the pairs that hold GPU quota. The tagged groups and quota
 * allocations come from the scope-wide reads every batch shares.
 */
export async function collectBatchFacts(
  reader: SweepReader,
  policy: Policy,
  subscriptions: SubscriptionFacts[],
  scope: { allocations: QuotaAllocationRef[]; taggedGroups: readonly TaggedGroup[] },
  options: {
    /** ailz's own identity (its changes are not sandbox activity) and the sweep's time. */
    own?: { identity: string; now: Date };
    /**
     * Called with each subscription's resources as soon as the graph has paged past them (rows come
     * ordered by id, so by subscription): lets per-resource reads start while the graph pages on.
     */
    onSubscriptionResources?: (resources: readonly ResourceFacts[]) => void;
  } = {},
): Promise<BatchFacts> {
  const { own, onSubscriptionResources } = options;
  const ids = subscriptions.map((s) => s.id);
  const bySub = new Map(subscriptions.map((s) => [s.id, s]));
  const { name, value } = policy.guardrails.sandboxActivity.params.resourceGroupTag;

  // Budget and quota reads go to ARM's per-subscription buckets, not Resource Graph's per-user
  // quota: they run while the graph pages, so the batch costs no more time than its graph pages.
  const needBudget = new Set(policy.guardrails.budgetAlerts.params.requireBudgetIn);
  const budgetSubs = policy.guardrails.budgetAlerts.mode === "off" ? [] : subscriptions.filter((s) => needBudget.has(s.archetype));
  const budgetsRead = mapLimit(budgetSubs, PER_SUBSCRIPTION_CONCURRENCY, async (s) =>
    (await reader.budgets(s.id)).map((b): SubscriptionBudget => ({ id: b.id, name: b.name, subscriptionId: s.id, amount: b.amount })),
  );
  const inBatch = new Set(ids);
  const mine = scope.allocations.filter((a) => inBatch.has(a.subscriptionId));
  const pairs = [...new Map(mine.map((a) => [`${a.subscriptionId}|${a.location}`, a])).values()];
  const usage = new Map<string, number>();
  const quotaRead = mapLimit(pairs, PER_SUBSCRIPTION_CONCURRENCY, async (p) => {
    for (const q of await reader.computeQuota(p.subscriptionId, p.location)) usage.set(`${p.subscriptionId}|${p.location}|${q.family.toLowerCase()}`, q.usage ?? 0);
  });
  // Both are awaited below; until then a rejection must not count as unhandled.
  const armReads = Promise.all([budgetsRead, quotaRead]);
  armReads.catch(() => undefined);

  const sandboxGroups: BatchFacts["sandboxGroups"] = [];
  const exemptGroups: BatchFacts["exemptGroups"] = [];
  const tagOf = (tags: Record<string, string>, k: string) => Object.entries(tags).find(([t]) => t.toLowerCase() === k.toLowerCase())?.[1];
  for (const group of taggedGroupsIn(scope.taggedGroups, ids)) {
    if (tagOf(group.tags, name)?.toLowerCase() === value.toLowerCase()) sandboxGroups.push(group);
    if (tagOf(group.tags, EXEMPT_TAG) !== undefined) exemptGroups.push(group);
  }
  const sandboxSubs = subscriptions.filter((s) => s.archetype === "sandbox").map((s) => s.id);
  const groupKeys = sandboxGroups.map((g) => {
    const m = /\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)/i.exec(g.id);
    return `${m?.[1] ?? ""}/${m?.[2] ?? ""}`.toLowerCase();
  });

  const resources: BatchFacts["resources"] = [];
  let subscriptionStart = 0;
  const subscriptionDone = () => {
    if (onSubscriptionResources && resources.length > subscriptionStart) onSubscriptionResources(resources.slice(subscriptionStart));
    subscriptionStart = resources.length;
  };
  for await (const row of reader.graph(resourcesQuery(sandboxSubs, groupKeys), { subscriptions: ids })) {
    const sub = bySub.get(String(row.subscriptionId ?? "").toLowerCase());
    const r = toResourceFacts(row as unknown as ArmResourceLike, sub);
    if (resources.length > subscriptionStart && resources[resources.length - 1]!.subscriptionId !== r.subscriptionId) subscriptionDone();
    resources.push(r);
  }
  subscriptionDone();

  let sandboxChanges: BatchFacts["sandboxChanges"];
  if (own && (sandboxSubs.length > 0 || groupKeys.length > 0)) {
    const last: Record<string, string> = {};
    for await (const row of reader.graph(sandboxChangesQuery(sandboxSubs, groupKeys, own.identity), { subscriptions: ids })) {
      const t = new Date(String(row.lastChange));
      if (!Number.isNaN(t.getTime())) last[String(row.id).toLowerCase()] = t.toISOString();
    }
    sandboxChanges = { since: new Date(own.now.getTime() - CHANGE_RETENTION_DAYS * 86_400_000).toISOString(), last };
  }

  const budgets = (await armReads)[0].flat();
  // The group allocation is the subscription's limit for the family; usage comes from Microsoft.Quota usages.
  const quota: QuotaReading[] = mine.map((a) => ({ subscriptionId: a.subscriptionId, location: a.location, family: a.family, limit: a.limit, usage: usage.get(`${a.subscriptionId}|${a.location}|${a.family.toLowerCase()}`) ?? 0 }));

  return { resources, sandboxGroups, exemptGroups, budgets, quota, ...(sandboxChanges ? { sandboxChanges } : {}) };
}
