import { buildDemoEstate } from "../../local/demo/buildDemoEstate";
import { DEMO_SUBSCRIPTIONS, subId } from "../../local/demo/demoIds";

/** A demo subscription's id by its key (`sbx-heidi`, `fraud-ml-prod`, ...). */
export const demoSub = (key: string): string => subId(DEMO_SUBSCRIPTIONS.find((s) => s.key === key)!.n);

/**
 * The Contoso demo estate built for `now`, cut down to a few subscriptions with everything in
 * them: an end-to-end suite runs the real sweep on a handful of subscriptions in seconds.
 */
export function demoSlice(now: Date, keys: readonly string[]) {
  const estate = buildDemoEstate(now);
  const subs = new Set(keys.map(demoSub));
  const inSlice = (id: string) => subs.has(/\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? "");
  const ofSlice = (x: { subscriptionId?: unknown }) => subs.has(String(x.subscriptionId).toLowerCase());
  return {
    ...estate,
    subscriptions: estate.subscriptions!.filter(ofSlice),
    resourceGroups: estate.resourceGroups!.filter((r) => inSlice(r.id)),
    resources: estate.resources!.filter((r) => inSlice(r.id)),
    roleAssignments: (estate.roleAssignments ?? []).filter((r) => inSlice(r.id)),
    locks: (estate.locks ?? []).filter((r) => inSlice(r.id)),
    diagnosticSettings: (estate.diagnosticSettings ?? []).filter((d) => inSlice(d.id)),
    costRecords: (estate.costRecords ?? []).filter(ofSlice),
    quotaLimits: (estate.quotaLimits ?? []).filter(ofSlice),
    quotaGroups: (estate.quotaGroups ?? []).map((g) => ({ ...g, allocations: g.allocations.filter(ofSlice) })),
    budgets: (estate.budgets ?? []).filter((b) => inSlice(b.id)),
  };
}
