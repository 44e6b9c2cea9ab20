import type { EstateState } from "../state/EstateState";
import { CHANGE_RETENTION_MS, type ResourceChange } from "../state/ResourceChange";
import { parseResourceId, resourceGroupOf, subscriptionOf } from "../state/resourceIds";
import type { Row } from "./values";

/**
 * Resource Graph's `resourcechanges` row for a change record: the change resource
 * (`{target}/providers/Microsoft.Resources/changes/{id}`, type microsoft.resources/changes) with the
 * documented property bag: targetResourceId, targetResourceType, changeType, changeAttributes
 * {timestamp, changedBy, changedByType, clientType, operation, correlationId, changesCount,
 * previous/newResourceSnapshotId}, changes (property-level diffs are not kept: {}).
 */
function changeRow(c: ResourceChange, tenantId: string): Row {
  const p = parseResourceId(c.targetResourceId);
  const targetType = (p.type ?? "microsoft.resources/subscriptions/resourcegroups").toLowerCase();
  return {
    id: `${c.targetResourceId}/providers/Microsoft.Resources/changes/${c.changeId}`,
    name: c.changeId,
    type: "microsoft.resources/changes",
    tenantId,
    kind: "",
    location: "",
    resourceGroup: (resourceGroupOf(c.targetResourceId) ?? "").toLowerCase(),
    subscriptionId: (subscriptionOf(c.targetResourceId) ?? "").toLowerCase(),
    managedBy: "",
    sku: null,
    plan: null,
    properties: {
      targetResourceId: c.targetResourceId,
      targetResourceType: targetType,
      changeType: c.changeType,
      changeAttributes: {
        timestamp: c.timestamp,
        changedBy: c.changedBy ?? "",
        changedByType: c.changedByType ?? "",
        clientType: "ARM",
        operation: c.operation ?? "",
        correlationId: c.correlationId ?? "",
        changesCount: 0,
        previousResourceSnapshotId: null,
        newResourceSnapshotId: null,
      },
      changes: {},
    },
    tags: {},
    identity: null,
    zones: null,
    extendedLocation: null,
  };
}

/** The change rows of the subscriptions in scope (all when undefined) within the retention before `now`. */
export function resourceChangeRows(state: EstateState, subs: ReadonlySet<string> | undefined, now: number): Row[] {
  const out: Row[] = [];
  for (const c of state.resourceChanges) {
    if (Date.parse(c.timestamp) < now - CHANGE_RETENTION_MS) continue;
    if (subs && !subs.has((subscriptionOf(c.targetResourceId) ?? "").toLowerCase())) continue;
    out.push(changeRow(c, state.tenantId));
  }
  return out;
}
