import { randomUUID } from "node:crypto";
import type { ArmResource } from "../state/schemas";
import { parseResourceId, subscriptionOf } from "../state/resourceIds";
import type { EventGridEvent } from "./buildResourceEvent";

// Azure Resource Notifications (topic type Microsoft.ResourceNotifications.Resources), as
// learn.microsoft.com/azure/event-grid/event-schema-resources documents it (the sample is kept in
// test/fixtures/events/notifications.*): `data.resourceInfo` carries the resource's id, name, type,
// location, tags and properties with JSON booleans flattened to 1/0; `data.operationalInfo.
// resourceEventTime` the time of the change; dataVersion "1". No caller claims: ARN does not say who.

const CREATED_OR_UPDATED = "Microsoft.ResourceNotifications.Resources.CreatedOrUpdated";
const DELETED = "Microsoft.ResourceNotifications.Resources.Deleted";

/** true/false -> 1/0 at any depth, as the documented sample shows (`"allowBlobPublicAccess": 1`). */
function oneZero(value: unknown): unknown {
  if (value === true) return 1;
  if (value === false) return 0;
  if (Array.isArray(value)) return value.map(oneZero);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, oneZero(v)]));
  return value;
}

/** CreatedOrUpdated for a written resource (its stored body), Deleted for a removed one (id only). */
export function buildResourceNotification(change: { resourceId: string; resource?: ArmResource; apiVersion?: string }, eventTime: string): EventGridEvent {
  const subscriptionId = subscriptionOf(change.resourceId) ?? "";
  const r = change.resource;
  const parsed = parseResourceId(change.resourceId);
  const base = { id: r?.id ?? change.resourceId, name: r?.name ?? parsed.name ?? "", type: r?.type ?? parsed.type ?? "" };
  const data: Record<string, unknown> = r
    ? {
        resourceInfo: { tags: r.tags ?? {}, ...base, location: r.location, properties: oneZero(r.properties ?? {}) },
        apiVersion: change.apiVersion,
        operationalInfo: { resourceEventTime: eventTime },
      }
    : { resourceInfo: base, operationalInfo: { resourceEventTime: eventTime } };
  return {
    id: randomUUID(),
    topic: `/subscriptions/${subscriptionId}`,
    subject: base.id,
    eventType: r ? CREATED_OR_UPDATED : DELETED,
    eventTime,
    data,
    dataVersion: "1",
    metadataVersion: "1",
  };
}
