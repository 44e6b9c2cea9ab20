targetScope = 'subscription'

// ailz control plane: Flex Consumption Function App (Node 22) with a user-assigned identity,
// identity-only storage, Application Insights without local auth, a findings topic and a Key Vault
// for notification secrets. Estate-wide roles live in infra/roles (management-group scope) and the
// Event Grid wiring in infra/events.bicep (needs the deployed code), both run by azd hooks.

@minLength(1)
@maxLength(64)
@description('azd environment name; seeds the resource token and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region of every resource, including the Flex Consumption app.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty means rg-<environmentName>.')
param resourceGroupName string = ''

@description('Durable Functions backend: Azure Storage (default) or the Durable Task Scheduler.')
@allowed([
  'azureStorage'
  'durableTaskScheduler'
])
param durableBackend string = 'azureStorage'

@description('Durable Task Scheduler SKU when durableBackend is durableTaskScheduler.')
@allowed([
  'Consumption'
  'Dedicated'
])
param durableTaskSchedulerSku string = 'Consumption'

@description('Capacity units of a Dedicated Durable Task Scheduler (ignored for Consumption).')
@minValue(1)
param durableTaskSchedulerCapacity int = 1

@description('Put ailz in a virtual network: the app integrates with it, storage, Key Vault and the findings topic get private endpoints and refuse public network access.')
param vnetEnabled bool = false

@description('Address space of that network (a /23 or larger: the app subnet and the private-endpoint subnet are its first two /24s).')
param vnetAddressPrefix string = '10.90.0.0/23'

@description('Key Vault purge protection. Off by default so azd down --purge then azd up can reuse the vault name; on, a deleted vault (and its name) is kept for 90 days.')
param keyVaultPurgeProtection bool = false

@description('Comma-separated e-mail addresses the alerts action group notifies (AILZ_ALERT_EMAILS).')
param alertEmails string = ''

@description('Hour (UTC) by which the nightly sweep (guardrails.yaml sweep.schedule, 02:00 by default) must have completed, or an alert fires.')
@minValue(0)
@maxValue(23)
param sweepDeadlineHourUtc int = 6

@minLength(1)
@description('Management group ailz governs (the landing-zone root, where infra/landing-zone is deployed); the policy\'s managementGroups.root and quotaGroup.managementGroupId (AILZ_ROOT_MANAGEMENT_GROUP_ID).')
param rootManagementGroupId string

@maxLength(10)
@description('Prefix of the landing-zone management groups, as given to infra/landing-zone (its default "alz" makes alz-corp, alz-sandbox...); the policy\'s archetype names (AILZ_MANAGEMENT_GROUP_PREFIX).')
param landingZonePrefix string = 'alz'

@description('Quota group name, as given to infra/landing-zone (AILZ_QUOTA_GROUP_NAME).')
param quotaGroupName string = 'aigpu'

@minLength(1)
@description('Hub virtual network vended spokes peer with (AILZ_HUB_VNET_ID).')
param hubVnetId string

@minLength(1)
@description('DDoS protection plan vended spokes join (AILZ_DDOS_PLAN_ID).')
param ddosPlanId string

