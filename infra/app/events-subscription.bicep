targetScope = 'subscription'

// One watched subscription: the resource group for its system topics, then the topics and their
// event subscriptions to ailz.

param resourceGroupName string
param location string
param functionAppId string
param deadLetterStorageAccountId string
param identityId string
param workspaceId string
param actionGroupId string
@allowed([
  'resources'
  'resourceNotifications'
  'both'
])
param eventFamilies string

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: {
    'ailz-managed': 'true'
  }
}

module topics 'events-topics.bicep' = {
  name: 'ailz-system-topics'
  scope: rg
  params: {
    functionAppId: functionAppId
    deadLetterStorageAccountId: deadLetterStorageAccountId
    identityId: identityId
    workspaceId: workspaceId
    actionGroupId: actionGroupId
    eventFamilies: eventFamilies
  }
}

output topicIds array = topics.outputs.topicIds
