import type { ResourceEvent } from "../events/ResourceEvent";
import { toResourceFacts, type ArmResourceLike } from "../estate/toResourceFacts";
import type { EventFacts } from "./EventFacts";
import type { FactsSource } from "./FactsSource";
import type { SubscriptionDirectory } from "./createSubscriptionDirectory";
import type { FreshReads } from "./createFreshReads";

/**
 * Facts for one event. A Resource Notifications payload with properties and systemData is used as
 * is (it is the resource's body at event time); otherwise the resource is re-read through ARM, which
 * also brings systemData (through `reads`: a read another event of the resource began after this
 * change, when there is one). Deletes and vanished resources yield no resource; with `resource: false`
 * (nothing judges it) the body is not read at all.
 */
export async function collectFacts(
  event: ResourceEvent,
  source: FactsSource,
  directory: SubscriptionDirectory,
  opts: { resourceGroupTags?: boolean; resource?: boolean; reads?: FreshReads } = {},
): Promise<EventFacts> {
  const subscription = await directory.get(event.subscriptionId);
  // Group tags only tell whether a group is a sandbox; a sandbox subscription already is one.
  const wantGroupTags = (opts.resourceGroupTags ?? true) && subscription.archetype !== "sandbox" && event.resourceGroup !== undefined;
  const rgTags = wantGroupTags ? source.resourceGroupTags(event.subscriptionId, event.resourceGroup!) : Promise.resolve(undefined);
  if (event.operation === "delete" && !event.tagsOnly) return { subscription, resourceGroupTags: await rgTags, source: "none" };
  // No guardrail judges this event's type or operation: its body is not worth a round trip.
  if (opts.resource === false) return { subscription, resourceGroupTags: await rgTags, source: "skipped" };

  const payload = event.resource;
  // Without a caller the payload must say who wrote the resource (systemData), or guardrails that
  // judge the writer (shadowAi) could not: the documented ARN payload does not, so it is re-read.
  if (payload?.properties && payload.type && (event.caller || payload.systemData)) {
    const resource = toResourceFacts(
      { id: event.resourceId, name: payload.name, type: payload.type, location: payload.location, tags: payload.tags ?? {}, properties: payload.properties, systemData: payload.systemData as ArmResourceLike["systemData"] },
      subscription,
    );
    return { resource, subscription, resourceGroupTags: await rgTags, source: "payload" };
  }
  const read = opts.reads ? opts.reads.read(event.resourceId, new Date(event.time)) : source.readResource(event.resourceId);
  const [raw, groupTags] = await Promise.all([read, rgTags]);
  if (!raw) return { subscription, resourceGroupTags: groupTags, source: "none" };
  return { resource: toResourceFacts({ ...raw, id: raw.id || event.resourceId }, subscription), subscription, resourceGroupTags: groupTags, source: "arm" };
}
