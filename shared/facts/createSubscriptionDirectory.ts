import type { Policy } from "../config/Policy";
import { archetypeOf } from "../config/archetypeOf";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import type { FactsSource } from "./FactsSource";

export interface SubscriptionDirectory {
  /** The subscription's facts; a subscription the query does not know has an empty path (archetype none). */
  get(subscriptionId: string): Promise<SubscriptionFacts>;
}

/**
 * Subscription -> management-group path from one Resource Graph query over every subscription,
 * cached for `ttlMs`. An unknown subscription triggers at most one refresh per `missRefreshMs`
 * (a just-vended subscription shows up without waiting for the TTL). Concurrent callers share
 * one query in flight.
 */
export function createSubscriptionDirectory(source: FactsSource, policy: Policy, opts: { ttlMs?: number; missRefreshMs?: number; now?: () => number } = {}): SubscriptionDirectory {
  const ttl = opts.ttlMs ?? 5 * 60_000;
  const missRefresh = opts.missRefreshMs ?? 30_000;
  const now = opts.now ?? Date.now;
  let table = new Map<string, SubscriptionFacts>();
  let loadedAt = -Infinity;
  let inFlight: Promise<void> | undefined;

  const refresh = (): Promise<void> =>
    (inFlight ??= (async () => {
      try {
        const rows = await source.subscriptionContainers();
        const next = new Map<string, SubscriptionFacts>();
        for (const r of rows) {
          const path = [...r.ancestors].reverse();
          next.set(r.subscriptionId.toLowerCase(), {
            id: r.subscriptionId.toLowerCase(),
            name: r.name,
            state: r.state ?? "Enabled",
            managementGroupPath: path,
            tags: r.tags,
            archetype: archetypeOf(path, policy.managementGroups),
          });
        }
        table = next;
        loadedAt = now();
      } finally {
        inFlight = undefined;
      }
    })());

  return {
    async get(subscriptionId) {
      const key = subscriptionId.toLowerCase();
      if (now() - loadedAt > ttl) await refresh();
      let hit = table.get(key);
      if (!hit && now() - loadedAt > missRefresh) {
        await refresh();
        hit = table.get(key);
      }
      return hit ?? { id: key, name: "", state: "Enabled", managementGroupPath: [], tags: {}, archetype: "none" };
    },
  };
}
