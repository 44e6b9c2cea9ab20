import type { ResourceFacts } from "./ResourceFacts";

const cache = new WeakMap<readonly ResourceFacts[], Map<string, ResourceFacts[]>>();
const none: ResourceFacts[] = [];

/**
 * A batch's resources of one subscription. Several guardrails ask this of the same batch for
 * each of its ~1,000 subscriptions; filtering 100,000 resources each time made evaluation
 * quadratic and held the event loop for seconds, so the index is built once per array.
 */
export function resourcesBySubscription(resources: readonly ResourceFacts[], subscriptionId: string): ResourceFacts[] {
  let index = cache.get(resources);
  if (!index) {
    index = new Map();
    for (const r of resources) {
      const list = index.get(r.subscriptionId);
      if (list) list.push(r);
      else index.set(r.subscriptionId, [r]);
    }
    cache.set(resources, index);
  }
  return index.get(subscriptionId) ?? none;
}
