// Durable Task Scheduler backend for Durable Functions: a scheduler, the task hub the app uses
// and Durable Task Data Contributor for the app's identity on the scheduler.

param name string
param location string = resourceGroup().location
param tags object = {}
param taskHubName string
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string = 'Consumption'
@description('Capacity units of a Dedicated scheduler (the spec\'s sku.capacity); Consumption has none.')
@minValue(1)
param capacity int = 1
param principalId string
@description('Source ranges allowed to reach the scheduler; an empty list denies everything.')
param ipAllowlist array = [
  '0.0.0.0/0'
]

var roles = loadJsonContent('../roles/builtin-roles.json')

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    ipAllowlist: ipAllowlist
    sku: skuName == 'Dedicated'
      ? {
          name: skuName
          capacity: capacity
        }
      : {
          name: skuName
        }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

resource dataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(scheduler.id, principalId, roles['Durable Task Data Contributor'])
  scope: scheduler
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles['Durable Task Data Contributor'])
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output endpoint string = scheduler.properties.endpoint
output taskHubName string = taskHub.name
output resourceId string = scheduler.id
