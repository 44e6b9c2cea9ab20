import type { EventGridManagementClient } from "@azure/arm-eventgrid";
import { call } from "../AzureError";
import { RESOURCE_EVENTS_WIRING, resourceEventsSubscriptionProperties, systemTopicIdentity, type ResourceEventsTarget } from "./resourceEventsWiring";

export interface ResourceEventsSubscription {
  subscriptionId: string;
  resourceGroupName: string;
  systemTopicName: string;
  /** Defaults to the wiring's name (the one the Bicep gives platform subscriptions). */
  eventSubscriptionName?: string;
  target: ResourceEventsTarget;
}

/**
 * Wires a subscription's resource events to the control plane as resourceEventsWiring.json
 * defines it: the subscription's system topic (location global, ailz's identity) and an
 * AzureFunction event subscription on it. Both PUTs are idempotent, so vending can repeat this step.
 * The SDK flattens ARM's `properties` bags; the wire body is the definition's.
 */
export async function subscribeToResourceEvents(client: EventGridManagementClient, spec: ResourceEventsSubscription): Promise<{ systemTopicId: string; eventSubscriptionId: string }> {
  const topic = await call(() =>
    client.systemTopics.beginCreateOrUpdateAndWait(spec.resourceGroupName, spec.systemTopicName, {
      location: "global",
      identity: systemTopicIdentity(spec.target),
      source: `/subscriptions/${spec.subscriptionId}`,
      topicType: RESOURCE_EVENTS_WIRING.topicType,
    }),
  );
  const p = resourceEventsSubscriptionProperties(spec.target);
  const sub = await call(() =>
    client.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(spec.resourceGroupName, spec.systemTopicName, spec.eventSubscriptionName ?? RESOURCE_EVENTS_WIRING.eventSubscriptionName, {
      destination: { endpointType: p.destination.endpointType, ...p.destination.properties },
      eventDeliverySchema: p.eventDeliverySchema,
      filter: p.filter,
      retryPolicy: p.retryPolicy,
      deadLetterWithResourceIdentity: {
        identity: p.deadLetterWithResourceIdentity.identity,
        deadLetterDestination: { endpointType: "StorageBlob", ...p.deadLetterWithResourceIdentity.deadLetterDestination.properties },
      },
    }),
  );
  return { systemTopicId: topic.id ?? "", eventSubscriptionId: sub.id ?? "" };
}
