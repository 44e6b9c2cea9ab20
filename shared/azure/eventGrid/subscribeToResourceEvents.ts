import type { EventGridManagementClient } from "@azure/arm-eventgrid";
import { call } from "../AzureError";
import { familyWiring, resourceEventsSubscriptionProperties, systemTopicIdentity, type EventFamily, type ResourceEventsTarget } from "./resourceEventsWiring";

export interface ResourceEventsSubscription {
  subscriptionId: string;
  resourceGroupName: string;
  systemTopicName: string;
  /** Defaults to the wiring's name for the family (the one the Bicep gives platform subscriptions). */
  eventSubscriptionName?: string;
  target: ResourceEventsTarget;
  /** Which topic family this topic is (default: the subscription topic). */
  family?: EventFamily;
}

/**
 * Wires a subscription's resource events to the control plane as resourceEventsWiring.json
 * defines it: the family's system topic (location global, ailz's identity) and an AzureFunction
 * event subscription on it. Both PUTs are idempotent, so vending can repeat this step. The SDK
 * flattens ARM's `properties` bags; the wire body is the definition's.
 */
export async function subscribeToResourceEvents(client: EventGridManagementClient, spec: ResourceEventsSubscription): Promise<{ systemTopicId: string; eventSubscriptionId: string }> {
  const family = spec.family ?? "resources";
  const f = familyWiring(family);
  const topic = await call(() =>
    client.systemTopics.beginCreateOrUpdateAndWait(spec.resourceGroupName, spec.systemTopicName, {
      location: "global",
      identity: systemTopicIdentity(spec.target),
      source: `/subscriptions/${spec.subscriptionId}`,
      topicType: f.topicType,
    }),
  );
  const p = resourceEventsSubscriptionProperties(spec.target, family);
  const sub = await call(() =>
    client.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(spec.resourceGroupName, spec.systemTopicName, spec.eventSubscriptionName ?? f.eventSubscriptionName, {
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
