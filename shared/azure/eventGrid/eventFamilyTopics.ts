import type { EventGridManagementClient } from "@azure/arm-eventgrid";
import { z } from "zod";
import { familyWiring, type EventFamily } from "./resourceEventsWiring";
import { subscribeToResourceEvents, type ResourceEventsSubscription } from "./subscribeToResourceEvents";

// Which Event Grid topic family delivers a subscription's resource events to ailz. Both families
// normalise to the same ResourceEvent (shared/events), so guardrails judge them alike; with `both`
// the event path's change claims make one change act once.
//   resources              the subscription system topic: Microsoft.Resources.Resource{Write,Delete,Action}Success,
//                          the caller's claims, no resource body
//   resourceNotifications  Azure Resource Notifications: CreatedOrUpdated / Deleted with the resource's body
//                          (resourceInfo), no caller; resource groups and actions are not in this family

export const EventFamilies = z
  .enum(["resources", "resourceNotifications", "both"])
  .describe("Topic family that delivers resource events: the subscription system topic (resources), Azure Resource Notifications (resourceNotifications), or both.");
export type EventFamilies = z.infer<typeof EventFamilies>;

/** The families a selection wires, subscription topic first. */
const familiesOf = (selection: EventFamilies): EventFamily[] => (selection === "both" ? ["resources", "resourceNotifications"] : [selection]);

/**
 * Wires every topic the selection names, each as resourceEventsWiring.json defines its family
 * (names suffixed per family, since Azure allows one system topic per source and topic type);
 * idempotent. Returns one `{family, systemTopicId, eventSubscriptionId}` per topic.
 */
export async function subscribeToEventFamilies(client: EventGridManagementClient, spec: Omit<ResourceEventsSubscription, "family">, selection: EventFamilies) {
  const wired = [];
  for (const family of familiesOf(selection)) {
    const suffix = familyWiring(family).systemTopicSuffix;
    const r = await subscribeToResourceEvents(client, { ...spec, family, systemTopicName: spec.systemTopicName + suffix, ...(spec.eventSubscriptionName ? { eventSubscriptionName: spec.eventSubscriptionName + suffix } : {}) });
    wired.push({ family, ...r });
  }
  return wired;
}
