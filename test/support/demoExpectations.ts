import { z } from "zod";
import { DEMO_SANDBOX_GROUPS, FAMILY, resId, sandboxGroupScope, subScope } from "../../local/demo/demoIds";

/**
 * What each guardrail should conclude about the demo estate at the `now` it was built for, on a
 * first evaluation (no ailz state yet, history from `seedDemoHistory`). `fire` means the pure
 * guardrail returns a `flag` or `act` decision for `id`; `rules` lists the rules that fire (for
 * `fire: true`); `exempted` means an `ailz-exempt` tag covers it, so after exemptions no action
 * or notification follows. For every guardrail, the ids with `fire: true` are the complete set
 * of ids that fire in the whole estate; tests assert that.
 */
export const GuardrailName = z.enum(["shadowAi", "aiHardening", "requiredTags", "idleGpuQuota", "sandboxLifecycle", "budgetAlerts", "privateLinkCoverage", "diagnosticsCoverage", "multiRegionReadiness", "idleGpuCompute"]);
export type GuardrailName = z.infer<typeof GuardrailName>;

export const DemoExpectation = z.object({
  guardrail: GuardrailName,
  /** Resource id; for budgets and sandboxes `/subscriptions/{id}` (resource-group sandboxes: the group's id); for quota the Microsoft.Quota id of the allocation. */
  id: z.string().min(1),
  fire: z.boolean(),
  rules: z.array(z.string()).default([]),
  exempted: z.boolean().default(false),
  why: z.string().min(1),
});
export type DemoExpectation = z.infer<typeof DemoExpectation>;
type In = z.input<typeof DemoExpectation>;

const VM = "Microsoft.Compute/virtualMachines";
const OAI = "Microsoft.CognitiveServices/accounts";
const quotaId = (key: string, location: string, family: string) => `${subScope(key)}/providers/Microsoft.Compute/locations/${location}/providers/Microsoft.Quota/quotas/${family}`;
const vm = (key: string, rg: string, name: string) => resId(key, rg, VM, name);
/** A VM with the NIC and OS disk made with it (same tags). */
const vmParts = (key: string, rg: string, name: string) => [vm(key, rg, name), resId(key, rg, "Microsoft.Network/networkInterfaces", `${name}-nic`), resId(key, rg, "Microsoft.Compute/disks", `${name}-osdisk`)];

