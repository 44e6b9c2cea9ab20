import { DEFAULT_TENANT_ID } from "../arm/tokens";

// The fixed names and ids of the Contoso demo estate. Everything here matches guardrails.yaml
// (management groups, approved deployers, hub network, quota group) and never depends on `now`,
// so expectations and tests can name resources by id.

export const DEMO_TENANT_ID = DEFAULT_TENANT_ID;
const DEMO_DOMAIN = "contoso.com";

/** The workload CI/CD service principal (approvedDeployers[0] in guardrails.yaml). */
export const PIPELINE = { name: "ailz-pipeline", appId: "5a1e0000-0000-4000-8000-00000000a001", objectId: "5a1e0000-0000-4000-8000-00000000b001" } as const;
/** ailz's own managed identity (approvedDeployers[1], AILZ_IDENTITY_OBJECT_ID locally). */
export const AILZ_IDENTITY = { name: "ailz", appId: "00000000-0000-0000-0000-0000000a11ce", objectId: "00000000-0000-0000-0000-0000000a11ce" } as const;
/** The vending approver (vending.approval.approvers in guardrails.yaml). */
export const APPROVER_OBJECT_ID = "00000000-0000-4000-8000-0000000a5500";

export interface DemoUser {
  key: string;
  displayName: string;
  upn: string;
  objectId: string;
}

const userNames: Array<[key: string, displayName: string]> = [
  ["platform.lead", "Pat Lindqvist"],
  ["alice", "Alice Nguyen"], ["bob", "Bob Martin"], ["carol", "Carol Diaz"], ["dave", "Dave Kim"], ["erin", "Erin Walsh"],
  ["frank", "Frank Osei"], ["grace", "Grace Lee"], ["heidi", "Heidi Müller"], ["ivan", "Ivan Petrov"],
  ["priya", "Priya Shah"], ["tom", "Tom Berg"], ["lena", "Lena Fischer"], ["omar", "Omar Haddad"], ["sara", "Sara Costa"],
  ["jun", "Jun Tanaka"], ["maria", "Maria Rossi"], ["ken", "Ken Obi"], ["nina", "Nina Kowalski"], ["li", "Li Wei"],
  ["raj", "Raj Patel"], ["emma", "Emma Jones"], ["netops", "Noor Al-Sayed"], ["secops", "Sven Larsen"],
];

/** Contoso's people: `<key>@contoso.com`, object ids 5e500000-...-0000000000NN (the approver keeps its policy id). */
export const USERS: Record<string, DemoUser> = Object.fromEntries(
  userNames.map(([key, displayName], i) => [
    key,
    { key, displayName, upn: `${key}@${DEMO_DOMAIN}`, objectId: key === "platform.lead" ? APPROVER_OBJECT_ID : `5e500000-0000-4000-8000-${String(i).padStart(12, "0")}` },
  ]),
);

export function user(key: string): DemoUser {
  const u = USERS[key];
  if (!u) throw new Error(`demo estate: unknown user '${key}'`);
  return u;
}

/** Subscription ids c0c0c0c0-0000-4000-8000-0000000000NN (NN = 03 is the connectivity hub named in guardrails.yaml). */
export const subId = (n: number): string => `c0c0c0c0-0000-4000-8000-${String(n).padStart(12, "0")}`;

type DemoMg = "identity" | "management" | "connectivity" | "corp" | "online" | "sandbox" | "decommissioned" | "landingzones";

/** How a subscription's budget is set: a target share of the month-to-date spend, low spend, or none. */
type BudgetPlan = { actualPercent: number } | "comfortable" | "none";

interface SandboxPlan {
  /** Days since the last write in the sandbox. */
  idleDays: number;
  /** `expires-on` this many days from now (negative: already expired). */
  expiresInDays: number;
  exemptUntilDays?: number;
  /** A CanNotDelete lock on the sandbox's storage account. */
  lock?: boolean;
}

export interface DemoSubscription {
  n: number;
  key: string;
  displayName: string;
  mg: DemoMg;
  /** Created by the vending orchestration (tags, budget, RBAC) or by hand. */
  vended: boolean;
  owner: string;
  costCenter: string;
  project: string;
  environment: "dev" | "test" | "prod";
  region: string;
  createdDaysAgo: number;
  budget: BudgetPlan;
  sandbox?: SandboxPlan;
  /** Ordinary resource groups of filler resources (apps, data, networking). */
  fillerWeight: number;
}

