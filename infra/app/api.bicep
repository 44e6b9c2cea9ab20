// The ailz Function App on Flex Consumption, deployed from a blob container through the
// user-assigned identity; every connection (storage, App Insights) is identity-based.

param name string
param location string = resourceGroup().location
param tags object = {}
@description('azd-service-name tag value; must match the service name in azure.yaml.')
param serviceName string
param appServicePlanId string
param storageAccountName string
param deploymentContainerName string
param identityId string
param identityClientId string
@secure()
param applicationInsightsConnectionString string
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 100
@description('Durable Functions task hub name (host.json reads %AILZ_TASK_HUB%).')
param taskHubName string
@description('Object id of the user-assigned identity: ailz\'s own principal (loop guard, audit actor, approvedDeployers).')
param identityPrincipalId string
@description('Entra tenant ailz runs in; vending sends it as the alias subscriptionTenantId.')
param tenantId string
@description('Root management group ailz governs (the landing-zone scaffold\'s deployment scope).')
param rootManagementGroupId string
@description('Prefix of the child management groups with its dash, e.g. "alz-" for alz-corp.')
param managementGroupPrefix string
@description('Quota group on the root management group that GPU quota is shared through.')
param quotaGroupName string
param hubVnetId string
param ddosPlanId string
param billingScope string
@description('The platform Log Analytics workspace AI services must send their logs to (diagnosticsCoverage).')
param logAnalyticsWorkspaceId string
param findingsTopicEndpoint string
@description('Key Vault secret URIs of the notification channels (resolved by Key Vault references).')
param webhookSecretUri string
param teamsSecretUri string
@description('Empty when e-mail uses the identity instead of an ACS key.')
param acsSecretUri string = ''
@description('Durable Task Scheduler endpoint; empty keeps the Azure Storage backend.')
param durableSchedulerEndpoint string = ''
@description('Log Analytics workspace the app\'s diagnostic settings send to.')
param workspaceId string
@description('Subnet (delegated to Microsoft.App/environments) the app integrates with; empty: no VNet integration.')
param appSubnetId string = ''

resource stg 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

// Every setting below is in the contract (shared/config/appSettings.ts); the settings-contract
// test fails when one is added here that nothing reads, or a required one is missing.
var identitySettings = {
  // Identity-based host storage: no AzureWebJobsStorage connection string exists anywhere. ailz's
  // stores read the blob and table URIs too (shared/store/storeConfig.ts).
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: stg.properties.primaryEndpoints.blob
  // Durable Functions' Azure Storage provider needs queues and tables as well.
  AzureWebJobsStorage__queueServiceUri: stg.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: stg.properties.primaryEndpoints.table
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  OTEL_SERVICE_NAME: 'ailz'
  AILZ_TASK_HUB: taskHubName
  AILZ_IDENTITY_OBJECT_ID: identityPrincipalId
  // DefaultAzureCredential picks the user-assigned identity from AZURE_CLIENT_ID.
  AZURE_CLIENT_ID: identityClientId
  AILZ_TENANT_ID: tenantId
  // Where vending wires new subscriptions' resource events (shared/azure/eventGrid/resourceEventsWiring.json):
  // this app's resourceEvents function, dead letters in this storage, written with this identity.
  AILZ_FUNCTION_APP_ID: resourceId('Microsoft.Web/sites', name)
  AILZ_STORAGE_ACCOUNT_ID: stg.id
  AILZ_IDENTITY_ID: identityId
}

// guardrails.yaml reads these as ${NAME:-local fallback}.
var policySettings = {
  AILZ_ROOT_MANAGEMENT_GROUP_ID: rootManagementGroupId
  AILZ_MANAGEMENT_GROUP_PREFIX: managementGroupPrefix
  AILZ_QUOTA_GROUP_NAME: quotaGroupName
  AILZ_HUB_VNET_ID: hubVnetId
  AILZ_DDOS_PLAN_ID: ddosPlanId
  AILZ_BILLING_SCOPE: billingScope
  AILZ_LOG_ANALYTICS_WORKSPACE_ID: logAnalyticsWorkspaceId
  AILZ_FINDINGS_TOPIC_ENDPOINT: findingsTopicEndpoint
  AILZ_WEBHOOK_URL: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'
  AILZ_TEAMS_URL: '@Microsoft.KeyVault(SecretUri=${teamsSecretUri})'
}

var acsSettings = !empty(acsSecretUri) ? { AILZ_ACS_CONNECTION_STRING: '@Microsoft.KeyVault(SecretUri=${acsSecretUri})' } : {}

// Switching backends is configuration only: host.json keeps the Azure Storage provider and these
// AzureFunctionsJobHost__ overrides replace it, so the code and host.json never change.
var durableSettings = !empty(durableSchedulerEndpoint)
  ? {
      DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'azureManaged'
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
    }
  : {}

module site 'br/public:avm/res/web/site:0.23.1' = {
  name: '${serviceName}-flex-consumption'
  params: {
    kind: 'functionapp,linux'
    name: name
    location: location
    tags: union(tags, { 'azd-service-name': serviceName })
    serverFarmResourceId: appServicePlanId
    httpsOnly: true
    diagnosticSettings: [
      {
        workspaceResourceId: workspaceId
      }
    ]
    // VNet integration; all outbound traffic through the network, so Key Vault references and
    // storage resolve through the private endpoints.
    virtualNetworkSubnetResourceId: !empty(appSubnetId) ? appSubnetId : null
    outboundVnetRouting: !empty(appSubnetId)
      ? {
          allTraffic: true
        }
      : null
    managedIdentities: {
      systemAssigned: false
      userAssignedResourceIds: [
        identityId
      ]
    }
    // Key Vault references resolve with the same identity.
    keyVaultAccessIdentityResourceId: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${stg.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    configs: [
      {
        name: 'appsettings'
        properties: union(identitySettings, policySettings, acsSettings, durableSettings)
      }
    ]
  }
}

output name string = site.outputs.name
output resourceId string = site.outputs.resourceId
output defaultHostname string = site.outputs.defaultHostname
