targetScope = 'managementGroup'

// Optional greenfield scaffold, deployed at the tenant's intermediate root management group
// (`az deployment mg create --management-group-id <root> -f infra/landing-zone/main.bicep`):
//   <root>
//   ├─ Platform (Identity, Management, Connectivity)
//   ├─ Landing Zones (Corp, Online)
//   ├─ Sandbox
//   └─ Decommissioned
// plus a quota group for shared GPU quota and the ALZ AI guardrail initiatives assigned to the
// landing zones, not enforced by default (compliance is evaluated and reported, nothing denied).

@description('Prefix of the management group ids, e.g. "alz" gives alz-platform, alz-landingzones...')
@maxLength(10)
param prefix string = 'alz'

@description('Quota group name (lowercase letters and digits, starting with a letter).')
param quotaGroupName string = 'aigpu'

@description('Management group that holds the ALZ policy set definitions (where ALZ deployed them); defaults to this one.')
param policyDefinitionsManagementGroupId string = managementGroup().name

@description('ALZ AI guardrail initiatives to assign to the Landing Zones group.')
param guardrailInitiatives array = [
  'Enforce-Guardrails-CognitiveServices'
  'Enforce-Guardrails-OpenAI'
  'Enforce-Guardrails-MachineLearning'
]

@description('DoNotEnforce evaluates and reports compliance only (audit); Default applies the initiatives\' effects.')
@allowed([
  'DoNotEnforce'
  'Default'
])
param guardrailEnforcementMode string = 'DoNotEnforce'

@description('Parameter values passed to every initiative assignment, e.g. effect overrides ({ "<name>": { "value": "Audit" } }).')
param guardrailParameters object = {}

@description('Region of the assignments\' managed identities (needed by modify/deployIfNotExists policies).')
param location string = deployment().location

var rootId = managementGroup().id
var groups = [
  { id: '${prefix}-platform', displayName: 'Platform', parent: '' }
  { id: '${prefix}-landingzones', displayName: 'Landing Zones', parent: '' }
  { id: '${prefix}-sandbox', displayName: 'Sandbox', parent: '' }
  { id: '${prefix}-decommissioned', displayName: 'Decommissioned', parent: '' }
]
var childGroups = [
  { id: '${prefix}-identity', displayName: 'Identity', parent: '${prefix}-platform' }
  { id: '${prefix}-management', displayName: 'Management', parent: '${prefix}-platform' }
  { id: '${prefix}-connectivity', displayName: 'Connectivity', parent: '${prefix}-platform' }
  { id: '${prefix}-corp', displayName: 'Corp', parent: '${prefix}-landingzones' }
  { id: '${prefix}-online', displayName: 'Online', parent: '${prefix}-landingzones' }
]

resource topGroups 'Microsoft.Management/managementGroups@2023-04-01' = [
  for g in groups: {
    scope: tenant()
    name: g.id
    properties: {
      displayName: g.displayName
      details: {
        parent: {
          id: rootId
        }
      }
    }
  }
]

resource children 'Microsoft.Management/managementGroups@2023-04-01' = [
  for g in childGroups: {
    scope: tenant()
    name: g.id
    properties: {
      displayName: g.displayName
      details: {
        parent: {
          id: tenantResourceId('Microsoft.Management/managementGroups', g.parent)
        }
      }
    }
    dependsOn: [
      topGroups
    ]
  }
]

// Quota groups are extension resources of a management group; subscriptions join it later
// (vending adds each new landing-zone subscription).
resource quotaGroup 'Microsoft.Quota/groupQuotas@2025-03-01' = {
  name: quotaGroupName
  properties: {
    displayName: 'AI GPU quota (${prefix})'
  }
}

module guardrails 'policy-assignments.bicep' = {
  name: 'ailz-lz-guardrails'
  scope: managementGroup('${prefix}-landingzones')
  params: {
    initiatives: guardrailInitiatives
    definitionsManagementGroupId: policyDefinitionsManagementGroupId
    enforcementMode: guardrailEnforcementMode
    parameters: guardrailParameters
    location: location
  }
  dependsOn: [
    topGroups
  ]
}

output managementGroupIds object = {
  platform: '${prefix}-platform'
  landingZones: '${prefix}-landingzones'
  corp: '${prefix}-corp'
  online: '${prefix}-online'
  sandbox: '${prefix}-sandbox'
  decommissioned: '${prefix}-decommissioned'
}
output quotaGroupId string = quotaGroup.id
