targetScope = 'resourceGroup'

// The ailz log sink role on the platform Log Analytics workspace only: writing a diagnostic setting
// whose destination is this workspace needs its sharedKeys action (linked authorization).

param principalId string
param roleDefinitionId string
@description('Name of the Log Analytics workspace in this resource group.')
param workspaceName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource logSink 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, principalId, roleDefinitionId)
  scope: workspace
  properties: {
    roleDefinitionId: roleDefinitionId
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'ailz: diagnostic settings to the platform workspace'
  }
}
