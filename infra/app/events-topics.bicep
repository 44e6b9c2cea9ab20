// System topics of one subscription and their event subscriptions to the resourceEvents function.
// Only one system topic per source and topic type may exist: an estate that already has one must
// import it (name it here) instead of creating a second.

param functionAppId string
param deadLetterStorageAccountId string
@description('ailz\'s user-assigned identity: the topics\' identity, which writes dead letters (it holds blob data rights on the storage account).')
param identityId string
@description('Which topic families to wire: resources, resourceNotifications or both (see events.bicep).')
@allowed([
  'resources'
  'resourceNotifications'
  'both'
])
param eventFamilies string
@description('Log Analytics workspace for the topics\' delivery-failure logs (DeliveryFailures).')
param workspaceId string
@description('Action group alerted on dead-lettered events and failed deliveries.')
param actionGroupId string

// The wiring vending gives new subscriptions, from the same file (resourceEventsWiring.ts reads it):
// AzureFunction destination (Event Grid authenticates itself; no key in a URL), the event types and
// data.operationName filter, retries for a day, then dead letters written with ailz's identity.
var wiring = loadJsonContent('../../shared/azure/eventGrid/resourceEventsWiring.json')
var wireResources = eventFamilies != 'resourceNotifications'
var wireNotifications = eventFamilies != 'resources'

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

resource subscriptionTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = if (wireResources) {
  name: 'evgst-ailz-${subscription().subscriptionId}'
  location: 'global'
  identity: topicIdentity
  properties: {
    source: subscription().id
    topicType: wiring.topicType
  }
}

resource subscriptionEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (wireResources) {
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

resource notificationsTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = if (wireNotifications) {
  name: 'evgst-ailz${wiring.resourceNotifications.systemTopicSuffix}-${subscription().subscriptionId}'
  location: 'global'
  identity: topicIdentity
  properties: {
    source: subscription().id
    topicType: wiring.resourceNotifications.topicType
  }
}

// Resource Notifications events carry no operation name: every create, update and delete of the
// subscription's resources is delivered, and ailz judges them like the subscription topic's.
resource notificationEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (wireNotifications) {
  parent: notificationsTopic
  name: wiring.resourceNotifications.eventSubscriptionName
  properties: {
    destination: destination
    eventDeliverySchema: wiring.eventDeliverySchema
    filter: {
      includedEventTypes: wiring.resourceNotifications.includedEventTypes
    }
    retryPolicy: retryPolicy
    deadLetterWithResourceIdentity: deadLetter
  }
}

// Delivery failures to the workspace, and alerts when events are dead-lettered or fail to
// deliver (Event Grid metrics DeadLetteredCount, DeliveryAttemptFailCount; learn.microsoft.com/
// azure/event-grid/monitor-push-reference).
var topicIds = concat(wireResources ? [subscriptionTopic.id] : [], wireNotifications ? [notificationsTopic.id] : [])

resource subscriptionTopicDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (wireResources) {
  name: 'ailz-delivery-failures'
  scope: subscriptionTopic
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'DeliveryFailures'
        enabled: true
      }
    ]
  }
}

resource notificationsTopicDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (wireNotifications) {
  name: 'ailz-delivery-failures'
  scope: notificationsTopic
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'DeliveryFailures'
        enabled: true
      }
    ]
  }
}

var deliveryAlerts = [
  {
    name: 'dead-lettered'
    metricName: 'DeadLetteredCount'
    description: 'ailz resource events were dead-lettered (container ${wiring.deadLetterContainerName}).'
  }
  {
    name: 'delivery-failed'
    metricName: 'DeliveryAttemptFailCount'
    description: 'Event Grid failed to deliver ailz resource events to resourceEvents.'
  }
]

// One alert per metric and topic (single-resource criteria: system topics live in 'global').
var alertedTopics = concat(
  wireResources
    ? [
        {
          key: 'sub'
          id: subscriptionTopic.id
        }
      ]
    : [],
  wireNotifications
    ? [
        {
          key: 'rn'
          id: notificationsTopic.id
        }
      ]
    : []
)

resource deliveryAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = [
  for pair in flatten(map(alertedTopics, t => map(deliveryAlerts, a => { topic: t, alert: a }))): {
    name: 'alert-ailz-${pair.alert.name}-${pair.topic.key}-${subscription().subscriptionId}'
    location: 'global'
    properties: {
      description: pair.alert.description
      severity: 2
      enabled: true
      scopes: [
        pair.topic.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            name: pair.alert.name
            criterionType: 'StaticThresholdCriterion'
            metricNamespace: 'Microsoft.EventGrid/systemTopics'
            metricName: pair.alert.metricName
            operator: 'GreaterThan'
            threshold: 0
            timeAggregation: 'Total'
          }
        ]
      }
      actions: [
        {
          actionGroupId: actionGroupId
        }
      ]
    }
  }
]

output topicIds array = topicIds