export const ids = {
  chatOpenAi: resId("genai-chat-prod", "rg-genai-chat-ai", OAI, "oai-genai-chat-prod"),
  chatGpt4o: `${resId("genai-chat-prod", "rg-genai-chat-ai", OAI, "oai-genai-chat-prod")}/deployments/gpt-4o`,
  chatGpt4oLegacy: `${resId("genai-chat-prod", "rg-genai-chat-ai", OAI, "oai-genai-chat-prod")}/deployments/gpt-4o-legacy`,
  chatSearch: resId("genai-chat-prod", "rg-genai-chat-ai", "Microsoft.Search/searchServices", "srch-genai-chat-prod"),
  chatA100: vm("genai-chat-prod", "rg-genai-chat-gpu", "vm-a100-infer-01"),
  chatA100Recent: vm("genai-chat-prod", "rg-genai-chat-gpu", "vm-a100-infer-04"),
  trainH100: vm("ml-training-prod", "rg-ml-training", "vm-h100-train-01"),
  trainWorkspace: resId("ml-training-prod", "rg-ml-training", "Microsoft.MachineLearningServices/workspaces", "mlw-training-prod"),
  trainGpuCompute: `${resId("ml-training-prod", "rg-ml-training", "Microsoft.MachineLearningServices/workspaces", "mlw-training-prod")}/computes/gpu-cluster`,
  docA100: vm("doc-intel-dev", "rg-doc-intel-gpu", "vm-a100-ocr-01"),
  fraudAdhoc: vm("fraud-ml-prod", "rg-fraud-adhoc", "vm-a100-adhoc"),
  fraudA100: vm("fraud-ml-prod", "rg-fraud-ml", "vm-a100-fraud-01"),
  analyticsT4: vm("analytics-dev", "rg-analytics-gpu", "vm-t4-notebook"),
  analyticsIdleA100: vm("analytics-dev", "rg-analytics-gpu", "vm-a100-playground"),
  analyticsStoppedA100: vm("analytics-dev", "rg-analytics-gpu", "vm-a100-finetune"),
  fraudWarmCluster: `${resId("fraud-ml-prod", "rg-fraud-ml", "Microsoft.MachineLearningServices/workspaces", "mlw-fraud-prod")}/computes/gpu-warm`,
  assistantOpenAi: resId("assistant-prod", "rg-assistant-ai", OAI, "oai-assistant-prod"),
  assistantGpt4oMini: `${resId("assistant-prod", "rg-assistant-ai", OAI, "oai-assistant-prod")}/deployments/gpt-4o-mini`,
  assistantGpt35: `${resId("assistant-prod", "rg-assistant-ai", OAI, "oai-assistant-prod")}/deployments/gpt-35-turbo`,
  assistantPlayground: resId("assistant-prod", "rg-assistant-playground", OAI, "oai-assistant-playground"),
  visionAiServices: resId("vision-prod", "rg-vision-ai", OAI, "ais-vision-prod"),
  visionAks: resId("vision-prod", "rg-vision-aks", "Microsoft.ContainerService/managedClusters", "aks-vision-prod"),
  visionAksGpuPool: `${resId("vision-prod", "rg-vision-aks", "Microsoft.ContainerService/managedClusters", "aks-vision-prod")}/agentPools/gpu`,
  aliceA100: vm("sbx-alice", "rg-sbx-alice", "vm-a100-eval"),
  bobT4: vm("sbx-bob", "rg-sbx-bob", "vm-t4-vision"),
  frankStorage: resId("sbx-frank", "rg-sbx-frank", "Microsoft.Storage/storageAccounts", "stsbxfrank"),
  experimentsOpenAi: resId("ml-experiments", "rg-experiments", OAI, "oai-ml-experiments"),
  experimentsT4: vm("ml-experiments", "rg-experiments", "vm-t4-experiments"),
  fraudWorkspace: resId("fraud-ml-prod", "rg-fraud-ml", "Microsoft.MachineLearningServices/workspaces", "mlw-fraud-prod"),
  researchStorage: resId("research-legacy", "rg-research", "Microsoft.Storage/storageAccounts", "stresearchscratch"),
  researchVm: vm("research-legacy", "rg-research", "vm-research-01"),
  hubVnet: resId("connectivity", "rg-hub-eastus2", "Microsoft.Network/virtualNetworks", "vnet-hub-eastus2"),
  /** Resource-group sandbox idle 36 days (corp-search-test). */
  idleSandboxGroup: sandboxGroupScope(DEMO_SANDBOX_GROUPS.find((g) => g.rg === "rg-sbx-jun-prompts")!),
  idleSandboxGroupVm: resId("search-test", "rg-sbx-jun-prompts", VM, "vm-jun-scratch"),
  idleSandboxGroupStorage: resId("search-test", "rg-sbx-jun-prompts", "Microsoft.Storage/storageAccounts", "stsbxjunprompts"),
  fraudFillerStorage: resId("fraud-ml-prod", "rg-fraud-ml-app-06", "Microsoft.Storage/storageAccounts", "stfraudml11"),
  fraudFillerVault: resId("fraud-ml-prod", "rg-fraud-ml-app-06", "Microsoft.KeyVault/vaults", "kv-fraudml-11"),
  /** Resource-group sandbox active 4 days ago (online-recs-dev). */
  activeSandboxGroup: sandboxGroupScope(DEMO_SANDBOX_GROUPS.find((g) => g.rg === "rg-sbx-nina-features")!),
} as const;

