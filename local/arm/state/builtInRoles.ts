// Built-in Azure role definitions that ailz assigns or checks, by their real GUIDs.

export interface BuiltInRole {
  id: string;
  roleName: string;
  description: string;
  actions: string[];
  notActions?: string[];
  dataActions?: string[];
}

export const BUILT_IN_ROLES: BuiltInRole[] = [
  { id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", roleName: "Owner", description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.", actions: ["*"] },
  { id: "b24988ac-6180-42a0-ab88-20f7382dd24c", roleName: "Contributor", description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.", actions: ["*"], notActions: ["Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action"] },
  { id: "acdd72a7-3385-48ef-bd42-f606fba81ae7", roleName: "Reader", description: "View all resources, but does not allow you to make any changes.", actions: ["*/read"] },
  { id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", roleName: "User Access Administrator", description: "Lets you manage user access to Azure resources.", actions: ["*/read", "Microsoft.Authorization/*"] },
  { id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168", roleName: "Role Based Access Control Administrator", description: "Manage access to Azure resources by assigning roles using Azure RBAC.", actions: ["Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete", "*/read"] },
  { id: "4a9ae827-6dc8-4573-8ac7-8239d42aa03f", roleName: "Tag Contributor", description: "Lets you manage tags on entities, without providing access to the entities themselves.", actions: ["Microsoft.Resources/tags/*", "Microsoft.Resources/subscriptions/resourceGroups/read"] },
  { id: "a97b65f3-24c7-4388-baec-2e87135dc908", roleName: "Cognitive Services User", description: "Lets you read and list keys of Cognitive Services.", actions: ["Microsoft.CognitiveServices/*/read", "Microsoft.CognitiveServices/accounts/listkeys/action"], dataActions: ["Microsoft.CognitiveServices/*"] },
  { id: "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68", roleName: "Cognitive Services Contributor", description: "Lets you create, read, update, delete and manage keys of Cognitive Services.", actions: ["Microsoft.CognitiveServices/*"] },
  { id: "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", roleName: "Cognitive Services OpenAI User", description: "Read access to view files, models, deployments. The ability to create completion and embedding calls.", actions: ["Microsoft.CognitiveServices/*/read"], dataActions: ["Microsoft.CognitiveServices/accounts/OpenAI/*/read"] },
  { id: "a001fd3d-188f-4b5d-821b-7da978bf7442", roleName: "Cognitive Services OpenAI Contributor", description: "Full access including the ability to fine-tune, deploy and generate text.", actions: ["Microsoft.CognitiveServices/*/read", "Microsoft.CognitiveServices/accounts/deployments/*"], dataActions: ["Microsoft.CognitiveServices/accounts/OpenAI/*"] },
  { id: "64702f94-c441-49e6-a78b-ef80e0188fee", roleName: "Azure AI Developer", description: "Can perform all actions within an Azure AI resource besides managing the resource itself.", actions: ["Microsoft.MachineLearningServices/workspaces/*/read", "Microsoft.CognitiveServices/*"] },
  { id: "f6c7c914-8db3-469d-8ca1-694a8f32e121", roleName: "AzureML Data Scientist", description: "Can perform all actions within an Azure Machine Learning workspace, except for creating or deleting compute resources and modifying the workspace itself.", actions: ["Microsoft.MachineLearningServices/workspaces/*/read", "Microsoft.MachineLearningServices/workspaces/*/action"] },
  { id: "4d97b98b-1d4f-4787-a291-c67834d212e7", roleName: "Network Contributor", description: "Lets you manage networks, but not access to them.", actions: ["Microsoft.Network/*", "Microsoft.Resources/subscriptions/resourceGroups/read"] },
  { id: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c", roleName: "Virtual Machine Contributor", description: "Create and manage virtual machines, manage disks, install and run software.", actions: ["Microsoft.Compute/virtualMachines/*", "Microsoft.Compute/disks/*"] },
  { id: "43d0d8ad-25c7-4714-9337-8ba259a9fe05", roleName: "Monitoring Reader", description: "Can read all monitoring data.", actions: ["*/read", "Microsoft.OperationalInsights/workspaces/search/action"] },
  { id: "72fafb9e-0641-4937-9268-a91bfd8191a3", roleName: "Cost Management Reader", description: "Can view cost data and configuration (e.g. budgets, exports).", actions: ["Microsoft.Consumption/*/read", "Microsoft.CostManagement/*/read"] },
  { id: "434105ed-43f6-45c7-a02f-909b2ba83430", roleName: "Cost Management Contributor", description: "Can view costs and manage cost configuration (e.g. budgets, exports).", actions: ["Microsoft.Consumption/*", "Microsoft.CostManagement/*"] },
  { id: "e2217c0e-04bb-4724-9580-91cf9871bc01", roleName: "GroupQuota Request Operator", description: "Read and create quota requests, get quota request status, and create support tickets for group quotas.", actions: ["Microsoft.Quota/groupQuotas/read", "Microsoft.Quota/groupQuotas/write", "Microsoft.Quota/groupQuotas/groupQuotaLimits/read", "Microsoft.Quota/groupQuotas/groupQuotaLimits/write", "Microsoft.Quota/groupQuotas/groupQuotaRequests/read", "Microsoft.Quota/groupQuotas/quotaAllocations/read", "Microsoft.Quota/groupQuotas/quotaAllocationRequests/read", "Microsoft.Quota/groupQuotas/subscriptions/read", "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Support/*"] },
  { id: "5d58bcaf-24a5-4b20-bdb6-eed9f69fbe4c", roleName: "Management Group Contributor", description: "Management Group Contributor Role", actions: ["Microsoft.Management/managementGroups/delete", "Microsoft.Management/managementGroups/read", "Microsoft.Management/managementGroups/subscriptions/delete", "Microsoft.Management/managementGroups/subscriptions/write", "Microsoft.Management/managementGroups/write", "Microsoft.Management/managementGroups/subscriptions/read", "Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.Resources/deployments/*", "Microsoft.Support/*"] },
  { id: "4633458b-17de-408a-b874-0445c86b69e6", roleName: "Key Vault Secrets User", description: "Read secret contents.", actions: [], dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"] },
  { id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe", roleName: "Storage Blob Data Contributor", description: "Read, write, and delete Azure Storage containers and blobs.", actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/*"], dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"] },
  { id: "1407120a-92aa-4202-b7e9-c0e197c71c8f", roleName: "Search Index Data Reader", description: "Grants read access to Azure Cognitive Search index data.", actions: [], dataActions: ["Microsoft.Search/searchServices/indexes/documents/read"] },
];

const BY_ID = new Map(BUILT_IN_ROLES.map((r) => [r.id, r]));

/** The built-in role whose GUID ends the given role definition id (any scope prefix). */
export function builtInRole(roleDefinitionId: string): BuiltInRole | undefined {
  return BY_ID.get(roleDefinitionId.split("/").filter(Boolean).pop()?.toLowerCase() ?? "");
}
