import type { EstateState } from "./EstateState";
import type { QuotaGroup, QuotaLimit } from "./schemas";

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

// Every quota read looks up one subscription and region; scanning all limits (subscriptions x
// regions x families) per read is quadratic in a sweep. Limits are only appended (or their
// `limit` changed in place), and the array is replaced only when an estate loads, so the index
// follows the array by identity and length.
interface LimitIndex {
  limits: QuotaLimit[];
  indexed: number;
  /** "subscription|location" (lower-cased) -> its limits, in array order. */
  byPair: Map<string, QuotaLimit[]>;
}
const limitIndexes = new WeakMap<EstateState, LimitIndex>();
const pairKey = (subscriptionId: string, location: string) => `${subscriptionId.toLowerCase()}|${location.toLowerCase()}`;

/** The limits of one subscription and region, in `state.quotaLimits` order. */
function limitsOfPair(state: EstateState, subscriptionId: string, location: string): readonly QuotaLimit[] {
  const limits = state.quotaLimits;
  let ix = limitIndexes.get(state);
  if (!ix || ix.limits !== limits || ix.indexed > limits.length) {
    ix = { limits, indexed: 0, byPair: new Map() };
    limitIndexes.set(state, ix);
  }
  for (let i = ix.indexed; i < limits.length; i++) {
    const q = limits[i]!;
    const key = pairKey(q.subscriptionId, q.location);
    const list = ix.byPair.get(key);
    if (list) list.push(q);
    else ix.byPair.set(key, [q]);
  }
  ix.indexed = limits.length;
  return ix.byPair.get(pairKey(subscriptionId, location)) ?? [];
}

/** The limit the estate sets for a family in a subscription and region, if any. */
export function configuredLimit(state: EstateState, subscriptionId: string, location: string, family: string): number | undefined {
  return limitsOfPair(state, subscriptionId, location).find((q) => eq(q.family, family))?.limit;
}

/** A subscription's limit for a family in a region as Microsoft.Quota reports it (0 when the estate sets none). */
export function subscriptionLimit(state: EstateState, subscriptionId: string, location: string, family: string): number {
  return configuredLimit(state, subscriptionId, location, family) ?? 0;
}

export function setSubscriptionLimit(state: EstateState, subscriptionId: string, location: string, family: string, limit: number): void {
  const existing = limitsOfPair(state, subscriptionId, location).find((q) => eq(q.family, family));
  if (existing) existing.limit = limit;
  else state.quotaLimits.push({ subscriptionId, location, family, limit });
}

/** Families with a limit for this subscription and region. */
export function limitsFor(state: EstateState, subscriptionId: string, location: string): Array<{ family: string; limit: number }> {
  return limitsOfPair(state, subscriptionId, location).map((q) => ({ family: q.family, limit: q.limit }));
}

export function findGroup(state: EstateState, managementGroupId: string, name: string): QuotaGroup | undefined {
  return state.quotaGroups.find((g) => eq(g.managementGroupId, managementGroupId) && eq(g.name, name));
}

export function groupMembers(group: QuotaGroup): string[] {
  const seen = new Map<string, string>();
  for (const a of group.allocations) if (!seen.has(a.subscriptionId.toLowerCase())) seen.set(a.subscriptionId.toLowerCase(), a.subscriptionId);
  return [...seen.values()];
}

export function groupLimit(group: QuotaGroup, location: string, family: string): number {
  return group.limits.find((l) => eq(l.location, location) && eq(l.family, family))?.limit ?? 0;
}

export function allocationsOf(group: QuotaGroup, location: string, family: string): QuotaGroup["allocations"] {
  return group.allocations.filter((a) => eq(a.location, location) && eq(a.family, family));
}

/** Group quota not allocated to any subscription. */
export function groupAvailable(group: QuotaGroup, location: string, family: string): number {
  return groupLimit(group, location, family) - allocationsOf(group, location, family).reduce((s, a) => s + a.limit, 0);
}

export function allocation(group: QuotaGroup, subscriptionId: string, location: string, family: string): QuotaGroup["allocations"][number] | undefined {
  return group.allocations.find((a) => eq(a.subscriptionId, subscriptionId) && eq(a.location, location) && eq(a.family, family));
}
