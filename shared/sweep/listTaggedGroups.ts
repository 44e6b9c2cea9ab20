import type { Policy } from "../config/Policy";
import { taggedGroupsQuery } from "./graphQueries";
import type { SweepReader } from "./SweepReader";

export interface TaggedGroup {
  id: string;
  tags: Record<string, string>;
}

/**
 * Resource groups tagged as sandboxes or exempt, across the whole scope: few enough to fit in a
 * page or two for 10,000 subscriptions, so one query per sweep rather than one per batch.
 */
export async function listTaggedGroups(reader: SweepReader, policy: Policy): Promise<TaggedGroup[]> {
  const { name, value } = policy.guardrails.sandboxActivity.params.resourceGroupTag;
  const out: TaggedGroup[] = [];
  for await (const row of reader.graph(taggedGroupsQuery(name, value), { managementGroups: [policy.managementGroups.root] })) {
    out.push({ id: String(row.id), tags: (row.tags as Record<string, string> | null) ?? {} });
  }
  return out;
}

/** The groups of these subscriptions (ids lower case, as SubscriptionFacts holds them). */
export function taggedGroupsIn(groups: readonly TaggedGroup[], subscriptionIds: Iterable<string>): TaggedGroup[] {
  const ids = new Set(subscriptionIds);
  return groups.filter((g) => ids.has(/^\/subscriptions\/([^/]+)/i.exec(g.id)?.[1]?.toLowerCase() ?? ""));
}
