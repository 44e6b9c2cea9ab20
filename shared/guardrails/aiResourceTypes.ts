/**
 * The resource types that can be AI (GPU compute or an AI service): what `aiResourceKind`
 * classifies. Whether a VM, scale set or node pool is GPU needs its body, so a type alone
 * only says "maybe".
 */
export const AI_RESOURCE_TYPES = [
  "microsoft.compute/virtualmachines",
  "microsoft.compute/virtualmachinescalesets",
  "microsoft.cognitiveservices/accounts",
  "microsoft.cognitiveservices/accounts/deployments",
  "microsoft.machinelearningservices/workspaces",
  "microsoft.machinelearningservices/workspaces/computes",
  "microsoft.search/searchservices",
  "microsoft.containerservice/managedclusters",
  "microsoft.containerservice/managedclusters/agentpools",
] as const;