const s = (d: Omit<DemoSubscription, "n"> & { n: number }): DemoSubscription => d;

/** The 25 subscriptions of Contoso; what each demonstrates is in local/README.md. */
export const DEMO_SUBSCRIPTIONS: DemoSubscription[] = [
  s({ n: 1, key: "identity", displayName: "contoso-platform-identity", mg: "identity", vended: true, owner: "secops", costCenter: "cc-1000", project: "platform", environment: "prod", region: "eastus2", createdDaysAgo: 900, budget: "comfortable", fillerWeight: 2 }),
  s({ n: 2, key: "management", displayName: "contoso-platform-management", mg: "management", vended: true, owner: "platform.lead", costCenter: "cc-1000", project: "platform", environment: "prod", region: "eastus2", createdDaysAgo: 900, budget: "comfortable", fillerWeight: 2 }),
  s({ n: 3, key: "connectivity", displayName: "contoso-platform-connectivity", mg: "connectivity", vended: true, owner: "netops", costCenter: "cc-1000", project: "platform", environment: "prod", region: "eastus2", createdDaysAgo: 900, budget: "comfortable", fillerWeight: 2 }),
  s({ n: 11, key: "genai-chat-prod", displayName: "corp-genai-chat-prod", mg: "corp", vended: true, owner: "priya", costCenter: "cc-2100", project: "genai-chat", environment: "prod", region: "eastus2", createdDaysAgo: 400, budget: { actualPercent: 55 }, fillerWeight: 6 }),
  s({ n: 12, key: "ml-training-prod", displayName: "corp-ml-training-prod", mg: "corp", vended: true, owner: "tom", costCenter: "cc-2200", project: "ml-training", environment: "prod", region: "swedencentral", createdDaysAgo: 300, budget: { actualPercent: 80 }, fillerWeight: 5 }),
  s({ n: 13, key: "doc-intel-dev", displayName: "corp-doc-intel-dev", mg: "corp", vended: true, owner: "lena", costCenter: "cc-2300", project: "doc-intel", environment: "dev", region: "eastus2", createdDaysAgo: 200, budget: { actualPercent: 95 }, fillerWeight: 4 }),
  s({ n: 14, key: "fraud-ml-prod", displayName: "corp-fraud-ml-prod", mg: "corp", vended: true, owner: "omar", costCenter: "cc-2400", project: "fraud-ml", environment: "prod", region: "swedencentral", createdDaysAgo: 350, budget: { actualPercent: 112 }, fillerWeight: 5 }),
  s({ n: 15, key: "analytics-dev", displayName: "corp-analytics-dev", mg: "corp", vended: true, owner: "sara", costCenter: "cc-2500", project: "analytics", environment: "dev", region: "eastus2", createdDaysAgo: 250, budget: "comfortable", fillerWeight: 5 }),
  s({ n: 16, key: "search-test", displayName: "corp-search-test", mg: "corp", vended: true, owner: "jun", costCenter: "cc-2600", project: "enterprise-search", environment: "test", region: "eastus2", createdDaysAgo: 120, budget: "none", fillerWeight: 4 }),
  s({ n: 21, key: "assistant-prod", displayName: "online-assistant-prod", mg: "online", vended: true, owner: "maria", costCenter: "cc-3100", project: "web-assistant", environment: "prod", region: "eastus2", createdDaysAgo: 330, budget: "comfortable", fillerWeight: 6 }),
  s({ n: 22, key: "vision-prod", displayName: "online-vision-prod", mg: "online", vended: true, owner: "ken", costCenter: "cc-3200", project: "vision", environment: "prod", region: "westeurope", createdDaysAgo: 280, budget: "comfortable", fillerWeight: 5 }),
  s({ n: 23, key: "recs-dev", displayName: "online-recs-dev", mg: "online", vended: true, owner: "nina", costCenter: "cc-3300", project: "recommendations", environment: "dev", region: "westeurope", createdDaysAgo: 160, budget: "comfortable", fillerWeight: 4 }),
  s({ n: 24, key: "translate-test", displayName: "online-translate-test", mg: "online", vended: true, owner: "li", costCenter: "cc-3400", project: "translate", environment: "test", region: "eastus2", createdDaysAgo: 90, budget: "comfortable", fillerWeight: 3 }),
  s({ n: 31, key: "sbx-alice", displayName: "sbx-alice-llm-eval", mg: "sandbox", vended: true, owner: "alice", costCenter: "cc-9000", project: "llm-eval", environment: "dev", region: "eastus2", createdDaysAgo: 40, budget: "comfortable", sandbox: { idleDays: 1, expiresInDays: 50 }, fillerWeight: 1 }),
  s({ n: 32, key: "sbx-bob", displayName: "sbx-bob-vision-poc", mg: "sandbox", vended: true, owner: "bob", costCenter: "cc-9000", project: "vision-poc", environment: "dev", region: "eastus2", createdDaysAgo: 25, budget: "comfortable", sandbox: { idleDays: 6, expiresInDays: 65 }, fillerWeight: 1 }),
  s({ n: 33, key: "sbx-carol", displayName: "sbx-carol-rag", mg: "sandbox", vended: true, owner: "carol", costCenter: "cc-9000", project: "rag-poc", environment: "dev", region: "eastus2", createdDaysAgo: 50, budget: "comfortable", sandbox: { idleDays: 18, expiresInDays: 40 }, fillerWeight: 1 }),
  s({ n: 34, key: "sbx-dave", displayName: "sbx-dave-speech", mg: "sandbox", vended: true, owner: "dave", costCenter: "cc-9000", project: "speech-poc", environment: "dev", region: "eastus2", createdDaysAgo: 60, budget: "comfortable", sandbox: { idleDays: 22, expiresInDays: 30 }, fillerWeight: 1 }),
  s({ n: 35, key: "sbx-erin", displayName: "sbx-erin-agents", mg: "sandbox", vended: true, owner: "erin", costCenter: "cc-9000", project: "agents-poc", environment: "dev", region: "eastus2", createdDaysAgo: 70, budget: "comfortable", sandbox: { idleDays: 35, expiresInDays: 20 }, fillerWeight: 1 }),
  s({ n: 36, key: "sbx-frank", displayName: "sbx-frank-finetune", mg: "sandbox", vended: true, owner: "frank", costCenter: "cc-9000", project: "finetune-poc", environment: "dev", region: "eastus2", createdDaysAgo: 75, budget: "comfortable", sandbox: { idleDays: 41, expiresInDays: 15, lock: true }, fillerWeight: 1 }),
  s({ n: 37, key: "sbx-grace", displayName: "sbx-grace-ocr", mg: "sandbox", vended: true, owner: "grace", costCenter: "cc-9000", project: "ocr-poc", environment: "dev", region: "eastus2", createdDaysAgo: 95, budget: "comfortable", sandbox: { idleDays: 3, expiresInDays: -5 }, fillerWeight: 1 }),
  s({ n: 38, key: "sbx-heidi", displayName: "sbx-heidi-benchmarks", mg: "sandbox", vended: true, owner: "heidi", costCenter: "cc-9000", project: "benchmarks", environment: "dev", region: "eastus2", createdDaysAgo: 80, budget: "comfortable", sandbox: { idleDays: 40, expiresInDays: 10, exemptUntilDays: 60 }, fillerWeight: 1 }),
  s({ n: 39, key: "sbx-ivan", displayName: "sbx-ivan-embeddings", mg: "sandbox", vended: true, owner: "ivan", costCenter: "cc-9000", project: "embeddings", environment: "dev", region: "eastus2", createdDaysAgo: 5, budget: "comfortable", sandbox: { idleDays: 2, expiresInDays: 85 }, fillerWeight: 1 }),
  s({ n: 41, key: "old-poc", displayName: "decom-2024-chatbot-poc", mg: "decommissioned", vended: true, owner: "maria", costCenter: "cc-3100", project: "chatbot-poc", environment: "dev", region: "eastus2", createdDaysAgo: 500, budget: "comfortable", fillerWeight: 0 }),
  // Created outside vending: a pay-as-you-go subscription someone moved under landingzones
  // (no archetype) and an old EA subscription dropped straight into corp; no vending tags.
  s({ n: 51, key: "ml-experiments", displayName: "Pay-As-You-Go ml-experiments", mg: "landingzones", vended: false, owner: "raj", costCenter: "", project: "", environment: "dev", region: "eastus2", createdDaysAgo: 150, budget: "none", fillerWeight: 0 }),
  s({ n: 52, key: "research-legacy", displayName: "Contoso Research (legacy EA)", mg: "corp", vended: false, owner: "emma", costCenter: "", project: "", environment: "dev", region: "eastus2", createdDaysAgo: 700, budget: "none", fillerWeight: 0 }),
];

