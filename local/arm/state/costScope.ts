import type { CostRecord } from "./schemas";
import type { EstateState } from "./EstateState";

/** Which cost records a Cost Management / Consumption scope covers. */
export type CostScope =
  | { kind: "subscription"; subscriptionId: string }
  | { kind: "resourceGroup"; subscriptionId: string; resourceGroup: string }
  | { kind: "managementGroup"; managementGroupId: string };

/** Parses `/subscriptions/{s}`, `/subscriptions/{s}/resourceGroups/{rg}` or `/providers/Microsoft.Management/managementGroups/{mg}`. */
export function parseCostScope(scope: string): CostScope | undefined {
  const s = "/" + scope.replace(/^\/+|\/+$/g, "");
  let m = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/i.exec(s);
  if (m) return { kind: "resourceGroup", subscriptionId: m[1]!, resourceGroup: m[2]! };
  m = /^\/subscriptions\/([^/]+)$/i.exec(s);
  if (m) return { kind: "subscription", subscriptionId: m[1]! };
  m = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/i.exec(s);
  if (m) return { kind: "managementGroup", managementGroupId: m[1]! };
  return undefined;
}

/** Lower-cased ids of the subscriptions under a management group (any depth). */
export function subscriptionsUnderGroup(state: EstateState, managementGroupId: string): Set<string> {
  const target = managementGroupId.toLowerCase();
  const out = new Set<string>();
  for (const sub of state.subscriptions.values()) {
    const chain = state.ancestorsOfGroup(state.parentOfSubscription(sub)).map((g) => g.toLowerCase());
    if (chain.includes(target)) out.add(sub.subscriptionId.toLowerCase());
  }
  return out;
}

/** A predicate selecting the cost records of a scope; undefined when the scope does not exist. */
export function recordsInScope(state: EstateState, scope: CostScope): ((r: CostRecord) => boolean) | undefined {
  switch (scope.kind) {
    case "subscription": {
      if (!state.getSubscription(scope.subscriptionId)) return undefined;
      const s = scope.subscriptionId.toLowerCase();
      return (r) => r.subscriptionId.toLowerCase() === s;
    }
    case "resourceGroup": {
      if (!state.getSubscription(scope.subscriptionId)) return undefined;
      const s = scope.subscriptionId.toLowerCase();
      const rg = scope.resourceGroup.toLowerCase();
      return (r) => r.subscriptionId.toLowerCase() === s && r.resourceGroup.toLowerCase() === rg;
    }
    case "managementGroup": {
      if (!state.managementGroups.has(scope.managementGroupId.toLowerCase())) return undefined;
      const subs = subscriptionsUnderGroup(state, scope.managementGroupId);
      return (r) => subs.has(r.subscriptionId.toLowerCase());
    }
  }
}
