// System topics of one subscription and their event subscriptions to the resourceEvents function.
// Only one system topic per source and topic type may exist: an estate that already has one must
// import it (name it here) instead of creating a second.

param functionAppId string
param deadLetterStorageAccountId string
@description('ailz\'s user-assigned identity: the topics\' identity, which writes dead letters (it holds blob data rights on the storage account).')
param identityId string
param includeResourceNotifications bool

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

// The wiring vending gives new subscriptions, from the same file (resourceEventsWiring.ts reads it):
// AzureFunction destination (Event Grid authenticates itself; no key in a URL), the event types and
// data.operationName filter, retries for a day, then dead letters written with ailz's identity.
var wiring = loadJsonContent('../../shared/azure/eventGrid/resourceEventsWiring.json')

var destination = {
  endpointType: 'AzureFunction'
  properties: {
    resourceId: '${functionAppId}/functions/${wiring.functionName}'
    maxEventsPerBatch: wiring.maxEventsPerBatch
    preferredBatchSizeInKilobytes: wiring.preferredBatchSizeInKilobytes
  }
}

var retryPolicy = wiring.retryPolicy

var topicIdentity = {
  type: 'UserAssigned'
  userAssignedIdentities: {
    '${identityId}': {}
  }
}

var deadLetter = {
  identity: {
    type: 'UserAssigned'
    userAssignedIdentity: identityId
  }
  deadLetterDestination: {
    endpointType: 'StorageBlob'
    properties: {
      resourceId: deadLetterStorageAccountId
      blobContainerName: wiring.deadLetterContainerName
    }
  }
}

resource subscriptionTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgst-ailz-${subscription().subscriptionId}'
  location: 'global'
  identity: topicIdentity
  properties: {
    source: subscription().id
    topicType: wiring.topicType
  }
}

resource subscriptionEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: subscriptionTopic
  name: wiring.eventSubscriptionName
  properties: {
    destination: destination
    eventDeliverySchema: wiring.eventDeliverySchema
    filter: {
      includedEventTypes: wiring.includedEventTypes
      advancedFilters: [
        wiring.operationNameFilter
      ]
    }
    retryPolicy: retryPolicy
    deadLetterWithResourceIdentity: deadLetter
  }
}

resource notificationsTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = if (includeResourceNotifications) {
  name: 'evgst-ailz-rn-${subscription().subscriptionId}'
  location: 'global'
  identity: topicIdentity
  properties: {
    source: subscription().id
    topicType: 'Microsoft.ResourceNotifications.Resources'
  }
}

resource notificationEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (includeResourceNotifications) {
  parent: notificationsTopic
  name: 'ailz-resource-notifications'
  properties: {
    destination: destination
    eventDeliverySchema: wiring.eventDeliverySchema
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

output topicIds array = concat([subscriptionTopic.id], includeResourceNotifications ? [notificationsTopic.id] : [])