/**
 * A sandbox that is a resource group tagged `ailz-sandbox=true` (guardrails.yaml
 * sandboxActivity.params.resourceGroupTag) in a workload subscription rather than a subscription
 * under the Sandbox management group: holds a small VM and a storage account made by `owner`.
 */
export interface DemoSandboxGroup {
  /** Key of the (Corp/Online) subscription that holds the group. */
  sub: string;
  rg: string;
  owner: string;
  /** Days since the last write in the group (what the activity history records too). */
  idleDays: number;
  createdDaysAgo: number;
}

/**
 * Resource-group sandboxes. Kept out of the subscriptions of test/e2e/sweepNights.test.ts's
 * slice (doc-intel-dev, analytics-dev, fraud-ml-prod, sbx-alice/carol/dave).
 */
export const DEMO_SANDBOX_GROUPS: DemoSandboxGroup[] = [
  { sub: "search-test", rg: "rg-sbx-jun-prompts", owner: "jun", idleDays: 36, createdDaysAgo: 60 },
  { sub: "recs-dev", rg: "rg-sbx-nina-features", owner: "nina", idleDays: 4, createdDaysAgo: 20 },
];

/** `/subscriptions/<id>/resourceGroups/<rg>` of a resource-group sandbox. */
export const sandboxGroupScope = (g: Pick<DemoSandboxGroup, "sub" | "rg">): string => `${subScope(g.sub)}/resourceGroups/${g.rg}`;

