import wiring from "./resourceEventsWiring.json";

// The one definition of ailz's resource-event wiring (resourceEventsWiring.json): the Bicep the
// postdeploy hook deploys loads the same file, so a vended subscription is wired exactly like a
// platform one. Delivery is to the function by resource id (endpoint type AzureFunction: Event
// Grid authenticates itself, no key travels in a URL, rotating keys breaks nothing); undeliverable
// events are dead-lettered to ailz's storage with ailz's user-assigned identity, which already
// holds blob data rights there (the storage account has no keys).

/** @internal */
export const RESOURCE_EVENTS_WIRING = wiring;

/** A topic family: the subscription topic (the caller, no body) or Azure Resource Notifications (the body, no caller). */
export type EventFamily = "resources" | "resourceNotifications";

/** Where events go: deployment facts the app reads from its settings (infra/app/api.bicep). */
export interface ResourceEventsTarget {
  /** The ailz Function App (`/subscriptions/…/providers/Microsoft.Web/sites/<name>`). */
  functionAppId: string;
  /** The storage account holding the dead-letter container. */
  deadLetterStorageAccountId: string;
  /** ailz's user-assigned identity: the system topic's identity, which writes the dead letters. */
  identityId: string;
}

/** The family's system topic type, event subscription name and the suffix its topic's name gets (one system topic per source and type). */
export function familyWiring(family: EventFamily) {
  const rn = wiring.resourceNotifications;
  return family === "resources"
    ? { topicType: wiring.topicType, eventSubscriptionName: wiring.eventSubscriptionName, systemTopicSuffix: "", includedEventTypes: wiring.includedEventTypes }
    : { topicType: rn.topicType, eventSubscriptionName: rn.eventSubscriptionName, systemTopicSuffix: rn.systemTopicSuffix, includedEventTypes: rn.includedEventTypes };
}

/** The system topic's identity: ailz's user-assigned identity (assigning it needs `userAssignedIdentities/assign/action`). */
export function systemTopicIdentity(target: ResourceEventsTarget) {
  return { type: "UserAssigned" as const, userAssignedIdentities: { [target.identityId]: {} } };
}

/**
 * The event subscription's properties, as ARM stores them (Microsoft.EventGrid 2022-06-15). The
 * subscription topic's events pass the `data.operationName` filter; Resource Notifications events
 * carry no operation name (every create, update and delete of the subscription is delivered).
 */
export function resourceEventsSubscriptionProperties(target: ResourceEventsTarget, family: EventFamily = "resources") {
  return {
    destination: {
      endpointType: "AzureFunction" as const,
      properties: {
        resourceId: `${target.functionAppId}/functions/${wiring.functionName}`,
        maxEventsPerBatch: wiring.maxEventsPerBatch,
        preferredBatchSizeInKilobytes: wiring.preferredBatchSizeInKilobytes,
      },
    },
    eventDeliverySchema: wiring.eventDeliverySchema as "EventGridSchema",
    filter:
      family === "resources"
        ? { includedEventTypes: [...wiring.includedEventTypes], advancedFilters: [{ operatorType: wiring.operationNameFilter.operatorType as "StringEndsWith", key: wiring.operationNameFilter.key, values: [...wiring.operationNameFilter.values] }] }
        : { includedEventTypes: [...wiring.resourceNotifications.includedEventTypes] },
    retryPolicy: { ...wiring.retryPolicy },
    deadLetterWithResourceIdentity: {
      identity: { type: "UserAssigned" as const, userAssignedIdentity: target.identityId },
      deadLetterDestination: { endpointType: "StorageBlob" as const, properties: { resourceId: target.deadLetterStorageAccountId, blobContainerName: wiring.deadLetterContainerName } },
    },
  };
}
