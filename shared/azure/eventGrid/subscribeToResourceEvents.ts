import type { EventGridManagementClient } from "@azure/arm-eventgrid";
import { call } from "../AzureError";
import { familyTopics } from "./eventFamilyTopics";

export interface ResourceEventsSubscription {
  subscriptionId: string;
  resourceGroupName: string;
  systemTopicName: string;
  eventSubscriptionName: string;
  /** Webhook endpoint (the Function App's Event Grid trigger URL). */
  endpointUrl: string;
  includedEventTypes?: string[];
  subjectBeginsWith?: string;
  schema?: "EventGridSchema" | "CloudEventSchemaV1_0";
  maxDeliveryAttempts?: number;
  /** Which topic family this topic is (default: the subscription topic). */
  family?: "resources" | "resourceNotifications";
}

/**
 * Wires a subscription's resource events to the control plane: a system topic of the family's
 * type (`Microsoft.Resources.Subscriptions` or `Microsoft.ResourceNotifications.Resources`, source
 * the subscription, location global) and a webhook event subscription on it. Both PUTs are
 * idempotent, so vending can repeat this step safely.
 */
export async function subscribeToResourceEvents(client: EventGridManagementClient, spec: ResourceEventsSubscription): Promise<{ systemTopicId: string; eventSubscriptionId: string }> {
  const [family] = familyTopics(spec.family ?? "resources");
  const topic = await call(() =>
    client.systemTopics.beginCreateOrUpdateAndWait(spec.resourceGroupName, spec.systemTopicName, {
      location: "global",
      source: `/subscriptions/${spec.subscriptionId}`,
      topicType: family!.topicType,
    }),
  );
  const sub = await call(() =>
    client.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(spec.resourceGroupName, spec.systemTopicName, spec.eventSubscriptionName, {
      destination: { endpointType: "WebHook", endpointUrl: spec.endpointUrl },
      eventDeliverySchema: spec.schema ?? "EventGridSchema",
      filter: {
        includedEventTypes: spec.includedEventTypes ?? family!.includedEventTypes,
        ...(spec.subjectBeginsWith ? { subjectBeginsWith: spec.subjectBeginsWith } : {}),
      },
      retryPolicy: { maxDeliveryAttempts: spec.maxDeliveryAttempts ?? 30, eventTimeToLiveInMinutes: 1440 },
    }),
  );
  return { systemTopicId: topic.id ?? "", eventSubscriptionId: sub.id ?? "" };
}
