// App Service Authentication (Easy Auth) with Microsoft Entra ID in front of ailz. It validates
// bearer tokens and browser sessions and sets x-ms-client-principal from them, stripping any copy
// a client sends; only then does the app trust that header (functions/auth/authorize.ts). The
// platform then sets WEBSITE_AUTH_ENABLED=True, which the app reads; without it, every
// role-protected route answers 503.
//
// Unauthenticated requests are let through (AllowAnonymous) rather than redirected: Event Grid
// and the action group call their webhooks with the function key alone, and the app answers 401
// or 403 itself, naming the role a route needs.

param siteName string
@description('The app registration\'s application (client) id (app-registration.bicep).')
param clientId string
@description('Token audiences accepted besides the client id: the app id URI.')
param identifierUri string

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: siteName
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: 'https://sts.windows.net/${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            clientId
            identifierUri
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}
