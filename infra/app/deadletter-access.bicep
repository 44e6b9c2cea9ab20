// Storage Blob Data Contributor on the dead-letter account for Event Grid system topic identities.

param storageAccountName string
param principalIds array

var roles = loadJsonContent('../roles/builtin-roles.json')

resource stg 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource writers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in principalIds: {
    name: guid(stg.id, principalId, roles['Storage Blob Data Contributor'])
    scope: stg
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles['Storage Blob Data Contributor'])
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]
