import type { EventGridManagementClient } from "@azure/arm-eventgrid";
import { call } from "../AzureError";

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
  /** Managed identity that delivers (system topic identity); optional. */
  maxDeliveryAttempts?: number;
}

const DEFAULT_EVENT_TYPES = [
  "Microsoft.Resources.ResourceWriteSuccess",
  "Microsoft.Resources.ResourceDeleteSuccess",
  "Microsoft.Resources.ResourceActionSuccess",
];

/**
 * Wires a subscription's resource events to the control plane: the subscription's system topic
 * (`Microsoft.Resources.Subscriptions`, location global) and a webhook event subscription on it.
 * Both PUTs are idempotent, so vending can repeat this step safely.
 */
export async function subscribeToResourceEvents(client: EventGridManagementClient, spec: ResourceEventsSubscription): Promise<{ systemTopicId: string; eventSubscriptionId: string }> {
  const topic = await call(() =>
    client.systemTopics.beginCreateOrUpdateAndWait(spec.resourceGroupName, spec.systemTopicName, {
      location: "global",
      source: `/subscriptions/${spec.subscriptionId}`,
      topicType: "Microsoft.Resources.Subscriptions",
    }),
  );
  const sub = await call(() =>
    client.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(spec.resourceGroupName, spec.systemTopicName, spec.eventSubscriptionName, {
      destination: { endpointType: "WebHook", endpointUrl: spec.endpointUrl },
      eventDeliverySchema: spec.schema ?? "EventGridSchema",
      filter: {
        includedEventTypes: spec.includedEventTypes ?? DEFAULT_EVENT_TYPES,
        ...(spec.subjectBeginsWith ? { subjectBeginsWith: spec.subjectBeginsWith } : {}),
      },
      retryPolicy: { maxDeliveryAttempts: spec.maxDeliveryAttempts ?? 30, eventTimeToLiveInMinutes: 1440 },
    }),
  );
  return { systemTopicId: topic.id ?? "", eventSubscriptionId: sub.id ?? "" };
}