@description('Flex Consumption instance memory in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Flex Consumption scale-out ceiling.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@minLength(1)
@description('Billing scope vending creates subscriptions under (enrollment account or invoice section id); read by guardrails.yaml as AILZ_BILLING_SCOPE.')
param billingScope string

@description('The landing zone\'s central Log Analytics workspace (resource id) AI services must send diagnostics to; read by guardrails.yaml as AILZ_LOG_ANALYTICS_WORKSPACE_ID. Empty: ailz\'s own workspace.')
param platformLogAnalyticsWorkspaceId string = ''

@secure()
@minLength(1)
@description('Webhook URL the policy\'s webhook channel posts notifications to; stored in Key Vault (AILZ_WEBHOOK_URL).')
param notificationWebhookUrl string

@secure()
@minLength(1)
@description('Teams incoming-webhook URL for notifications; stored in Key Vault (AILZ_TEAMS_URL).')
param teamsWebhookUrl string

@secure()
@description('Azure Communication Services connection string for e-mail; stored in Key Vault when given.')
param acsConnectionString string = ''

var roles = loadJsonContent('roles/builtin-roles.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-ailz-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 12)}'
// The container Event Grid dead-letters into: the event wiring's definition names it.
var deadLetterContainerName = loadJsonContent('../shared/azure/eventGrid/resourceEventsWiring.json').deadLetterContainerName
var taskHubName = 'ailz'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.5.0' = {
  name: 'ailz-identity'
  scope: rg
  params: {
    name: 'id-ailz-${resourceToken}'
    location: location
    tags: tags
  }
}

module network 'app/network.bicep' = if (vnetEnabled) {
  name: 'ailz-network'
  scope: rg
  params: {
    name: 'vnet-ailz-${resourceToken}'
    location: location
    tags: tags
    addressPrefix: vnetAddressPrefix
  }
}

// Diagnostic settings of every ailz resource go to the one workspace.
var diagnostics = [
  {
    workspaceResourceId: logAnalytics.outputs.resourceId
  }
]

module storage 'br/public:avm/res/storage/storage-account:0.32.1' = {
  name: 'ailz-storage'
  scope: rg
  params: {
    name: 'stailz${take(resourceToken, 17)}'
    location: location
    tags: tags
    skuName: 'Standard_LRS'
    allowBlobPublicAccess: false
    // Identity only: the Functions host, Durable Functions and the dead-letter writer all use
    // Entra ID, so account keys stay disabled.
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    // With the network on, only the private endpoints and trusted Azure services reach the
    // account: Event Grid writes dead letters from outside the network, as a trusted service
    // with ailz's identity, which publicNetworkAccess Disabled would refuse.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: vnetEnabled ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
    // map(), not a for-expression: Bicep allows those only directly as a property's value.
    privateEndpoints: vnetEnabled
      ? map(['blob', 'queue', 'table'], service => {
          service: service
          subnetResourceId: network!.outputs.privateEndpointSubnetId
          privateDnsZoneGroup: {
            privateDnsZoneGroupConfigs: [
              {
                privateDnsZoneResourceId: network!.outputs.dnsZoneIds[service]
              }
            ]
          }
        })
      : []
    diagnosticSettings: diagnostics
    queueServices: {
      diagnosticSettings: diagnostics
    }
    tableServices: {
      diagnosticSettings: diagnostics
    }
    blobServices: {
      diagnosticSettings: diagnostics
      containers: [
        {
          name: deploymentContainerName
        }
        {
          name: deadLetterContainerName
        }
      ]
    }
    roleAssignments: [
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles['Storage Blob Data Owner'])
      }
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles['Storage Queue Data Contributor'])
      }
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles['Storage Table Data Contributor'])
      }
    ]
  }
}

// The workspace diagnosticsCoverage sends AI services' logs to; the postprovision hook grants ailz the log sink role on it.
var platformWorkspaceId = !empty(platformLogAnalyticsWorkspaceId) ? platformLogAnalyticsWorkspaceId : logAnalytics.outputs.resourceId

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.12.0' = {
  name: 'ailz-logs'
  scope: rg
  params: {
    name: 'log-ailz-${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
  }
}

module appInsights 'br/public:avm/res/insights/component:0.6.0' = {
  name: 'ailz-appinsights'
  scope: rg
  params: {
    name: 'appi-ailz-${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    // Telemetry is accepted only with an Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
    disableLocalAuth: true
    roleAssignments: [
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles['Monitoring Metrics Publisher'])
      }
    ]
  }
}

module plan 'br/public:avm/res/web/serverfarm:0.5.0' = {
  name: 'ailz-plan'
  scope: rg
  params: {
    name: 'plan-ailz-${resourceToken}'
    location: location
    tags: tags
    skuName: 'FC1'
    kind: 'functionapp'
    reserved: true
  }
}

