import type { AzureClients } from "../azure/clientFactory";
import { queryAll } from "../azure/resourceGraph/queryResources";
import { getResourceById } from "../azure/resources/getResourceById";
import type { ArmResourceLike } from "../estate/toResourceFacts";
import { parseResourceId } from "../estate/parseResourceId";
import type { FactsSource, SubscriptionContainer } from "./FactsSource";

/** Subscriptions with their management-group chain, one row each (ResourceContainers). */
const SUBSCRIPTIONS_QUERY =
  "resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | project id, subscriptionId, name, tags, state = tostring(properties.state), chain = properties.managementGroupAncestorsChain";

interface Row {
  id: string;
  subscriptionId: string;
  name: string;
  tags?: Record<string, string> | null;
  state?: string;
  chain?: Array<{ name?: string }> | null;
}

/**
 * Fact reads over the shared/azure adapters: generic GET by id, Resource Graph, resource groups.
 * Resource-group tags (only used to spot sandbox groups) are cached for `groupTagsTtlMs`, so a
 * burst of writes in one group reads its tags once.
 */
export function createFactsSource(clients: AzureClients, opts: { groupTagsTtlMs?: number; now?: () => number } = {}): FactsSource {
  const ttl = opts.groupTagsTtlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const groupTags = new Map<string, { at: number; tags: Promise<Record<string, string> | undefined> }>();
  return {
    async readResource(resourceId) {
      const sub = parseResourceId(resourceId).subscriptionId;
      if (!sub) return undefined;
      const r = await getResourceById(clients.resources(sub), resourceId);
      return r ? (r as unknown as ArmResourceLike) : undefined;
    },
    async subscriptionContainers() {
      const rows = await queryAll<Row>(clients.resourceGraph(), { query: SUBSCRIPTIONS_QUERY });
      return rows.map(
        (r): SubscriptionContainer => ({
          subscriptionId: (r.subscriptionId || r.id.split("/")[2] || "").toLowerCase(),
          name: r.name ?? "",
          tags: r.tags ?? {},
          state: r.state || undefined,
          ancestors: (r.chain ?? []).map((c) => c.name ?? "").filter(Boolean),
        }),
      );
    },
    resourceGroupTags(subscriptionId, resourceGroup) {
      const id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
      const key = id.toLowerCase();
      const hit = groupTags.get(key);
      if (hit && now() - hit.at < ttl) return hit.tags;
      const tags = getResourceById(clients.resources(subscriptionId), id).then((rg) => (rg ? ((rg.tags as Record<string, string> | undefined) ?? {}) : undefined));
      // A failed read is not cached: the next event asks again.
      tags.catch(() => groupTags.delete(key));
      if (groupTags.size > 10_000) groupTags.clear();
      groupTags.set(key, { at: now(), tags });
      return tags;
    },
  };
}
