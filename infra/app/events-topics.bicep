// System topics of one subscription and their event subscriptions to the resourceEvents function.
// Only one system topic per source and topic type may exist: an estate that already has one must
// import it (name it here) instead of creating a second.

param functionAppId string
param deadLetterStorageAccountId string
param deadLetterContainerName string
@description('Which topic families to wire: resources, resourceNotifications or both (see events.bicep).')
@allowed([
  'resources'
  'resourceNotifications'
  'both'
])
param eventFamilies string

@description('The ARM operations whose events ailz evaluates; everything else is filtered out at Event Grid, so ailz is not invoked for it.')
param watchedOperations array = [
  'Microsoft.Compute/virtualMachines/write'
  'Microsoft.CognitiveServices/accounts/write'
  'Microsoft.CognitiveServices/accounts/deployments/write'
  'Microsoft.MachineLearningServices/workspaces/write'
  'Microsoft.MachineLearningServices/workspaces/computes/write'
  'Microsoft.Search/searchServices/write'
  'Microsoft.ContainerService/managedClusters/write'
  'Microsoft.ContainerService/managedClusters/agentPools/write'
  'Microsoft.Resources/tags/write'
  'Microsoft.Resources/subscriptions/resourceGroups/write'
  'Microsoft.Resources/subscriptions/resourceGroups/delete'
  'Microsoft.Compute/virtualMachines/delete'
  'Microsoft.CognitiveServices/accounts/delete'
]

@description('Resource types watched through the Resource Notifications topic.')
param watchedResourceTypes array = [
  'Microsoft.Compute/virtualMachines'
  'Microsoft.CognitiveServices/accounts'
  'Microsoft.CognitiveServices/accounts/deployments'
  'Microsoft.MachineLearningServices/workspaces'
  'Microsoft.MachineLearningServices/workspaces/computes'
  'Microsoft.Search/searchServices'
  'Microsoft.ContainerService/managedClusters'
]

var wireResources = eventFamilies != 'resourceNotifications'
var wireNotifications = eventFamilies != 'resources'

var destination = {
  endpointType: 'AzureFunction'
  properties: {
    resourceId: '${functionAppId}/functions/resourceEvents'
    maxEventsPerBatch: 1
    preferredBatchSizeInKilobytes: 64
  }
}

// Event Grid retries with backoff for a day, then the event lands in the dead-letter container,
// written with the topic's own identity (the storage account has no keys).
var retryPolicy = {
  maxDeliveryAttempts: 30
  eventTimeToLiveInMinutes: 1440
}

var deadLetter = {
  identity: {
    type: 'SystemAssigned'
  }
  deadLetterDestination: {
    endpointType: 'StorageBlob'
    properties: {
      resourceId: deadLetterStorageAccountId
      blobContainerName: deadLetterContainerName
    }
  }
}

resource subscriptionTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = if (wireResources) {
  name: 'evgst-ailz-${subscription().subscriptionId}'
  location: 'global'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

resource subscriptionEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (wireResources) {
  parent: subscriptionTopic
  name: 'ailz-resource-events'
  properties: {
    destination: destination
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
        'Microsoft.Resources.ResourceDeleteSuccess'
        'Microsoft.Resources.ResourceActionSuccess'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: watchedOperations
        }
      ]
    }
    retryPolicy: retryPolicy
    deadLetterWithResourceIdentity: deadLetter
  }
}

resource notificationsTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = if (wireNotifications) {
  name: 'evgst-ailz-rn-${subscription().subscriptionId}'
  location: 'global'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.ResourceNotifications.Resources'
  }
}

resource notificationEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (wireNotifications) {
  parent: notificationsTopic
  name: 'ailz-resource-notifications'
  properties: {
    destination: destination
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated'
        'Microsoft.ResourceNotifications.Resources.Deleted'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.resourceInfo.type'
          values: watchedResourceTypes
        }
      ]
    }
    retryPolicy: retryPolicy
    deadLetterWithResourceIdentity: deadLetter
  }
}

output topicIds array = concat(wireResources ? [subscriptionTopic.id] : [], wireNotifications ? [notificationsTopic.id] : [])
output topicPrincipalIds array = concat(
  wireResources ? [subscriptionTopic!.identity.principalId] : [],
  wireNotifications ? [notificationsTopic!.identity.principalId] : []
)
