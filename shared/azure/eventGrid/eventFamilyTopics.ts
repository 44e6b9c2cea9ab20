import type { EventGridManagementClient } from "@azure/arm-eventgrid";
import { z } from "zod";
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

type EventFamily = Exclude<EventFamilies, "both">;

interface FamilyTopic {
  family: EventFamily;
  /** Event Grid system topic type (source: the subscription). */
  topicType: string;
  includedEventTypes: string[];
  /** Appended to the wiring's base topic / subscription names: one system topic per source and type. */
  nameSuffix: string;
}

const TOPICS: Record<EventFamily, FamilyTopic> = {
  resources: {
    family: "resources",
    topicType: "Microsoft.Resources.Subscriptions",
    includedEventTypes: ["Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Resources.ResourceDeleteSuccess", "Microsoft.Resources.ResourceActionSuccess"],
    nameSuffix: "",
  },
  resourceNotifications: {
    family: "resourceNotifications",
    topicType: "Microsoft.ResourceNotifications.Resources",
    includedEventTypes: ["Microsoft.ResourceNotifications.Resources.CreatedOrUpdated", "Microsoft.ResourceNotifications.Resources.Deleted"],
    nameSuffix: "-rn",
  },
};

/** The system topics a selection wires, subscription topic first. */
export function familyTopics(selection: EventFamilies): FamilyTopic[] {
  return selection === "both" ? [TOPICS.resources, TOPICS.resourceNotifications] : [TOPICS[selection]];
}

/**
 * Wires every topic the selection names (names suffixed per family, since Azure allows one system
 * topic per source and topic type); idempotent. Returns one `{family, systemTopicId, eventSubscriptionId}` per topic.
 */
export async function subscribeToEventFamilies(client: EventGridManagementClient, spec: Omit<ResourceEventsSubscription, "family" | "includedEventTypes">, selection: EventFamilies) {
  const wired = [];
  for (const t of familyTopics(selection)) {
    const r = await subscribeToResourceEvents(client, { ...spec, family: t.family, systemTopicName: spec.systemTopicName + t.nameSuffix, eventSubscriptionName: spec.eventSubscriptionName + t.nameSuffix });
    wired.push({ family: t.family, ...r });
  }
  return wired;
}
