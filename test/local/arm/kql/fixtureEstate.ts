import type { EstateJson } from "../../../../local/arm/state/schemas";

// A small fixed estate for the KQL conformance and route tests: 3 subscriptions under a
// landing-zone hierarchy, 5 resource groups, 30 resources (GPU VMs, OpenAI / AI Services
// accounts and deployments, ML, AKS with a GPU pool, network, storage, disks), tags with dashes.

const TENANT = "7a11ce00-0000-4000-8000-000000000001";
export const SUB_CORP = "11111111-1111-1111-1111-111111111111";
export const SUB_ONLINE = "22222222-2222-2222-2222-222222222222";
export const SUB_SANDBOX = "33333333-3333-3333-3333-333333333333";

const rgId = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}`;
const resId = (sub: string, rg: string, type: string, name: string) => `${rgId(sub, rg)}/providers/${type}/${name}`;

function vm(sub: string, rg: string, name: string, location: string, size: string, power: "running" | "deallocated", created: string, tags: Record<string, string>) {
  return {
    id: resId(sub, rg, "Microsoft.Compute/virtualMachines", name),
    name,
    type: "Microsoft.Compute/virtualMachines",
    location,
    tags,
    properties: {
      hardwareProfile: { vmSize: size },
      storageProfile: { osDisk: { osType: "Linux", name: `${name}-osdisk` } },
      timeCreated: created,
      provisioningState: "Succeeded",
      extended: { instanceView: { powerState: { code: `PowerState/${power}` } } },
    },
  };
}

function account(sub: string, rg: string, name: string, location: string, kind: string, publicNetworkAccess: string, disableLocalAuth: boolean, tags: Record<string, string>) {
  return {
    id: resId(sub, rg, "Microsoft.CognitiveServices/accounts", name),
    name,
    type: "Microsoft.CognitiveServices/accounts",
    location,
    kind,
    sku: { name: "S0" },
    identity: kind === "OpenAI" ? { type: "SystemAssigned", principalId: `pid-${name}` } : null,
    tags,
    properties: { publicNetworkAccess, disableLocalAuth, networkAcls: { defaultAction: publicNetworkAccess === "Enabled" ? "Allow" : "Deny" } },
  };
}

function deployment(sub: string, rg: string, acct: string, name: string, model: string, version: string) {
  return {
    id: `${resId(sub, rg, "Microsoft.CognitiveServices/accounts", acct)}/deployments/${name}`,
    name,
    type: "Microsoft.CognitiveServices/accounts/deployments",
    sku: { name: "Standard", capacity: 10 },
    properties: { model: { format: "OpenAI", name: model, version }, provisioningState: "Succeeded" },
  };
}

function plain(sub: string, rg: string, type: string, name: string, location: string, extra: Record<string, unknown> = {}) {
  return { id: resId(sub, rg, type, name), name, type, location, ...extra };
}

export const fixtureEstate: EstateJson = {
  tenantId: TENANT,
  rootManagementGroupId: "tenant-root",
  managementGroups: [
    { name: "platform", displayName: "Platform", parent: "tenant-root" },
    { name: "landingzones", displayName: "Landing Zones", parent: "tenant-root" },
    { name: "corp", displayName: "Corp", parent: "landingzones" },
    { name: "online", displayName: "Online", parent: "landingzones" },
    { name: "sandbox", displayName: "Sandbox", parent: "tenant-root" },
  ],
  subscriptions: [
    { subscriptionId: SUB_CORP, displayName: "corp-ai-prod", managementGroupId: "corp", tags: { env: "prod", "cost-center": "cc-100", owner: "alice@contoso.com" } },
    { subscriptionId: SUB_ONLINE, displayName: "online-ai-dev", managementGroupId: "online", tags: { env: "dev", "cost-center": "cc-200" } },
    { subscriptionId: SUB_SANDBOX, displayName: "sandbox-bob", managementGroupId: "sandbox", tags: { env: "sandbox" } },
  ],
  resourceGroups: [
    { id: rgId(SUB_CORP, "RG-AI-Prod"), name: "RG-AI-Prod", type: "Microsoft.Resources/resourceGroups", location: "eastus", tags: { workload: "chat" }, properties: { provisioningState: "Succeeded" } },
    { id: rgId(SUB_CORP, "rg-net"), name: "rg-net", type: "Microsoft.Resources/resourceGroups", location: "eastus", properties: { provisioningState: "Succeeded" } },
    { id: rgId(SUB_ONLINE, "rg-ml"), name: "rg-ml", type: "Microsoft.Resources/resourceGroups", location: "westeurope", tags: { workload: "ml" }, properties: { provisioningState: "Succeeded" } },
    { id: rgId(SUB_ONLINE, "RG-Apps"), name: "RG-Apps", type: "Microsoft.Resources/resourceGroups", location: "westeurope", properties: { provisioningState: "Succeeded" } },
    { id: rgId(SUB_SANDBOX, "rg-sandbox"), name: "rg-sandbox", type: "Microsoft.Resources/resourceGroups", location: "eastus", properties: { provisioningState: "Succeeded" } },
  ],
  resources: [
    // corp-ai-prod / RG-AI-Prod
    vm(SUB_CORP, "RG-AI-Prod", "gpu-a100-01", "eastus", "Standard_NC24ads_A100_v4", "running", "2024-05-01T10:00:00Z", { "cost-center": "cc-100", owner: "alice" }),
    vm(SUB_CORP, "RG-AI-Prod", "gpu-a100-02", "eastus", "Standard_NC48ads_A100_v4", "deallocated", "2024-06-15T08:30:00Z", { "cost-center": "cc-100" }),
    vm(SUB_CORP, "RG-AI-Prod", "gpu-h100-01", "EastUS", "Standard_ND96isr_H100_v5", "running", "2024-09-01T00:00:00Z", { owner: "carol" }),
    vm(SUB_CORP, "RG-AI-Prod", "web-01", "eastus", "Standard_D4s_v5", "running", "2023-11-20T12:00:00Z", { "cost-center": "cc-100", owner: "alice" }),
    account(SUB_CORP, "RG-AI-Prod", "oai-prod", "eastus", "OpenAI", "Disabled", true, { "cost-center": "cc-100" }),
    deployment(SUB_CORP, "RG-AI-Prod", "oai-prod", "gpt-4o", "gpt-4o", "2024-08-06"),
    deployment(SUB_CORP, "RG-AI-Prod", "oai-prod", "gpt-35", "gpt-35-turbo", "0613"),
    plain(SUB_CORP, "RG-AI-Prod", "Microsoft.Storage/storageAccounts", "stprodai", "eastus", { kind: "StorageV2", sku: { name: "Standard_LRS" }, tags: { "cost-center": "cc-100" }, properties: { minimumTlsVersion: "TLS1_2" } }),
    plain(SUB_CORP, "RG-AI-Prod", "Microsoft.Search/searchServices", "srch-prod", "eastus", { sku: { name: "standard" }, tags: { "cost-center": "cc-100" }, properties: { publicNetworkAccess: "enabled", replicaCount: 2 } }),
    // corp-ai-prod / rg-net
    plain(SUB_CORP, "rg-net", "Microsoft.Network/virtualNetworks", "vnet-hub", "eastus", {
      properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16", "10.1.0.0/16"] }, subnets: [{ name: "default" }, { name: "AzureBastionSubnet" }, { name: "snet-ai" }] },
    }),
    plain(SUB_CORP, "rg-net", "Microsoft.Network/networkSecurityGroups", "nsg-default", "eastus", { properties: { securityRules: [] } }),
    plain(SUB_CORP, "rg-net", "Microsoft.Network/publicIPAddresses", "pip-bastion", "eastus", { zones: ["1", "2", "3"], sku: { name: "Standard" }, properties: { publicIPAllocationMethod: "Static" } }),
    // online-ai-dev / rg-ml
    vm(SUB_ONLINE, "rg-ml", "gpu-t4-01", "westeurope", "Standard_NC4as_T4_v3", "running", "2024-07-01T09:00:00Z", { "cost-center": "cc-200", owner: "dave" }),
    vm(SUB_ONLINE, "rg-ml", "gpu-t4-02", "westeurope", "Standard_NC8as_T4_v3", "deallocated", "2024-02-10T09:00:00Z", {}),
    account(SUB_ONLINE, "rg-ml", "ais-dev", "westeurope", "AIServices", "Enabled", false, { owner: "dave" }),
    account(SUB_ONLINE, "rg-ml", "oai-dev", "swedencentral", "OpenAI", "Enabled", true, { "cost-center": "cc-200" }),
    deployment(SUB_ONLINE, "rg-ml", "oai-dev", "gpt-4o-mini", "gpt-4o-mini", "2024-07-18"),
    plain(SUB_ONLINE, "rg-ml", "Microsoft.MachineLearningServices/workspaces", "mlw-dev", "westeurope", { tags: { "cost-center": "cc-200" }, properties: { publicNetworkAccess: "Disabled" } }),
    {
      id: `${resId(SUB_ONLINE, "rg-ml", "Microsoft.MachineLearningServices/workspaces", "mlw-dev")}/computes/gpu-cluster`,
      name: "gpu-cluster",
      type: "Microsoft.MachineLearningServices/workspaces/computes",
      location: "westeurope",
      properties: { computeType: "AmlCompute", properties: { vmSize: "Standard_NC6s_v3", scaleSettings: { maxNodeCount: 4, minNodeCount: 0 } } },
    },
    plain(SUB_ONLINE, "rg-ml", "Microsoft.ContainerService/managedClusters", "aks-dev", "westeurope", {
      tags: { "cost-center": "cc-200" },
      properties: {
        agentPoolProfiles: [
          { name: "system", vmSize: "Standard_D4s_v5", count: 3, mode: "System" },
          { name: "gpu", vmSize: "Standard_NC24ads_A100_v4", count: 2, mode: "User" },
        ],
      },
    }),
    // online-ai-dev / RG-Apps
    plain(SUB_ONLINE, "RG-Apps", "Microsoft.Web/sites", "app-frontend", "westeurope", { kind: "app", tags: { owner: "erin" }, properties: { httpsOnly: true } }),
    plain(SUB_ONLINE, "RG-Apps", "Microsoft.KeyVault/vaults", "kv-apps", "westeurope", { tags: { "cost-center": "cc-200" }, properties: { enableRbacAuthorization: true } }),
    plain(SUB_ONLINE, "RG-Apps", "Microsoft.Storage/storageAccounts", "stapps", "westeurope", { kind: "StorageV2", sku: { name: "Standard_GRS" }, properties: { minimumTlsVersion: "TLS1_0" } }),
    // sandbox-bob / rg-sandbox
    vm(SUB_SANDBOX, "rg-sandbox", "sbx-gpu", "eastus", "Standard_NC6s_v3", "running", "2024-08-20T00:00:00Z", { "cost-center": "cc-300", "expires-on": "2024-06-30" }),
    vm(SUB_SANDBOX, "rg-sandbox", "sbx-cpu", "eastus", "Standard_B2s", "deallocated", "2024-01-05T00:00:00Z", {}),
    account(SUB_SANDBOX, "rg-sandbox", "oai-shadow", "eastus", "OpenAI", "Enabled", false, {}),
    deployment(SUB_SANDBOX, "rg-sandbox", "oai-shadow", "gpt-4", "gpt-4", "0613"),
    plain(SUB_SANDBOX, "rg-sandbox", "Microsoft.Storage/storageAccounts", "stsbx", "eastus", { kind: "BlobStorage", sku: { name: "Standard_LRS" } }),
    plain(SUB_SANDBOX, "rg-sandbox", "Microsoft.Compute/disks", "sbx-gpu-osdisk", "eastus", {
      managedBy: resId(SUB_SANDBOX, "rg-sandbox", "Microsoft.Compute/virtualMachines", "sbx-gpu"),
      sku: { name: "Premium_LRS" },
      properties: { diskSizeGB: 128, diskState: "Attached" },
    }),
    plain(SUB_SANDBOX, "rg-sandbox", "Microsoft.Compute/disks", "orphan-disk", "eastus", { sku: { name: "Standard_LRS" }, properties: { diskSizeGB: 512, diskState: "Unattached" } }),
  ],
};
