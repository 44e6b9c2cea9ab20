targetScope = 'subscription'

// Event wiring, deployed by the azd postdeploy hook once the resourceEvents function exists
// (Event Grid validates an AzureFunction destination when the subscription is created).
// Deployed at the ailz subscription; each watched subscription gets its own system topics.

@description('Resource id of the ailz Function App (azd output AZURE_FUNCTION_APP_ID).')
param functionAppId string

@description('Resource id of the storage account holding the dead-letter container (its name is in shared/azure/eventGrid/resourceEventsWiring.json).')
param deadLetterStorageAccountId string

@description('Resource id of ailz\'s user-assigned identity (azd output AILZ_IDENTITY_ID): the system topics\' identity, which writes dead letters with the blob rights it already holds.')
param identityId string

@description('Log Analytics workspace for the system topics\' delivery-failure logs (azd output AILZ_LOG_ANALYTICS_WORKSPACE_ID).')
param workspaceId string

@description('Action group alerted on dead-lettered events and failed deliveries (azd output AILZ_ACTION_GROUP_ID).')
param actionGroupId string

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

module watched 'app/events-subscription.bicep' = [
  for (subscriptionId, i) in subscriptionIds: {
    name: 'ailz-events-${i}-${take(uniqueString(subscriptionId), 6)}'
    scope: subscription(subscriptionId)
    params: {
      resourceGroupName: eventsResourceGroupName
      location: location
      functionAppId: functionAppId
      deadLetterStorageAccountId: deadLetterStorageAccountId
      identityId: identityId
      workspaceId: workspaceId
      actionGroupId: actionGroupId
      eventFamilies: eventFamilies
    }
  }
]

output systemTopicIds array = [for (subscriptionId, i) in subscriptionIds: watched[i].outputs.topicIds]
