// ailz's Microsoft Entra app registration: the audience Easy Auth validates tokens for, and the
// app roles every HTTP route names (functions/auth/appRoles.ts). Assign the roles to people,
// groups and pipelines on the enterprise application (infra/README.md, "Who may do what").
// Deploying Microsoft Graph resources needs Application.ReadWrite.All (or Application
// Administrator) for whoever runs `azd provision`.
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'

@description('Unique name of the registration (stable across deployments, so a redeploy updates it).')
param uniqueName string
param displayName string
@description('The Function App host name, for the Easy Auth sign-in callback.')
param hostName string

// Ids derived from the registration's unique name: stable across deployments (a role's id must
// never change once assigned, or every assignment is lost).
var appRoles = [
  {
    id: guid(uniqueName, 'ailz.Approver')
    value: 'ailz.Approver'
    displayName: 'ailz Approver'
    description: 'Approves or rejects vending requests, creates and removes guardrail exemptions, extends any sandbox and keeps any quota. Includes Reader.'
    allowedMemberTypes: [ 'User' ]
    isEnabled: true
  }
  {
    id: guid(uniqueName, 'ailz.Operator')
    value: 'ailz.Operator'
    displayName: 'ailz Operator'
    description: 'Starts sweeps (also dry runs) and retries failed vending requests. Includes Reader.'
    allowedMemberTypes: [ 'User', 'Application' ]
    isEnabled: true
  }
  {
    id: guid(uniqueName, 'ailz.Reader')
    value: 'ailz.Reader'
    displayName: 'ailz Reader'
    description: 'Reads findings, the audit log, reports, exemptions, sweeps, quota reclaims and vending requests.'
    allowedMemberTypes: [ 'User', 'Application' ]
    isEnabled: true
  }
]

resource app 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  appRoles: appRoles
  // api://<tenant id>/<name> satisfies the default app-id-URI policy without knowing the app id first.
  identifierUris: [ 'api://${tenant().tenantId}/${uniqueName}' ]
  web: {
    redirectUris: [ 'https://${hostName}/.auth/login/aad/callback' ]
    // Easy Auth signs browsers in with an ID token only (no client secret anywhere).
    implicitGrantSettings: {
      enableIdTokenIssuance: true
    }
  }
  api: {
    requestedAccessTokenVersion: 2
  }
}

resource sp 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: app.appId
  // Only people, groups and pipelines given an ailz role can get a token for ailz at all.
  appRoleAssignmentRequired: true
}

output clientId string = app.appId
output identifierUri string = 'api://${tenant().tenantId}/${uniqueName}'
output servicePrincipalId string = sp.id
