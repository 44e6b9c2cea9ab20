// The vnetEnabled option: a virtual network for ailz with a subnet the Flex Consumption app
// integrates with (delegated to Microsoft.App/environments) and one for private endpoints, and the
// private DNS zones those endpoints register in, linked to the network.

param name string
param location string = resourceGroup().location
param tags object = {}
@description('Address space of the network; the app subnet is its first /24, the private-endpoint subnet its second.')
param addressPrefix string

// Private DNS zone per private-link group ailz uses (storage blob/queue/table, Key Vault, Event
// Grid topic), in a fixed order: the output below indexes the module loop by it.
var zones = [
  'privatelink.blob.${environment().suffixes.storage}'
  'privatelink.queue.${environment().suffixes.storage}'
  'privatelink.table.${environment().suffixes.storage}'
  'privatelink.vaultcore.azure.net'
  'privatelink.eventgrid.azure.net'
]

module vnet 'br/public:avm/res/network/virtual-network:0.7.1' = {
  name: 'ailz-vnet'
  params: {
    name: name
    location: location
    tags: tags
    addressPrefixes: [
      addressPrefix
    ]
    subnets: [
      {
        name: 'snet-app'
        addressPrefix: cidrSubnet(addressPrefix, 24, 0)
        delegation: 'Microsoft.App/environments'
      }
      {
        name: 'snet-private-endpoints'
        addressPrefix: cidrSubnet(addressPrefix, 24, 1)
        privateEndpointNetworkPolicies: 'Disabled'
      }
    ]
  }
}

module dns 'br/public:avm/res/network/private-dns-zone:0.7.1' = [
  for (zone, i) in zones: {
    name: 'ailz-dns-${i}'
    params: {
      name: zone
      tags: tags
      virtualNetworkLinks: [
        {
          virtualNetworkResourceId: vnet.outputs.resourceId
          registrationEnabled: false
        }
      ]
    }
  }
]

output appSubnetId string = vnet.outputs.subnetResourceIds[0]
output privateEndpointSubnetId string = vnet.outputs.subnetResourceIds[1]
output dnsZoneIds object = {
  blob: dns[0].outputs.resourceId
  queue: dns[1].outputs.resourceId
  table: dns[2].outputs.resourceId
  vault: dns[3].outputs.resourceId
  topic: dns[4].outputs.resourceId
}
