targetScope = 'managementGroup'

// What vending needs on one landing-zone management group: place subscriptions under it
// (Management Group Contributor) and grant workload teams their roles, but only the roles listed
// (Role Based Access Control Administrator with an ABAC condition on the role definition id).

param principalId string

@description('Role definition GUIDs the identity may assign or remove.')
param assignableRoleIds array

var roles = loadJsonContent('builtin-roles.json')
var allowed = join(assignableRoleIds, ', ')

// Both halves are needed: the first limits new assignments, the second limits deletions, so the
// identity can neither grant nor strip any other role (Owner, User Access Administrator...).
var condition = '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${allowed}})) AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${allowed}}))'

resource mgContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(managementGroup().id, principalId, roles['Management Group Contributor'])
  properties: {
    roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', roles['Management Group Contributor'])
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'ailz vending: place subscriptions in this management group'
  }
}

resource rbacAdmin 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(managementGroup().id, principalId, roles['Role Based Access Control Administrator'])
  properties: {
    roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', roles['Role Based Access Control Administrator'])
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'ailz vending: grant workload teams their listed roles only'
    condition: condition
    conditionVersion: '2.0'
  }
}
