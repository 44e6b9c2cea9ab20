// Where ailz reports to: an Event Grid custom topic (CloudEvents) that receives one event per
// finding, and a Key Vault (RBAC mode) holding the notification channels' secrets, read by the app
// through Key Vault references.

param location string = resourceGroup().location
param tags object = {}
param resourceToken string
param principalId string
@secure()
param notificationWebhookUrl string
@secure()
param teamsWebhookUrl string
@secure()
param acsConnectionString string = ''
@description('Key Vault purge protection (main.bicep keyVaultPurgeProtection).')
param purgeProtection bool
@description('Log Analytics workspace for the topic\'s and the vault\'s diagnostic settings.')
param workspaceId string
@description('Private-endpoint subnet when vnetEnabled; empty keeps the topic and the vault on public access.')
param privateEndpointSubnetId string = ''
param vaultDnsZoneId string = ''
param topicDnsZoneId string = ''

var usePrivateEndpoints = !empty(privateEndpointSubnetId)

var roles = loadJsonContent('../roles/builtin-roles.json')
var webhookSecretName = 'notification-webhook-url'
var teamsSecretName = 'teams-webhook-url'
var acsSecretName = 'acs-connection-string'

// A plain resource rather than the AVM topic module: ailz needs the CloudEvents input schema and
// the topic endpoint output, which that module does not expose.
resource topic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: 'evgt-ailz-findings-${resourceToken}'
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    // Publishing needs an Entra token with EventGrid Data Sender; access keys stay off.
    disableLocalAuth: true
    publicNetworkAccess: usePrivateEndpoints ? 'Disabled' : 'Enabled'
  }
}

resource topicDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'ailz-diagnostics'
  scope: topic
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

// The app publishes findings through the network when it is on (group id `topic`).
resource topicEndpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = if (usePrivateEndpoints) {
  name: 'pep-${topic.name}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: topic.name
        properties: {
          privateLinkServiceId: topic.id
          groupIds: [
            'topic'
          ]
        }
      }
    ]
  }
}

resource topicDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = if (usePrivateEndpoints) {
  parent: topicEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'topic'
        properties: {
          privateDnsZoneId: topicDnsZoneId
        }
      }
    ]
  }
}

resource topicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, principalId, roles['EventGrid Data Sender'])
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles['EventGrid Data Sender'])
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

module vault 'br/public:avm/res/key-vault/vault:0.13.1' = {
  name: 'ailz-vault'
  params: {
    name: 'kv-ailz-${take(resourceToken, 15)}'
    location: location
    tags: tags
    enableRbacAuthorization: true
    enablePurgeProtection: purgeProtection
    softDeleteRetentionInDays: 90
    publicNetworkAccess: usePrivateEndpoints ? 'Disabled' : 'Enabled'
    privateEndpoints: usePrivateEndpoints
      ? [
          {
            service: 'vault'
            subnetResourceId: privateEndpointSubnetId
            privateDnsZoneGroup: {
              privateDnsZoneGroupConfigs: [
                {
                  privateDnsZoneResourceId: vaultDnsZoneId
                }
              ]
            }
          }
        ]
      : []
    diagnosticSettings: [
      {
        workspaceResourceId: workspaceId
      }
    ]
    secrets: concat(
      [
        {
          name: webhookSecretName
          value: notificationWebhookUrl
        }
        {
          name: teamsSecretName
          value: teamsWebhookUrl
        }
      ],
      !empty(acsConnectionString) ? [
        {
          name: acsSecretName
          value: acsConnectionString
        }
      ] : []
    )
    roleAssignments: [
      {
        principalId: principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles['Key Vault Secrets User'])
      }
    ]
  }
}

output topicEndpoint string = topic.properties.endpoint
output topicResourceId string = topic.id
output keyVaultName string = vault.outputs.name
output keyVaultUri string = vault.outputs.uri
// Versionless URIs: a rotated secret is picked up without redeploying.
output webhookSecretUri string = '${vault.outputs.uri}secrets/${webhookSecretName}'
output teamsWebhookSecretUri string = '${vault.outputs.uri}secrets/${teamsSecretName}'
output acsConnectionSecretUri string = '${vault.outputs.uri}secrets/${acsSecretName}'
