targetScope = 'managementGroup'

// Assigns ALZ policy set definitions (custom definitions ALZ deploys at its root group) here.

param initiatives array
param definitionsManagementGroupId string
@allowed([
  'DoNotEnforce'
  'Default'
])
param enforcementMode string
param parameters object
param location string

resource assignments 'Microsoft.Authorization/policyAssignments@2024-04-01' = [
  for name in initiatives: {
    // Management-group assignment names are limited to 24 characters.
    name: take(replace(toLower(name), 'enforce-guardrails-', 'ailz-gr-'), 24)
    location: location
    identity: {
      type: 'SystemAssigned'
    }
    properties: {
      displayName: '${name} (ailz landing zones)'
      policyDefinitionId: extensionResourceId(
        tenantResourceId('Microsoft.Management/managementGroups', definitionsManagementGroupId),
        'Microsoft.Authorization/policySetDefinitions',
        name
      )
      enforcementMode: enforcementMode
      parameters: parameters
    }
  }
]
