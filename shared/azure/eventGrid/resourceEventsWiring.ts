import wiring from "./resourceEventsWiring.json";

// The one definition of ailz's resource-event wiring (resourceEventsWiring.json): the Bicep the
// postdeploy hook deploys loads the same file, so a vended subscription is wired exactly like a
// platform one. Delivery is to the function by resource id (endpoint type AzureFunction: Event
// Grid authenticates itself, no key travels in a URL, rotating keys breaks nothing); undeliverable
// events are dead-lettered to ailz's storage with ailz's user-assigned identity, which already
// holds blob data rights there (the storage account has no keys).

export const RESOURCE_EVENTS_WIRING = wiring;

/** Where events go: deployment facts the app reads from its settings (infra/app/api.bicep). */
export interface ResourceEventsTarget {
  /** The ailz Function App (`/subscriptions/…/providers/Microsoft.Web/sites/<name>`). */
  functionAppId: string;
  /** The storage account holding the dead-letter container. */
  deadLetterStorageAccountId: string;
  /** ailz's user-assigned identity: the system topic's identity, which writes the dead letters. */
  identityId: string;
}

/** The system topic's identity: ailz's user-assigned identity (assigning it needs `userAssignedIdentities/assign/action`). */
export function systemTopicIdentity(target: ResourceEventsTarget) {
  return { type: "UserAssigned" as const, userAssignedIdentities: { [target.identityId]: {} } };
}

/** The event subscription's properties, as ARM stores them (Microsoft.EventGrid 2022-06-15). */
export function resourceEventsSubscriptionProperties(target: ResourceEventsTarget) {
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
    filter: {
      includedEventTypes: [...wiring.includedEventTypes],
      advancedFilters: [{ operatorType: wiring.operationNameFilter.operatorType as "StringEndsWith", key: wiring.operationNameFilter.key, values: [...wiring.operationNameFilter.values] }],
    },
    retryPolicy: { ...wiring.retryPolicy },
    deadLetterWithResourceIdentity: {
      identity: { type: "UserAssigned" as const, userAssignedIdentity: target.identityId },
      deadLetterDestination: { endpointType: "StorageBlob" as const, properties: { resourceId: target.deadLetterStorageAccountId, blobContainerName: wiring.deadLetterContainerName } },
    },
  };
}