/** The storage account of a resource-group sandbox (its newest write). */
export const sandboxGroupStorageName = (g: Pick<DemoSandboxGroup, "rg">): string => `st${g.rg.replace(/^rg-/, "").replace(/[^a-z0-9]/gi, "").toLowerCase()}`.slice(0, 24);

export function demoSubscription(key: string): DemoSubscription {
  const sub = DEMO_SUBSCRIPTIONS.find((x) => x.key === key);
  if (!sub) throw new Error(`demo estate: unknown subscription '${key}'`);
  return sub;
}

/** `/subscriptions/<id of key>`. */
export const subScope = (key: string): string => `/subscriptions/${subId(demoSubscription(key).n)}`;

/** The ARM id of a resource in a demo subscription. */
export function resId(key: string, rg: string, type: string, name: string): string {
  return `${subScope(key)}/resourceGroups/${rg}/providers/${type}/${name}`;
}

/** Management groups below the tenant root (guardrails.yaml managementGroups). */
export const DEMO_MANAGEMENT_GROUPS: Array<{ name: string; displayName: string; parent?: string }> = [
  { name: "alz", displayName: "Contoso (ALZ)" },
  { name: "platform", displayName: "Platform", parent: "alz" },
  { name: "identity", displayName: "Identity", parent: "platform" },
  { name: "management", displayName: "Management", parent: "platform" },
  { name: "connectivity", displayName: "Connectivity", parent: "platform" },
  { name: "landingzones", displayName: "Landing zones", parent: "alz" },
  { name: "corp", displayName: "Corp", parent: "landingzones" },
  { name: "online", displayName: "Online", parent: "landingzones" },
  { name: "sandbox", displayName: "Sandbox", parent: "alz" },
  { name: "decommissioned", displayName: "Decommissioned", parent: "alz" },
];

export const QUOTA_GROUP = { managementGroupId: "alz", name: "gpu-pool", displayName: "Contoso GPU pool" } as const;
export const HUB = {
  rg: "rg-hub-eastus2",
  vnet: "vnet-hub-eastus2",
  ddos: "ddos-alz",
} as const;

export const FAMILY = {
  a100: "standardNCADSA100v4Family",
  h100: "standardNDSH100v5Family",
  t4: "standardNCASv3_T4Family",
} as const;
