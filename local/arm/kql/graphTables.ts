import type { EstateState } from "../state/EstateState";
import type { ArmResource, Subscription } from "../state/schemas";
import { subscriptionOf } from "../state/resourceIds";
import { resourceChangeRows } from "./resourceChangeRows";
import type { TableSource } from "./runQuery";
import type { Row } from "./values";

/** The columns Resource Graph gives both `Resources` and `ResourceContainers`, in its order. */
const GRAPH_COLUMNS = [
  "id", "name", "type", "tenantId", "kind", "location", "resourceGroup", "subscriptionId", "managedBy", "sku",
  "plan", "properties", "tags", "identity", "zones", "extendedLocation",
] as const;

/** Which subscriptions a query sees: the named ones, those under the named groups, or all. */
export interface GraphScope {
  /** Lower-cased subscription ids, or undefined for tenant-wide. */
  subscriptions?: ReadonlySet<string>;
}

/** Subscription id and resource group of an ARM id, without regular expressions (hot path). */
function idScope(id: string): { sub: string; rg: string } {
  // "/subscriptions/{sub}/resourceGroups/{rg}/..."
  if (id.length < 15 || id.slice(0, 15).toLowerCase() !== "/subscriptions/") return { sub: "", rg: "" };
  const subEnd = id.indexOf("/", 15);
  const sub = subEnd < 0 ? id.slice(15) : id.slice(15, subEnd);
  if (subEnd < 0 || id.slice(subEnd + 1, subEnd + 16).toLowerCase() !== "resourcegroups/") return { sub, rg: "" };
  const rgStart = subEnd + 16;
  const rgEnd = id.indexOf("/", rgStart);
  return { sub, rg: rgEnd < 0 ? id.slice(rgStart) : id.slice(rgStart, rgEnd) };
}

/**
 * Resource Graph's row shape for an ARM document: `type`, `location` and `resourceGroup` are
 * lower-cased (Resource Graph normalises them; `where resourceGroup == 'MyRG'` finds nothing),
 * `id` and `name` keep their case, absent `kind`/`managedBy` are "" and absent tags are {}.
 */
function resourceRow(doc: ArmResource, tenantId: string): Row {
  const d = doc as Record<string, unknown>;
  const { sub, rg } = idScope(doc.id);
  return {
    id: doc.id,
    name: doc.name,
    type: doc.type.toLowerCase(),
    tenantId,
    kind: doc.kind ?? "",
    location: (doc.location ?? "").toLowerCase(),
    resourceGroup: rg.toLowerCase(),
    subscriptionId: sub.toLowerCase(),
    managedBy: (d.managedBy as string | undefined) ?? "",
    sku: d.sku ?? null,
    plan: d.plan ?? null,
    properties: doc.properties ?? {},
    tags: doc.tags ?? {},
    identity: d.identity ?? null,
    zones: d.zones ?? null,
    extendedLocation: d.extendedLocation ?? null,
  };
}

/** `managementGroupAncestorsChain`: the parent group first, the tenant root last. */
function ancestorsChain(state: EstateState, sub: Subscription): { name: string; displayName: string }[] {
  return state.ancestorsOfGroup(state.parentOfSubscription(sub)).map((name) => {
    const mg = state.managementGroups.get(name.toLowerCase());
    return { name, displayName: mg?.displayName ?? name };
  });
}

function subscriptionRow(state: EstateState, sub: Subscription): Row {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    name: sub.displayName,
    type: "microsoft.resources/subscriptions",
    tenantId: sub.tenantId ?? state.tenantId,
    kind: "",
    location: "",
    resourceGroup: "",
    subscriptionId: sub.subscriptionId.toLowerCase(),
    managedBy: "",
    sku: null,
    plan: null,
    properties: {
      state: sub.state,
      subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: sub.quotaId ?? "EnterpriseAgreement_2014-09-01", spendingLimit: "Off" },
      managementGroupAncestorsChain: ancestorsChain(state, sub),
    },
    tags: sub.tags ?? {},
    identity: null,
    zones: null,
    extendedLocation: null,
  };
}

function resourceGroupRow(state: EstateState, rg: ArmResource): Row {
  const d = rg as Record<string, unknown>;
  return {
    id: rg.id,
    name: rg.name,
    type: "microsoft.resources/subscriptions/resourcegroups",
    tenantId: state.tenantId,
    kind: "",
    location: (rg.location ?? "").toLowerCase(),
    resourceGroup: rg.name.toLowerCase(),
    subscriptionId: (subscriptionOf(rg.id) ?? "").toLowerCase(),
    managedBy: (d.managedBy as string | undefined) ?? "",
    sku: null,
    plan: null,
    properties: rg.properties ?? { provisioningState: "Succeeded" },
    tags: rg.tags ?? {},
    identity: null,
    zones: null,
    extendedLocation: null,
  };
}

/** Subscriptions (lower-cased ids) under any of the named management groups, at any depth. */
export function subscriptionsUnderGroups(state: EstateState, groups: readonly string[]): Set<string> {
  const wanted = new Set(groups.map((g) => g.toLowerCase()));
  const out = new Set<string>();
  for (const sub of state.subscriptions.values()) {
    const chain = state.ancestorsOfGroup(state.parentOfSubscription(sub));
    if (chain.some((g) => wanted.has(g.toLowerCase()))) out.add(sub.subscriptionId.toLowerCase());
  }
  return out;
}

/** The tables over the estate, built lazily and only for the subscriptions in scope (`now`: the emulator clock, for change retention). */
export function graphTables(state: EstateState, scope: GraphScope, now = Date.now()): Record<string, TableSource> {
  const subs = scope.subscriptions;
  const resources: TableSource = {
    columns: GRAPH_COLUMNS,
    rows: () => {
      const out: Row[] = [];
      const tenant = state.tenantId;
      if (subs) {
        for (const s of subs) for (const doc of state.resourcesInSubscription(s)) out.push(resourceRow(doc, tenant));
      } else {
        for (const doc of state.resources.values()) out.push(resourceRow(doc, tenant));
      }
      return out;
    },
  };
  const containers: TableSource = {
    columns: GRAPH_COLUMNS,
    rows: () => {
      const out: Row[] = [];
      for (const sub of state.subscriptions.values()) {
        if (!subs || subs.has(sub.subscriptionId.toLowerCase())) out.push(subscriptionRow(state, sub));
      }
      for (const rg of state.resourceGroups.values()) {
        const s = (subscriptionOf(rg.id) ?? "").toLowerCase();
        if (!subs || subs.has(s)) out.push(resourceGroupRow(state, rg));
      }
      return out;
    },
  };
  const changes: TableSource = { columns: GRAPH_COLUMNS, rows: () => resourceChangeRows(state, subs, now) };
  return { resources, resourcecontainers: containers, resourcechanges: changes };
}
