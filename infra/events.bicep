targetScope = 'subscription'

// Event wiring, deployed by the azd postdeploy hook once the resourceEvents function exists
// (Event Grid validates an AzureFunction destination when the subscription is created).
// Deployed at the ailz subscription; each watched subscription gets its own system topics.

@description('Resource id of the ailz Function App (azd output AZURE_FUNCTION_APP_ID).')
param functionAppId string

@description('Resource id of the storage account holding the dead-letter container.')
param deadLetterStorageAccountId string

@description('Blob container that receives undeliverable events.')
param deadLetterContainerName string = 'eventgrid-deadletter'

@description('Platform subscriptions whose resource events ailz receives; empty means this subscription only. Subscriptions created by vending are wired by ailz itself.')
param watchedSubscriptionIds array = []

@description('Topic family that delivers the watched subscriptions\' resource events: the subscription system topic (resources: the caller, no body), Azure Resource Notifications (resourceNotifications: the resource body, no caller), or both (ailz acts once per change). Vended subscriptions follow the policy\'s vending.eventFamilies.')
@allowed([
  'resources'
  'resourceNotifications'
  'both'
])
param eventFamilies string = 'resources'

@description('Resource group created in each watched subscription to hold its system topics.')
param eventsResourceGroupName string = 'rg-ailz-events'

@description('Region of that resource group (system topics themselves are global).')
param location string = deployment().location

var subscriptionIds = empty(watchedSubscriptionIds) ? [subscription().subscriptionId] : watchedSubscriptionIds
var deadLetterScope = split(deadLetterStorageAccountId, '/')

module watched 'app/events-subscription.bicep' = [
  for (subscriptionId, i) in subscriptionIds: {
    name: 'ailz-events-${i}-${take(uniqueString(subscriptionId), 6)}'
    scope: subscription(subscriptionId)
    params: {
      resourceGroupName: eventsResourceGroupName
      location: location
      functionAppId: functionAppId
      deadLetterStorageAccountId: deadLetterStorageAccountId
      deadLetterContainerName: deadLetterContainerName
      eventFamilies: eventFamilies
    }
  }
]

// Each topic's system-assigned identity writes dead letters; it needs blob data rights on the
// ailz storage account, which lives in the ailz resource group.
module deadLetterAccess 'app/deadletter-access.bicep' = [
  for (subscriptionId, i) in subscriptionIds: {
    name: 'ailz-deadletter-${i}-${take(uniqueString(subscriptionId), 6)}'
    scope: resourceGroup(deadLetterScope[2], deadLetterScope[4])
    params: {
      storageAccountName: last(deadLetterScope)
      principalIds: watched[i].outputs.topicPrincipalIds
    }
  }
]

output systemTopicIds array = [for (subscriptionId, i) in subscriptionIds: watched[i].outputs.topicIds]
