targetScope = 'managementGroup'

// Least-privilege access for the ailz identity at the management group the policy governs
// (deploy with `az deployment mg create --management-group-id <root>`; the azd postprovision hook
// does it when AILZ_ROOT_MANAGEMENT_GROUP_ID is set).
//   - custom role "ailz guardrails operator": exactly the ARM write/delete/action operations ailz
//     performs, read from ailz-operator.actions.json (the least-privilege test reads the same file)
//   - custom role "ailz log sink" on the platform Log Analytics workspace only (when given): the
//     linked authorization diagnostic settings to that workspace need (ailz-log-sink.actions.json)
//   - Reader and Cost Management Reader for facts and costs
//   - GroupQuota Request Operator for quota groups
//   - optional vending: Management Group Contributor and a conditioned RBAC Administrator on the
//     landing-zone management groups

@description('Object id of the ailz user-assigned identity (azd output AILZ_IDENTITY_PRINCIPAL_ID).')
param principalId string

@description('Grant what subscription vending needs on these management groups (landing zones, sandbox, decommissioned). Empty disables vending access.')
param vendingManagementGroupIds array = []

@description('Built-in role names vending may assign to workload teams on the subscriptions it creates; the RBAC Administrator assignment is conditioned to exactly these.')
param vendingAssignableRoleNames array = [
  'Contributor'
  'Reader'
]

@description('The platform Log Analytics workspace (resource id) diagnosticsCoverage points diagnostic settings at (AILZ_LOG_ANALYTICS_WORKSPACE_ID). Empty: no log sink grant.')
param platformLogAnalyticsWorkspaceId string = ''

var operator = loadJsonContent('ailz-operator.actions.json')
var logSink = loadJsonContent('ailz-log-sink.actions.json')
var roles = loadJsonContent('builtin-roles.json')
var vendingAssignableRoleIds = [for roleName in vendingAssignableRoleNames: roles[roleName]]

resource operatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(managementGroup().id, operator.roleName)
  properties: {
    roleName: '${operator.roleName} (${managementGroup().name})'
    description: operator.description
    type: 'CustomRole'
    permissions: [
      {
        actions: operator.actions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      managementGroup().id
    ]
  }
}

resource operatorAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(managementGroup().id, principalId, operatorRole.id)
  properties: {
    roleDefinitionId: operatorRole.id
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'ailz: guardrail actions'
  }
}

resource logSinkRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(managementGroup().id, logSink.roleName)
  properties: {
    roleName: '${logSink.roleName} (${managementGroup().name})'
    description: logSink.description
    type: 'CustomRole'
    permissions: [
      {
        actions: logSink.actions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      managementGroup().id
    ]
  }
}

// /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{name}
var workspaceParts = split(platformLogAnalyticsWorkspaceId, '/')

module logSinkAccess 'log-sink-access.bicep' = if (!empty(platformLogAnalyticsWorkspaceId)) {
  name: 'ailz-log-sink'
  scope: resourceGroup(workspaceParts[2], workspaceParts[4])
  params: {
    principalId: principalId
    roleDefinitionId: logSinkRole.id
    workspaceName: last(workspaceParts)
  }
}

var readRoles = [
  'Reader'
  'Cost Management Reader'
  'GroupQuota Request Operator'
]

resource readAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleName in readRoles: {
    name: guid(managementGroup().id, principalId, roles[roleName])
    properties: {
      roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', roles[roleName])
      principalId: principalId
      principalType: 'ServicePrincipal'
      description: 'ailz: ${roleName}'
    }
  }
]

module vending 'vending-access.bicep' = [
  for mgId in vendingManagementGroupIds: {
    name: 'ailz-vending-${take(uniqueString(mgId), 8)}'
    scope: managementGroup(mgId)
    params: {
      principalId: principalId
      assignableRoleIds: vendingAssignableRoleIds
    }
  }
]

output operatorRoleDefinitionId string = operatorRole.id