const raw: In[] = [
  // --- shadowAi: AI resources made outside the approved pipeline, outside the approved MGs, or untagged.
  { guardrail: "shadowAi", id: ids.fraudAdhoc, fire: true, rules: ["unapprovedDeployer", "missingRequiredTags"], why: "A100 VM made in the portal by omar@contoso.com in a Corp subscription, without cost-center/project" },
  { guardrail: "shadowAi", id: ids.assistantPlayground, fire: true, rules: ["unapprovedDeployer"], why: "hardened OpenAI account, but made by hand by maria@contoso.com" },
  { guardrail: "shadowAi", id: ids.aliceA100, fire: true, rules: ["unapprovedDeployer"], why: "A100 VM made by hand in alice's sandbox" },
  { guardrail: "shadowAi", id: ids.experimentsOpenAi, fire: true, rules: ["unapprovedDeployer", "outsideApprovedManagementGroups", "missingRequiredTags"], why: "OpenAI account made by raj@contoso.com, untagged, in a subscription under landingzones (no archetype) that never went through vending" },
  { guardrail: "shadowAi", id: ids.experimentsT4, fire: true, rules: ["outsideApprovedManagementGroups"], why: "T4 VM from the pipeline with every tag, but in a subscription outside corp/online/sandbox" },
  { guardrail: "shadowAi", id: ids.chatOpenAi, fire: false, why: "OpenAI account from the pipeline, tagged, in Corp" },
  { guardrail: "shadowAi", id: ids.trainH100, fire: false, why: "H100 VM from the pipeline, tagged, in Corp" },
  { guardrail: "shadowAi", id: ids.visionAks, fire: false, why: "AKS cluster with a GPU pool from the pipeline, tagged, in Online" },
  { guardrail: "shadowAi", id: ids.bobT4, fire: false, why: "T4 VM from the sandbox template (pipeline), tagged, in Sandbox" },
  { guardrail: "shadowAi", id: ids.chatGpt4oLegacy, fire: false, why: "a model deployment made by the pipeline (the model is a hardening matter, not shadow AI)" },

  // --- aiHardening: the ALZ AI guardrail checks.
  { guardrail: "aiHardening", id: ids.assistantOpenAi, fire: true, rules: ["publicNetworkAccess"], why: "OpenAI account with publicNetworkAccess Enabled" },
  { guardrail: "aiHardening", id: ids.visionAiServices, fire: true, rules: ["localAuth"], why: "AI Services account with key auth on (disableLocalAuth false)" },
  { guardrail: "aiHardening", id: ids.assistantGpt35, fire: true, rules: ["approvedModels"], why: "gpt-35-turbo is not on the approved-models list" },
  { guardrail: "aiHardening", id: ids.chatGpt4oLegacy, fire: true, rules: ["approvedModels"], why: "gpt-4o 2024-05-13: the model is approved, that version is not" },
  { guardrail: "aiHardening", id: ids.aliceA100, fire: true, rules: ["gpuSku"], why: "A100 size in a sandbox (sandboxes allow small T4 sizes only)" },
  { guardrail: "aiHardening", id: ids.experimentsOpenAi, fire: true, rules: ["publicNetworkAccess", "localAuth", "managedIdentity"], why: "public network access on, key auth on, no managed identity" },
  { guardrail: "aiHardening", id: ids.chatOpenAi, fire: false, why: "public access disabled, key auth disabled, managed identity, private endpoint" },
  { guardrail: "aiHardening", id: ids.chatGpt4o, fire: false, why: "gpt-4o 2024-08-06 is approved" },
  { guardrail: "aiHardening", id: ids.chatSearch, fire: false, why: "AI Search hardened (private endpoint, no keys, managed identity)" },
  { guardrail: "aiHardening", id: ids.trainWorkspace, fire: false, why: "ML workspace with public access disabled and managed identity" },
  { guardrail: "aiHardening", id: ids.trainGpuCompute, fire: false, why: "ML compute with local auth disabled" },
  { guardrail: "aiHardening", id: ids.bobT4, fire: false, why: "Standard_NC4as_T4_v3 is allowed in sandboxes, eastus2 is a sandbox region" },
  { guardrail: "aiHardening", id: ids.trainH100, fire: false, why: "Corp allows every GPU size; swedencentral is a Corp region" },
  { guardrail: "aiHardening", id: ids.visionAksGpuPool, fire: false, why: "GPU pool in Online (no size restriction)" },

  // --- requiredTags: owner, cost-center, project, environment.
  ...vmParts("fraud-ml-prod", "rg-fraud-adhoc", "vm-a100-adhoc").map((id): In => ({ guardrail: "requiredTags", id, fire: true, rules: ["missingTags"], why: "portal-made VM (and its NIC/disk) with only owner and environment" })),
  { guardrail: "requiredTags", id: ids.experimentsOpenAi, fire: true, rules: ["missingTags"], why: "no tags at all" },
  { guardrail: "requiredTags", id: ids.researchStorage, fire: true, rules: ["missingTags"], why: "legacy subscription, storage account without tags" },
  ...vmParts("research-legacy", "rg-research", "vm-research-01").map((id): In => ({ guardrail: "requiredTags", id, fire: true, rules: ["missingTags"], why: "legacy subscription, VM (and its NIC/disk) tagged with owner only" })),
  { guardrail: "requiredTags", id: ids.hubVnet, fire: false, why: "platform resource with every required tag" },
  { guardrail: "requiredTags", id: ids.chatOpenAi, fire: false, why: "vended workload resource with every required tag" },
  { guardrail: "requiredTags", id: ids.experimentsT4, fire: false, why: "the pipeline tagged it even in a hand-made subscription" },
  { guardrail: "requiredTags", id: ids.chatGpt4o, fire: false, why: "child resources (model deployments) carry no tags and are not checked" },

  // --- idleGpuQuota: allocations of the alz/gpu-pool quota group, and long-deallocated GPU VMs.
  { guardrail: "idleGpuQuota", id: quotaId("doc-intel-dev", "eastus2", FAMILY.a100), fire: true, rules: ["idleAllocation"], why: "192 A100 cores allocated, peak 24 (12.5%) for 45 days: lower to 30" },
  { guardrail: "idleGpuQuota", id: quotaId("analytics-dev", "eastus2", FAMILY.t4), fire: true, rules: ["idleAllocation"], why: "64 T4 cores allocated, peak 4 (6%) for 45 days: lower to 5" },
  { guardrail: "idleGpuQuota", id: ids.docA100, fire: true, rules: ["deallocatedQuotaHolder"], why: "A100 VM deallocated 33 days ago still holds 24 cores" },
  { guardrail: "idleGpuQuota", id: ids.analyticsT4, fire: true, rules: ["deallocatedQuotaHolder"], why: "T4 VM deallocated 38 days ago still holds 4 cores" },
  { guardrail: "idleGpuQuota", id: quotaId("genai-chat-prod", "eastus2", FAMILY.a100), fire: false, why: "96 of 120 cores in use (80%)" },
  { guardrail: "idleGpuQuota", id: quotaId("ml-training-prod", "swedencentral", FAMILY.h100), fire: false, why: "192 of 256 cores in use (75%)" },
  { guardrail: "idleGpuQuota", id: quotaId("fraud-ml-prod", "swedencentral", FAMILY.a100), fire: false, why: "72 of 96 cores in use (75%)" },
  { guardrail: "idleGpuQuota", id: quotaId("vision-prod", "westeurope", FAMILY.a100), fire: false, why: "the AKS GPU pool uses 48 of 96 cores (50%)" },
  { guardrail: "idleGpuQuota", id: quotaId("recs-dev", "westeurope", FAMILY.t4), fire: false, why: "nothing runs today, but a 16-core batch job 14 to 8 days ago peaked at 50% inside the 30-day window" },
  { guardrail: "idleGpuQuota", id: quotaId("sbx-alice", "eastus2", FAMILY.a100), fire: false, why: "the deallocated A100 holds all 24 cores (100%)" },
  { guardrail: "idleGpuQuota", id: quotaId("sbx-bob", "eastus2", FAMILY.t4), fire: false, why: "4 of 8 cores in use (50%)" },
  { guardrail: "idleGpuQuota", id: ids.chatA100Recent, fire: false, why: "deallocated only 3 days ago" },
  { guardrail: "idleGpuQuota", id: quotaId("analytics-dev", "eastus2", FAMILY.a100), fire: false, why: "48 of 48 cores held: the idle playground A100 and the stopped one (idleGpuCompute's findings, not quota's)" },

  // --- idleGpuCompute: running GPU compute doing nothing, stopped-but-billed VMs, warm clusters (metrics from the emulator's workload profiles).
  { guardrail: "idleGpuCompute", id: ids.analyticsIdleA100, fire: true, rules: ["idleRunning"], why: "A100 in a dev subscription running 20 days at under 1% GPU (GPU guest metric): deallocate after notice" },
  { guardrail: "idleGpuCompute", id: ids.bobT4, fire: true, rules: ["idleRunning"], why: "sandbox T4 idle; no GPU metric published, so CPU and network say so" },
  { guardrail: "idleGpuCompute", id: ids.analyticsStoppedA100, fire: true, rules: ["stoppedNotDeallocated"], why: "A100 stopped from the OS 6 days ago: compute still billed" },
  { guardrail: "idleGpuCompute", id: ids.fraudWarmCluster, fire: true, rules: ["amlMinNodes"], why: "AML cluster with minNodeCount 2 and no active node in the window: minimum to 0" },
  { guardrail: "idleGpuCompute", id: ids.trainH100, fire: false, why: "H100 training around the clock (GPU 80-98%)" },
  { guardrail: "idleGpuCompute", id: ids.chatA100, fire: false, why: "inference A100 with steady CPU and network" },
  { guardrail: "idleGpuCompute", id: ids.visionAksGpuPool, fire: false, why: "AKS GPU pool autoscales with minCount 0" },
  { guardrail: "idleGpuCompute", id: ids.trainGpuCompute, fire: false, why: "AML cluster with minNodeCount 0" },
  { guardrail: "idleGpuCompute", id: ids.docA100, fire: false, why: "deallocated: no compute billed (its quota is idleGpuQuota's finding)" },

  // --- sandboxLifecycle: first nightly evaluation.
  { guardrail: "sandboxLifecycle", id: subScope("sbx-carol"), fire: true, rules: ["inactive"], why: "no activity for 18 days: flagged" },
  { guardrail: "sandboxLifecycle", id: subScope("sbx-dave"), fire: true, rules: ["inactive"], why: "no activity for 22 days: flagged" },
  { guardrail: "sandboxLifecycle", id: subScope("sbx-erin"), fire: true, rules: ["inactive"], why: "no activity for 35 days: flagged now, decommissioned after the notice period" },
  { guardrail: "sandboxLifecycle", id: subScope("sbx-frank"), fire: true, rules: ["inactive"], why: "no activity for 41 days: flagged; its storage account has a CanNotDelete lock, which decommissioning reports instead of forcing" },
  { guardrail: "sandboxLifecycle", id: subScope("sbx-grace"), fire: true, rules: ["decommission"], why: "expires-on 5 days ago: decommissioned at once although active 3 days ago" },
  { guardrail: "sandboxLifecycle", id: vm("sbx-grace", "rg-sbx-grace", "vm-grace-dev"), fire: true, rules: ["decommission"], why: "grace's VM is deallocated as the first step of decommissioning" },
  { guardrail: "sandboxLifecycle", id: subScope("sbx-heidi"), fire: true, rules: ["inactive"], exempted: true, why: "no activity for 40 days, but ailz-exempt (sandboxLifecycle, ref CHG-2041) covers it for 60 more days" },
  { guardrail: "sandboxLifecycle", id: ids.idleSandboxGroup, fire: true, rules: ["inactive"], why: "resource group tagged ailz-sandbox=true in corp-search-test, no activity for 36 days: flagged now; after the notice its VM is deallocated and the group deleted" },
  { guardrail: "sandboxLifecycle", id: ids.activeSandboxGroup, fire: false, why: "resource group tagged ailz-sandbox=true in online-recs-dev, active 4 days ago" },
  { guardrail: "sandboxLifecycle", id: subScope("sbx-alice"), fire: false, why: "active yesterday" },
  { guardrail: "sandboxLifecycle", id: subScope("sbx-bob"), fire: false, why: "active 6 days ago" },
  { guardrail: "sandboxLifecycle", id: subScope("sbx-ivan"), fire: false, why: "created 5 days ago, active 2 days ago" },

  // --- budgetAlerts: month-to-date against monthly budgets; subscriptions without one.
  { guardrail: "budgetAlerts", id: subScope("genai-chat-prod"), fire: true, rules: ["actual-50"], why: "~55% of the budget spent this month" },
  { guardrail: "budgetAlerts", id: subScope("ml-training-prod"), fire: true, rules: ["actual-50", "actual-75"], why: "~80% spent (H100 training)" },
  { guardrail: "budgetAlerts", id: subScope("doc-intel-dev"), fire: true, rules: ["actual-50", "actual-75", "actual-90"], why: "~95% spent" },
  { guardrail: "budgetAlerts", id: subScope("fraud-ml-prod"), fire: true, rules: ["actual-50", "actual-75", "actual-90", "actual-100"], why: "~112% spent: over budget" },
  { guardrail: "budgetAlerts", id: subScope("search-test"), fire: true, rules: ["missingBudget"], why: "Corp subscription without a budget" },
  { guardrail: "budgetAlerts", id: subScope("research-legacy"), fire: true, rules: ["missingBudget"], why: "hand-made subscription in Corp without a budget" },
  { guardrail: "budgetAlerts", id: subScope("assistant-prod"), fire: false, why: "forecast at about 35% of the budget" },
  { guardrail: "budgetAlerts", id: subScope("analytics-dev"), fire: false, why: "forecast at about 35% of the budget" },
  { guardrail: "budgetAlerts", id: subScope("sbx-bob"), fire: false, why: "sandbox well under its budget" },
  { guardrail: "budgetAlerts", id: subScope("ml-experiments"), fire: false, why: "no budget, but outside the archetypes that require one (no archetype)" },

  // --- privateLinkCoverage: data services in Corp open to public networks without an approved private endpoint.
  { guardrail: "privateLinkCoverage", id: ids.researchStorage, fire: true, rules: ["noPrivateEndpoint"], why: "legacy Corp subscription: storage account with public network access on (the default) and no private endpoint" },
  { guardrail: "privateLinkCoverage", id: ids.idleSandboxGroupStorage, fire: true, rules: ["noPrivateEndpoint"], why: "storage account in a resource-group sandbox of a Corp subscription, public by default" },
  { guardrail: "privateLinkCoverage", id: ids.chatSearch, fire: false, why: "AI Search with public access disabled and an approved private endpoint" },
  { guardrail: "privateLinkCoverage", id: ids.fraudFillerStorage, fire: false, why: "pipeline-made storage account with public network access disabled" },
  { guardrail: "privateLinkCoverage", id: ids.fraudFillerVault, fire: false, why: "pipeline-made key vault with public network access disabled" },
  { guardrail: "privateLinkCoverage", id: ids.frankStorage, fire: false, why: "public storage in a sandbox subscription: Private Link is required in Corp only" },

  // --- diagnosticsCoverage: AI services whose logs do not reach the platform's Log Analytics workspace.
  { guardrail: "diagnosticsCoverage", id: ids.assistantPlayground, fire: true, rules: ["noPlatformDiagnostics"], why: "account made by hand in the portal: no diagnostic setting at all" },
  { guardrail: "diagnosticsCoverage", id: ids.fraudWorkspace, fire: true, rules: ["noPlatformDiagnostics"], why: "ML workspace archiving its logs to a storage account only" },
  { guardrail: "diagnosticsCoverage", id: ids.visionAiServices, fire: true, rules: ["noPlatformDiagnostics"], why: "setting to the platform workspace with every log disabled (metrics only)" },
  { guardrail: "diagnosticsCoverage", id: ids.chatOpenAi, fire: false, why: "pipeline-made account sending allLogs to the platform workspace" },
  { guardrail: "diagnosticsCoverage", id: ids.trainWorkspace, fire: false, why: "pipeline-made ML workspace sending allLogs to the platform workspace" },
  { guardrail: "diagnosticsCoverage", id: ids.experimentsOpenAi, fire: false, why: "no diagnostic setting, but in an unvended subscription (outside the archetypes the guardrail covers)" },

  // --- multiRegionReadiness: production workloads (corp/online, environment prod) that could not fail over.
  { guardrail: "multiRegionReadiness", id: subScope("assistant-prod"), fire: true, rules: ["singleRegion"], why: "online production workload in eastus2 only, no secondary-region declared" },
  { guardrail: "multiRegionReadiness", id: subScope("fraud-ml-prod"), fire: true, rules: ["singleRegion"], why: "corp production workload in swedencentral only, no secondary-region declared" },
  { guardrail: "multiRegionReadiness", id: subScope("genai-chat-prod"), fire: true, rules: ["modelUnavailable"], why: "declares swedencentral, which has GPU quota, but does not offer gpt-4o 2024-05-13 (the legacy deployment)" },
  { guardrail: "multiRegionReadiness", id: subScope("ml-training-prod"), fire: true, rules: ["noSecondaryGpuQuota"], why: "H100 training declares eastus2 as its secondary region but holds no GPU quota there" },
  { guardrail: "multiRegionReadiness", id: subScope("vision-prod"), fire: false, why: "declares swedencentral: AI Services offered there and standby A100 quota held" },
  { guardrail: "multiRegionReadiness", id: subScope("doc-intel-dev"), fire: false, why: "a corp workload, but dev: not production" },
  { guardrail: "multiRegionReadiness", id: subScope("management"), fire: false, why: "production, but a platform subscription (outside corp/online)" },
];

export const DEMO_EXPECTATIONS: readonly DemoExpectation[] = raw.map((e) => DemoExpectation.parse(e));

export function expectationsFor(guardrail: GuardrailName): DemoExpectation[] {
  return DEMO_EXPECTATIONS.filter((e) => e.guardrail === guardrail);
}
