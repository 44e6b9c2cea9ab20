// The resource providers the emulator knows, with their main resource types. Namespaces that
// Azure registers on every subscription start Registered; the others (what a vending pipeline
// registers explicitly) start NotRegistered unless the estate says otherwise.

export const PROVIDER_CATALOG: Record<string, string[]> = {
  "Microsoft.Resources": ["resourceGroups", "subscriptions", "tags", "deployments"],
  "Microsoft.Authorization": ["roleAssignments", "roleDefinitions", "locks", "policyAssignments"],
  "Microsoft.Compute": ["virtualMachines", "virtualMachines/extensions", "disks", "locations/usages", "skus"],
  "Microsoft.Network": ["virtualNetworks", "virtualNetworks/subnets", "virtualNetworks/virtualNetworkPeerings", "networkSecurityGroups", "privateEndpoints", "publicIPAddresses", "networkInterfaces"],
  "Microsoft.Storage": ["storageAccounts"],
  "Microsoft.KeyVault": ["vaults"],
  "Microsoft.EventGrid": ["systemTopics", "systemTopics/eventSubscriptions", "topics"],
  "Microsoft.CognitiveServices": ["accounts", "accounts/deployments"],
  "Microsoft.MachineLearningServices": ["workspaces", "workspaces/computes"],
  "Microsoft.Search": ["searchServices"],
  "Microsoft.ContainerService": ["managedClusters", "managedClusters/agentPools"],
  "Microsoft.Quota": ["quotas", "usages", "groupQuotas"],
  "Microsoft.CostManagement": ["query", "forecast", "budgets"],
  "Microsoft.Consumption": ["budgets"],
  "Microsoft.Insights": ["diagnosticSettings", "activityLogAlerts"],
  "Microsoft.OperationalInsights": ["workspaces"],
  "Microsoft.ManagedIdentity": ["userAssignedIdentities"],
};

export const REGISTERED_BY_DEFAULT = new Set(
  ["Microsoft.Resources", "Microsoft.Authorization", "Microsoft.Compute", "Microsoft.Network", "Microsoft.Storage", "Microsoft.KeyVault", "Microsoft.Consumption", "Microsoft.CostManagement", "Microsoft.Insights", "Microsoft.ManagedIdentity"].map((n) => n.toLowerCase()),
);

export const DEFAULT_LOCATIONS = ["eastus", "eastus2", "westus3", "northcentralus", "southcentralus", "westeurope", "northeurope", "swedencentral", "uksouth", "francecentral", "japaneast", "australiaeast"];