module findings 'app/findings.bicep' = {
  name: 'ailz-findings'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    principalId: identity.outputs.principalId
    notificationWebhookUrl: notificationWebhookUrl
    teamsWebhookUrl: teamsWebhookUrl
    acsConnectionString: acsConnectionString
    purgeProtection: keyVaultPurgeProtection
    workspaceId: logAnalytics.outputs.resourceId
    privateEndpointSubnetId: vnetEnabled ? network!.outputs.privateEndpointSubnetId : ''
    vaultDnsZoneId: vnetEnabled ? network!.outputs.dnsZoneIds.vault : ''
    topicDnsZoneId: vnetEnabled ? network!.outputs.dnsZoneIds.topic : ''
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'ailz-monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    applicationInsightsId: appInsights.outputs.resourceId
    alertEmailAddresses: filter(map(split(alertEmails, ','), address => trim(address)), address => !empty(address))
    sweepDeadlineHourUtc: sweepDeadlineHourUtc
  }
}

module durableScheduler 'app/durable-scheduler.bicep' = if (durableBackend == 'durableTaskScheduler') {
  name: 'ailz-durable-scheduler'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'dts-ailz-${resourceToken}'
    taskHubName: taskHubName
    skuName: durableTaskSchedulerSku
    capacity: durableTaskSchedulerCapacity
    principalId: identity.outputs.principalId
  }
}

module api 'app/api.bicep' = {
  name: 'ailz-api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    serviceName: 'ailz'
    appServicePlanId: plan.outputs.resourceId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    identityPrincipalId: identity.outputs.principalId
    applicationInsightsConnectionString: appInsights.outputs.connectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    taskHubName: taskHubName
    tenantId: tenant().tenantId
    rootManagementGroupId: rootManagementGroupId
    managementGroupPrefix: '${landingZonePrefix}-'
    quotaGroupName: quotaGroupName
    hubVnetId: hubVnetId
    ddosPlanId: ddosPlanId
    billingScope: billingScope
    logAnalyticsWorkspaceId: platformWorkspaceId
    findingsTopicEndpoint: findings.outputs.topicEndpoint
    webhookSecretUri: findings.outputs.webhookSecretUri
    teamsSecretUri: findings.outputs.teamsWebhookSecretUri
    acsSecretUri: !empty(acsConnectionString) ? findings.outputs.acsConnectionSecretUri : ''
    durableSchedulerEndpoint: durableBackend == 'durableTaskScheduler' ? durableScheduler!.outputs.endpoint : ''
    workspaceId: logAnalytics.outputs.resourceId
    appSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
  }
}

// Who may do what: the app registration with ailz's app roles, and Easy Auth in front of the app.
module appRegistration 'app/app-registration.bicep' = {
  name: 'ailz-app-registration'
  scope: rg
  params: {
    uniqueName: 'ailz-${resourceToken}'
    displayName: 'ailz (${environmentName})'
    hostName: api.outputs.defaultHostname
  }
}

module auth 'app/auth.bicep' = {
  name: 'ailz-auth'
  scope: rg
  params: {
    siteName: api.outputs.name
    clientId: appRegistration.outputs.clientId
    identifierUri: appRegistration.outputs.identifierUri
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_ID string = api.outputs.resourceId
output AILZ_APP_CLIENT_ID string = appRegistration.outputs.clientId
output AILZ_APP_ID_URI string = appRegistration.outputs.identifierUri
output AILZ_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AILZ_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AILZ_IDENTITY_ID string = identity.outputs.resourceId
output AILZ_STORAGE_ACCOUNT_ID string = storage.outputs.resourceId
output AILZ_FINDINGS_TOPIC_ENDPOINT string = findings.outputs.topicEndpoint
output AILZ_KEY_VAULT_NAME string = findings.outputs.keyVaultName
output AILZ_DURABLE_BACKEND string = durableBackend
// The postdeploy hook gives these to infra/events.bicep (system topics' delivery-failure logs and alerts); the
// workspace is also where diagnosticsCoverage wants AI services' logs.
output AILZ_LOG_ANALYTICS_WORKSPACE_ID string = platformWorkspaceId
output AILZ_ACTION_GROUP_ID string = monitoring.outputs.actionGroupId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = appInsights.outputs.connectionString
