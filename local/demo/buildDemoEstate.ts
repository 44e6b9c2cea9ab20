import type { ArmResource, EstateJson } from "../arm/state/schemas";
import { createPrng } from "../estate/prng";
import { BY_PIPELINE, byUser, DAY_MS, DemoBuilder, isoDay, type Creator } from "./DemoBuilder";
import {
  AILZ_IDENTITY, APPROVER_OBJECT_ID, DEMO_MANAGEMENT_GROUPS, DEMO_SUBSCRIPTIONS, DEMO_TENANT_ID, HUB, PIPELINE, USERS,
  DEMO_SANDBOX_GROUPS, demoSubscription, sandboxGroupStorageName, subId, user, type DemoSubscription,
} from "./demoIds";
import { DEMO_ALLOCATIONS, DEMO_GROUP_LIMITS, DEMO_STANDALONE_LIMITS, QUOTA_GROUP } from "./quotaPlan";
import { buildBudgets } from "./buildBudgets";
import { buildDiagnosticSettings } from "./buildDiagnosticSettings";
import { standbyQuotaLimits, withSecondaryRegion } from "./regionReadiness";

/** Seed of the demo's PRNG: change it and every generated GUID, IP and daily cost changes. */
export const DEMO_SEED = 20250601;
/** About this many resources (children included): ordinary resources fill up to it. */
export const DEMO_RESOURCE_TARGET = 2000;

const ROLE = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
} as const;

const PROVIDERS: Record<string, string[]> = {
  corp: ["Microsoft.Compute", "Microsoft.Network", "Microsoft.CognitiveServices", "Microsoft.MachineLearningServices", "Microsoft.KeyVault", "Microsoft.Storage"],
  online: ["Microsoft.Compute", "Microsoft.Network", "Microsoft.CognitiveServices", "Microsoft.Web", "Microsoft.Storage"],
  sandbox: ["Microsoft.Compute", "Microsoft.Network", "Microsoft.CognitiveServices", "Microsoft.MachineLearningServices"],
};

const compact = (s: string) => s.replace(/[^a-z0-9]/gi, "").toLowerCase();
const sub = demoSubscription;

/**
 * The Contoso demo estate as of `now`: 25 subscriptions on the ALZ hierarchy, about 2,000
 * resources, a GPU quota group, 45 days of daily cost, budgets, role assignments and principals.
 * Deterministic: the same `now` gives the same estate (seeded PRNG). What each subscription
 * demonstrates: local/README.md; the guardrail cases: test/support/demoExpectations.ts.
 */
export function buildDemoEstate(now: Date): EstateJson {
  if (Number.isNaN(now.getTime())) throw new Error("buildDemoEstate: now is not a valid date");
  const b = new DemoBuilder(now, createPrng(DEMO_SEED));
  const spokes = network(b);
  platform(b);
  corp(b, spokes);
  online(b, spokes);
  sandboxes(b);
  sandboxGroups(b);
  unvended(b);
  filler(b, spokes);

  const costRecords = b.costRecords();
  const budgets = buildBudgets(now, costRecords);
  return {
    version: 1,
    tenantId: DEMO_TENANT_ID,
    settings: { aliasDelayMs: 30_000, providerRegistrationDelayMs: 20_000, principalPropagationDelayMs: 120_000 },
    managementGroups: DEMO_MANAGEMENT_GROUPS,
    subscriptions: DEMO_SUBSCRIPTIONS.map((s) => withSecondaryRegion(subscriptionDoc(b, s))),
    resourceGroups: [...b.resourceGroups.values()],
    resources: b.resources,
    principals: principals(b),
    roleAssignments: roleAssignments(b),
    locks: locks(),
    diagnosticSettings: buildDiagnosticSettings(b.resources),
    costRecords,
    workloads: b.workloads,
    quotaLimits: [...[...DEMO_ALLOCATIONS, ...DEMO_STANDALONE_LIMITS].map((a) => ({ subscriptionId: subId(sub(a.sub).n), location: a.location, family: a.family, limit: a.limit })), ...standbyQuotaLimits()],
    quotaGroups: [
      {
        ...QUOTA_GROUP,
        limits: DEMO_GROUP_LIMITS,
        allocations: DEMO_ALLOCATIONS.map((a) => ({ subscriptionId: subId(sub(a.sub).n), location: a.location, family: a.family, limit: a.limit })),
      },
    ],
    budgets,
  };
}

function subscriptionDoc(b: DemoBuilder, s: DemoSubscription) {
  const tags: Record<string, string> = {};
  if (s.vended) {
    Object.assign(tags, b.workloadTags(s), { archetype: s.mg, "ailz-request-id": `vreq-${s.key}` });
    if (s.sandbox) tags["expires-on"] = isoDay(b.ago(-s.sandbox.expiresInDays));
    if (s.sandbox?.exemptUntilDays !== undefined) tags["ailz-exempt"] = `sandboxLifecycle;until=${isoDay(b.ago(-s.sandbox.exemptUntilDays))};ref=CHG-2041`;
  }
  const registered = Object.fromEntries((PROVIDERS[s.mg] ?? ["Microsoft.Compute", "Microsoft.Network", "Microsoft.Storage"]).map((p) => [p, { registrationState: "Registered" as const }]));
  return {
    subscriptionId: subId(s.n),
    displayName: s.displayName,
    state: "Enabled" as const,
    tenantId: DEMO_TENANT_ID,
    managementGroupId: s.mg,
    ...(Object.keys(tags).length ? { tags } : {}),
    createdAt: new Date(b.ago(s.createdDaysAgo)).toISOString(),
    workload: s.environment === "prod" ? ("Production" as const) : ("DevTest" as const),
    ...(s.vended ? { billingScope: "/providers/Microsoft.Billing/billingAccounts/7000000/enrollmentAccounts/100000" } : {}),
    quotaId: s.vended ? "EnterpriseAgreement_2014-09-01" : "PayAsYouGo_2014-09-01",
    providers: registered,
  };
}

// ---------------------------------------------------------------------------------------------
// Networking: the hub in connectivity, a spoke per Corp/Online workload (Corp spokes peered with
// the hub both ways; Online ones are not). Spokes sit at the top of the IPAM pools of
// guardrails.yaml so vending (which allocates from the bottom) never overlaps them.

type Spokes = Map<string, { vnet: ArmResource; app: string; pe: string }>;

function vnet(b: DemoBuilder, s: DemoSubscription, rg: string, name: string, prefix: string, subnets: Array<[string, string]>, location = s.region): ArmResource {
  const doc = b.add(s, rg, "Microsoft.Network/virtualNetworks", name, {
    location,
    by: BY_PIPELINE,
    createdDaysAgo: s.createdDaysAgo - 1,
    properties: { addressSpace: { addressPrefixes: [prefix] }, enableDdosProtection: false, resourceGuid: b.rnd.guid() },
    cost: false,
  });
  for (const [sn, p] of subnets) {
    b.child(doc, "subnets", "Microsoft.Network/virtualNetworks/subnets", sn, { by: BY_PIPELINE, createdDaysAgo: s.createdDaysAgo - 1, properties: { addressPrefix: p, privateEndpointNetworkPolicies: "Disabled" } });
  }
  return doc;
}

function peer(b: DemoBuilder, from: ArmResource, to: ArmResource, name: string, days: number, gatewayTransit: boolean): void {
  b.child(from, "virtualNetworkPeerings", "Microsoft.Network/virtualNetworks/virtualNetworkPeerings", name, {
    by: BY_PIPELINE,
    createdDaysAgo: days,
    properties: {
      peeringState: "Connected",
      peeringSyncLevel: "FullyInSync",
      remoteVirtualNetwork: { id: to.id },
      remoteAddressSpace: (to.properties as { addressSpace: unknown }).addressSpace,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: gatewayTransit,
      useRemoteGateways: false,
    },
  });
}

function network(b: DemoBuilder): Spokes {
  const conn = sub("connectivity");
  const hub = vnet(b, conn, HUB.rg, HUB.vnet, "10.0.0.0/22", [["AzureFirewallSubnet", "10.0.0.0/26"], ["GatewaySubnet", "10.0.0.64/27"], ["snet-dns-inbound", "10.0.1.0/28"]]);
  (hub.properties as Record<string, unknown>).enableDdosProtection = true;
  const ddos = b.add(conn, HUB.rg, "Microsoft.Network/ddosProtectionPlans", HUB.ddos, { by: BY_PIPELINE, createdDaysAgo: 880, properties: { virtualNetworks: [{ id: hub.id }] } });
  (hub.properties as Record<string, unknown>).ddosProtectionPlan = { id: ddos.id };
  const pipFw = b.add(conn, HUB.rg, "Microsoft.Network/publicIPAddresses", "pip-afw-hub-eastus2", { by: BY_PIPELINE, createdDaysAgo: 880, sku: { name: "Standard" }, properties: { publicIPAllocationMethod: "Static", ipAddress: "20.96.14.7" } });
  b.add(conn, HUB.rg, "Microsoft.Network/azureFirewalls", "afw-hub-eastus2", {
    by: BY_PIPELINE, createdDaysAgo: 880,
    properties: { sku: { name: "AZFW_VNet", tier: "Standard" }, ipConfigurations: [{ name: "ipconfig", properties: { subnet: { id: `${hub.id}/subnets/AzureFirewallSubnet` }, publicIPAddress: { id: pipFw.id } } }] },
  });
  const pipGw = b.add(conn, HUB.rg, "Microsoft.Network/publicIPAddresses", "pip-vpngw-hub-eastus2", { by: BY_PIPELINE, createdDaysAgo: 880, sku: { name: "Standard" }, properties: { publicIPAllocationMethod: "Static", ipAddress: "20.96.14.9" } });
  b.add(conn, HUB.rg, "Microsoft.Network/virtualNetworkGateways", "vpngw-hub-eastus2", {
    by: BY_PIPELINE, createdDaysAgo: 870,
    properties: { gatewayType: "Vpn", vpnType: "RouteBased", sku: { name: "VpnGw1", tier: "VpnGw1" }, ipConfigurations: [{ name: "default", properties: { subnet: { id: `${hub.id}/subnets/GatewaySubnet` }, publicIPAddress: { id: pipGw.id } } }] },
  });
  for (const zone of ["privatelink.openai.azure.com", "privatelink.cognitiveservices.azure.com", "privatelink.search.windows.net", "privatelink.api.azureml.ms", "privatelink.blob.core.windows.net", "privatelink.vaultcore.azure.net"]) {
    b.add(conn, "rg-dns", "Microsoft.Network/privateDnsZones", zone, { location: "global", by: BY_PIPELINE, createdDaysAgo: 860, properties: { numberOfRecordSets: 1 + b.rnd.int(2, 40) }, cost: [{ meter: "Azure DNS", perDay: 0.0167 }] });
  }

  const spokes: Spokes = new Map();
  let corpIndex = 250;
  let onlineIndex = 250;
  for (const s of DEMO_SUBSCRIPTIONS) {
    if (!s.vended || (s.mg !== "corp" && s.mg !== "online")) continue;
    const third = s.mg === "corp" ? corpIndex-- : onlineIndex--;
    const base = s.mg === "corp" ? `10.103.${third}` : `10.200.${third}`;
    const v = vnet(b, s, `rg-${s.project}-network`, `vnet-${s.project}-${s.region}`, `${base}.0/24`, [["snet-app", `${base}.0/26`], ["snet-pe", `${base}.64/26`], ["snet-ml", `${base}.128/25`]]);
    b.add(s, `rg-${s.project}-network`, "Microsoft.Network/networkSecurityGroups", `nsg-${s.project}-app`, { by: BY_PIPELINE, createdDaysAgo: s.createdDaysAgo - 1, properties: { securityRules: [] }, cost: false });
    if (s.mg === "corp") {
      peer(b, v, hub, `peer-to-hub`, s.createdDaysAgo - 1, false);
      peer(b, hub, v, `peer-to-${s.displayName}`, s.createdDaysAgo - 1, true);
    }
    spokes.set(s.key, { vnet: v, app: `${v.id}/subnets/snet-app`, pe: `${v.id}/subnets/snet-pe` });
  }
  return spokes;
}

// ---------------------------------------------------------------------------------------------
// AI building blocks.

interface AiOpts {
  by: Creator;
  createdDaysAgo: number;
  publicNetworkAccess?: "Enabled" | "Disabled";
  disableLocalAuth?: boolean;
  identity?: boolean;
  /** Subnet for a private endpoint (hardened services). */
  peSubnet?: string;
  perDay?: number;
  tags?: Record<string, string> | null;
}

function privateEndpoint(b: DemoBuilder, s: DemoSubscription, rg: string, target: ArmResource, groupId: string, subnet: string, o: AiOpts): void {
  const pe = b.add(s, rg, "Microsoft.Network/privateEndpoints", `pe-${target.name}`, {
    location: target.location,
    tags: o.tags,
    by: o.by,
    createdDaysAgo: o.createdDaysAgo,
    properties: { subnet: { id: subnet }, privateLinkServiceConnections: [{ name: `pe-${target.name}`, properties: { privateLinkServiceId: target.id, groupIds: [groupId], privateLinkServiceConnectionState: { status: "Approved" } } }] },
  });
  (target.properties as Record<string, unknown>).privateEndpointConnections = [
    { id: `${target.id}/privateEndpointConnections/pe-${target.name}`, name: `pe-${target.name}`, properties: { privateEndpoint: { id: pe.id }, privateLinkServiceConnectionState: { status: "Approved", description: "Auto-approved" }, provisioningState: "Succeeded" } },
  ];
}

function aiAccount(b: DemoBuilder, s: DemoSubscription, rg: string, name: string, kind: "OpenAI" | "AIServices", o: AiOpts): ArmResource {
  const pna = o.publicNetworkAccess ?? "Disabled";
  const doc = b.add(s, rg, "Microsoft.CognitiveServices/accounts", name, {
    kind,
    tags: o.tags,
    sku: { name: "S0" },
    by: o.by,
    createdDaysAgo: o.createdDaysAgo,
    ...(o.identity === false ? {} : { identity: b.identity() }),
    properties: {
      customSubDomainName: name,
      endpoint: kind === "OpenAI" ? `https://${name}.openai.azure.com/` : `https://${name}.cognitiveservices.azure.com/`,
      internalId: b.rnd.guid().replace(/-/g, ""),
      dateCreated: new Date(b.ago(o.createdDaysAgo)).toISOString(),
      publicNetworkAccess: pna,
      ...(o.disableLocalAuth === undefined ? {} : { disableLocalAuth: o.disableLocalAuth }),
      networkAcls: { defaultAction: pna === "Disabled" ? "Deny" : "Allow", ipRules: [], virtualNetworkRules: [] },
    },
    cost: [{ meter: "Cognitive Services", perDay: o.perDay ?? 45 }],
  });
  if (o.peSubnet) privateEndpoint(b, s, rg, doc, "account", o.peSubnet, o);
  return doc;
}

function deployment(b: DemoBuilder, account: ArmResource, name: string, model: string, version: string, by: Creator, createdDaysAgo: number, capacity = 50): ArmResource {
  return b.child(account, "deployments", "Microsoft.CognitiveServices/accounts/deployments", name, {
    by,
    createdDaysAgo,
    sku: { name: "GlobalStandard", capacity },
    properties: { model: { format: "OpenAI", name: model, version }, versionUpgradeOption: "NoAutoUpgrade", raiPolicyName: "Microsoft.DefaultV2" },
  });
}

function search(b: DemoBuilder, s: DemoSubscription, rg: string, name: string, o: AiOpts): ArmResource {
  const doc = b.add(s, rg, "Microsoft.Search/searchServices", name, {
    sku: { name: "standard" },
    tags: o.tags,
    by: o.by,
    createdDaysAgo: o.createdDaysAgo,
    identity: b.identity(),
    properties: { replicaCount: 1, partitionCount: 1, hostingMode: "default", publicNetworkAccess: o.publicNetworkAccess ?? "Disabled", disableLocalAuth: o.disableLocalAuth ?? true, networkRuleSet: { ipRules: [] } },
    cost: [{ meter: "Azure Cognitive Search", perDay: o.perDay ?? 8.17 }],
  });
  if (o.peSubnet) privateEndpoint(b, s, rg, doc, "searchService", o.peSubnet, o);
  return doc;
}

/** `computes`: [name, vmSize, maxNodes, minNodes (default 0)]. */
function mlWorkspace(b: DemoBuilder, s: DemoSubscription, rg: string, name: string, computes: Array<[string, string, number, number?]>, o: AiOpts): ArmResource {
  const short = compact(name).slice(0, 14);
  const st = b.add(s, rg, "Microsoft.Storage/storageAccounts", `st${short}`, { kind: "StorageV2", sku: { name: "Standard_LRS" }, by: o.by, createdDaysAgo: o.createdDaysAgo, properties: { allowBlobPublicAccess: false, publicNetworkAccess: "Disabled", minimumTlsVersion: "TLS1_2" } });
  const kv = b.add(s, rg, "Microsoft.KeyVault/vaults", `kv-${name}`.slice(0, 24), { by: o.by, createdDaysAgo: o.createdDaysAgo, properties: { tenantId: DEMO_TENANT_ID, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true, publicNetworkAccess: "Disabled" } });
  const ws = b.add(s, rg, "Microsoft.MachineLearningServices/workspaces", name, {
    kind: "Default",
    sku: { name: "Basic", tier: "Basic" },
    by: o.by,
    createdDaysAgo: o.createdDaysAgo,
    identity: b.identity(),
    properties: { friendlyName: name, storageAccount: st.id, keyVault: kv.id, publicNetworkAccess: "Disabled", hbiWorkspace: false, v1LegacyMode: false, managedNetwork: { isolationMode: "AllowOnlyApprovedOutbound" } },
    cost: false,
  });
  if (o.peSubnet) privateEndpoint(b, s, rg, ws, "amlworkspace", o.peSubnet, o);
  for (const [cname, size, nodes, min = 0] of computes) {
    b.child(ws, "computes", "Microsoft.MachineLearningServices/workspaces/computes", cname, {
      by: o.by,
      createdDaysAgo: o.createdDaysAgo,
      properties: { computeType: "AmlCompute", computeLocation: ws.location, disableLocalAuth: true, properties: { vmSize: size, vmPriority: "Dedicated", scaleSettings: { minNodeCount: min, maxNodeCount: nodes, nodeIdleTimeBeforeScaleDown: "PT120S" }, enableNodePublicIp: false } },
    });
  }
  return ws;
}

// ---------------------------------------------------------------------------------------------

function platform(b: DemoBuilder): void {
  const id = sub("identity");
  for (const n of ["01", "02"]) b.vm(id, "rg-identity-adds", `vm-adds-${n}`, "Standard_D4s_v5", { by: BY_PIPELINE, createdDaysAgo: 870 });
  b.add(id, "rg-identity-adds", "Microsoft.KeyVault/vaults", "kv-identity-adds", { by: BY_PIPELINE, createdDaysAgo: 870, properties: { tenantId: DEMO_TENANT_ID, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true } });

  const mgmt = sub("management");
  b.add(mgmt, "rg-management", "Microsoft.OperationalInsights/workspaces", "log-alz-eastus2", { by: BY_PIPELINE, createdDaysAgo: 880, properties: { sku: { name: "PerGB2018" }, retentionInDays: 90 } });
  b.add(mgmt, "rg-management", "Microsoft.Automation/automationAccounts", "aa-alz-eastus2", { by: BY_PIPELINE, createdDaysAgo: 880, properties: { sku: { name: "Basic" } }, cost: false });
  // ailz itself runs in the management subscription.
  b.add(mgmt, "rg-ailz", "Microsoft.Web/serverfarms", "asp-ailz", { kind: "functionapp", sku: { name: "FC1", tier: "FlexConsumption" }, by: BY_PIPELINE, createdDaysAgo: 120 });
  b.add(mgmt, "rg-ailz", "Microsoft.Web/sites", "func-ailz", { kind: "functionapp,linux", by: BY_PIPELINE, createdDaysAgo: 120, identity: { type: "UserAssigned" }, properties: { state: "Running", httpsOnly: true }, cost: false });
  b.add(mgmt, "rg-ailz", "Microsoft.Storage/storageAccounts", "stailzstate", { kind: "StorageV2", sku: { name: "Standard_LRS" }, by: BY_PIPELINE, createdDaysAgo: 120, properties: { allowBlobPublicAccess: false, allowSharedKeyAccess: false } });
  b.add(mgmt, "rg-ailz", "Microsoft.ManagedIdentity/userAssignedIdentities", "id-ailz", { by: BY_PIPELINE, createdDaysAgo: 120, properties: { principalId: AILZ_IDENTITY.objectId, clientId: AILZ_IDENTITY.appId, tenantId: DEMO_TENANT_ID }, cost: false });
}

function corp(b: DemoBuilder, spokes: Spokes): void {
  const chat = sub("genai-chat-prod");
  const chatPe = spokes.get(chat.key)!.pe;
  const oai = aiAccount(b, chat, "rg-genai-chat-ai", "oai-genai-chat-prod", "OpenAI", { by: BY_PIPELINE, createdDaysAgo: 380, disableLocalAuth: true, peSubnet: chatPe, perDay: 180 });
  deployment(b, oai, "gpt-4o", "gpt-4o", "2024-08-06", BY_PIPELINE, 200, 150);
  deployment(b, oai, "text-embedding-3-large", "text-embedding-3-large", "1", BY_PIPELINE, 300, 120);
  deployment(b, oai, "gpt-4o-legacy", "gpt-4o", "2024-05-13", BY_PIPELINE, 370, 30);
  search(b, chat, "rg-genai-chat-ai", "srch-genai-chat-prod", { by: BY_PIPELINE, createdDaysAgo: 370, peSubnet: chatPe, perDay: 32.9 });
  for (const [n, age] of [["01", 60], ["02", 60], ["03", 30]] as const) b.vm(chat, "rg-genai-chat-gpu", `vm-a100-infer-${n}`, "Standard_NC24ads_A100_v4", { by: BY_PIPELINE, createdDaysAgo: age, subnetId: spokes.get(chat.key)!.app, identity: true });
  b.vm(chat, "rg-genai-chat-gpu", "vm-a100-infer-04", "Standard_NC24ads_A100_v4", { by: BY_PIPELINE, createdDaysAgo: 90, deallocatedDaysAgo: 3, subnetId: spokes.get(chat.key)!.app, identity: true });

  const train = sub("ml-training-prod");
  const trainPe = spokes.get(train.key)!.pe;
  mlWorkspace(b, train, "rg-ml-training", "mlw-training-prod", [["gpu-cluster", "Standard_NC24ads_A100_v4", 4], ["cpu-cluster", "Standard_D8s_v5", 8]], { by: BY_PIPELINE, createdDaysAgo: 290, peSubnet: trainPe });
  // Training around the clock, GPU metrics through the Azure Monitor agent: busy, never idle.
  b.workload(b.vm(train, "rg-ml-training", "vm-h100-train-01", "Standard_ND96isr_H100_v5", { by: BY_PIPELINE, createdDaysAgo: 100, subnetId: spokes.get(train.key)!.app, identity: true }), "busy", { gpuMetrics: true });
  b.vm(train, "rg-ml-training", "vm-h100-train-02", "Standard_ND96isr_H100_v5", { by: BY_PIPELINE, createdDaysAgo: 40, subnetId: spokes.get(train.key)!.app, identity: true });

  const doc = sub("doc-intel-dev");
  const ais = aiAccount(b, doc, "rg-doc-intel-ai", "ais-doc-intel-dev", "AIServices", { by: BY_PIPELINE, createdDaysAgo: 190, disableLocalAuth: true, peSubnet: spokes.get(doc.key)!.pe, perDay: 120 });
  deployment(b, ais, "gpt-4o-mini", "gpt-4o-mini", "2024-07-18", BY_PIPELINE, 150, 80);
  b.vm(doc, "rg-doc-intel-gpu", "vm-a100-ocr-01", "Standard_NC24ads_A100_v4", { by: BY_PIPELINE, createdDaysAgo: 120, deallocatedDaysAgo: 33, subnetId: spokes.get(doc.key)!.app });

  const fraud = sub("fraud-ml-prod");
  // gpu-warm keeps two A100 nodes up for jobs that stopped coming: min 2, no job in the window.
  const fraudWs = mlWorkspace(b, fraud, "rg-fraud-ml", "mlw-fraud-prod", [["gpu-cluster", "Standard_NC24ads_A100_v4", 2], ["gpu-warm", "Standard_NC24ads_A100_v4", 2, 2]], { by: BY_PIPELINE, createdDaysAgo: 340, peSubnet: spokes.get(fraud.key)!.pe });
  b.workload(b.resources.find((r) => r.id === `${fraudWs.id}/computes/gpu-warm`)!, "idle");
  for (const n of ["01", "02"]) b.vm(fraud, "rg-fraud-ml", `vm-a100-fraud-${n}`, "Standard_NC24ads_A100_v4", { by: BY_PIPELINE, createdDaysAgo: 200, subnetId: spokes.get(fraud.key)!.app, identity: true });
  // Made by hand in the portal by the workload owner: not the pipeline, and only two of the four tags.
  b.rg(fraud, "rg-fraud-adhoc", fraud.region, { owner: user("omar").upn });
  b.vm(fraud, "rg-fraud-adhoc", "vm-a100-adhoc", "Standard_NC24ads_A100_v4", { by: byUser("omar"), createdDaysAgo: 9, tags: { owner: user("omar").upn, environment: "prod" } });

  const analytics = sub("analytics-dev");
  b.vm(analytics, "rg-analytics-gpu", "vm-t4-notebook", "Standard_NC4as_T4_v3", { by: BY_PIPELINE, createdDaysAgo: 100, deallocatedDaysAgo: 38, subnetId: spokes.get(analytics.key)!.app });
  // A playground A100 left running at 0% GPU for weeks, and one shut down from the OS (still billed).
  b.workload(b.vm(analytics, "rg-analytics-gpu", "vm-a100-playground", "Standard_NC24ads_A100_v4", { by: BY_PIPELINE, createdDaysAgo: 20, subnetId: spokes.get(analytics.key)!.app }), "idle", { gpuMetrics: true });
  b.vm(analytics, "rg-analytics-gpu", "vm-a100-finetune", "Standard_NC24ads_A100_v4", { by: BY_PIPELINE, createdDaysAgo: 25, stoppedDaysAgo: 6, subnetId: spokes.get(analytics.key)!.app });

  const srch = sub("search-test");
  search(b, srch, "rg-search-ai", "srch-enterprise-test", { by: BY_PIPELINE, createdDaysAgo: 110, peSubnet: spokes.get(srch.key)!.pe });
  const oaiSearch = aiAccount(b, srch, "rg-search-ai", "oai-search-test", "OpenAI", { by: BY_PIPELINE, createdDaysAgo: 110, disableLocalAuth: true, peSubnet: spokes.get(srch.key)!.pe, perDay: 25 });
  deployment(b, oaiSearch, "text-embedding-3-large", "text-embedding-3-large", "1", BY_PIPELINE, 100);
}

function online(b: DemoBuilder, spokes: Spokes): void {
  const asst = sub("assistant-prod");
  // Deployed by the pipeline but with public network access left on: a hardening finding.
  const oai = aiAccount(b, asst, "rg-assistant-ai", "oai-assistant-prod", "OpenAI", { by: BY_PIPELINE, createdDaysAgo: 320, publicNetworkAccess: "Enabled", disableLocalAuth: true, perDay: 95 });
  deployment(b, oai, "gpt-4o-mini", "gpt-4o-mini", "2024-07-18", BY_PIPELINE, 200, 200);
  deployment(b, oai, "gpt-35-turbo", "gpt-35-turbo", "0125", BY_PIPELINE, 310, 60);
  // A hardened account, but made by hand: shadow AI.
  b.rg(asst, "rg-assistant-playground", asst.region);
  aiAccount(b, asst, "rg-assistant-playground", "oai-assistant-playground", "OpenAI", { by: byUser("maria"), createdDaysAgo: 12, disableLocalAuth: true, perDay: 6 });
  search(b, asst, "rg-assistant-ai", "srch-assistant-prod", { by: BY_PIPELINE, createdDaysAgo: 300, peSubnet: spokes.get(asst.key)!.pe });

  const vision = sub("vision-prod");
  aiAccount(b, vision, "rg-vision-ai", "ais-vision-prod", "AIServices", { by: BY_PIPELINE, createdDaysAgo: 270, disableLocalAuth: false, peSubnet: spokes.get(vision.key)!.pe, perDay: 60 });
  const pools = [
    { name: "system", vmSize: "Standard_D4s_v5", count: 3, mode: "System" },
    // Autoscaled down to zero when no pod asks for a GPU: nothing held.
    { name: "gpu", vmSize: "Standard_NC24ads_A100_v4", count: 2, mode: "User", enableAutoScaling: true, minCount: 0, maxCount: 4 },
  ];
  const aks = b.add(vision, "rg-vision-aks", "Microsoft.ContainerService/managedClusters", "aks-vision-prod", {
    by: BY_PIPELINE,
    createdDaysAgo: 200,
    sku: { name: "Base", tier: "Standard" },
    identity: b.identity(),
    properties: {
      kubernetesVersion: "1.30.6",
      dnsPrefix: "aks-vision-prod",
      fqdn: "aks-vision-prod-3f9a1c2e.hcp.westeurope.azmk8s.io",
      nodeResourceGroup: "MC_rg-vision-aks_aks-vision-prod_westeurope",
      powerState: { code: "Running" },
      disableLocalAccounts: true,
      apiServerAccessProfile: { enablePrivateCluster: true },
      agentPoolProfiles: pools.map((p) => ({ ...p, osType: "Linux", vnetSubnetID: spokes.get(vision.key)!.app })),
    },
    cost: [
      { meter: "Azure Kubernetes Service", perDay: 2.4 },
      { meter: "Virtual Machines", perDay: 3 * 0.192 * 24 + 2 * 3.673 * 24 },
    ],
  });
  for (const p of pools) {
    b.child(aks, "agentPools", "Microsoft.ContainerService/managedClusters/agentPools", p.name, {
      by: BY_PIPELINE,
      createdDaysAgo: 200,
      properties: { count: p.count, vmSize: p.vmSize, mode: p.mode, osType: "Linux", powerState: { code: "Running" }, ...("minCount" in p ? { enableAutoScaling: p.enableAutoScaling, minCount: p.minCount, maxCount: p.maxCount } : {}) },
    });
  }

  const recs = sub("recs-dev");
  mlWorkspace(b, recs, "rg-recs-ml", "mlw-recs-dev", [["cpu-cluster", "Standard_D4s_v5", 4]], { by: BY_PIPELINE, createdDaysAgo: 150, peSubnet: spokes.get(recs.key)!.pe });

  const tr = sub("translate-test");
  const ais = aiAccount(b, tr, "rg-translate-ai", "ais-translate-test", "AIServices", { by: BY_PIPELINE, createdDaysAgo: 85, disableLocalAuth: true, peSubnet: spokes.get(tr.key)!.pe, perDay: 18 });
  deployment(b, ais, "gpt-4o-mini", "gpt-4o-mini", "2024-07-18", BY_PIPELINE, 80);
}

/**
 * Sandboxes: each has a storage account, a key vault and a small VM made by its owner; the newest
 * write is exactly `idleDays` ago (what the activity history records too).
 */
function sandboxes(b: DemoBuilder): void {
  for (const s of DEMO_SUBSCRIPTIONS) {
    if (!s.sandbox) continue;
    const rg = `rg-${s.key}`;
    const by = byUser(s.owner);
    const idle = s.sandbox.idleDays;
    const built = Math.max(idle, s.createdDaysAgo - 1);
    b.add(s, rg, "Microsoft.KeyVault/vaults", `kv-${s.key}`, { by, createdDaysAgo: built, properties: { tenantId: DEMO_TENANT_ID, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true } });
    b.vm(s, rg, `vm-${s.owner}-dev`, "Standard_B2ms", { by, createdDaysAgo: built });
    b.add(s, rg, "Microsoft.Storage/storageAccounts", `st${compact(s.key)}`, { kind: "StorageV2", sku: { name: "Standard_LRS" }, by, createdDaysAgo: built, modifiedDaysAgo: idle, properties: { allowBlobPublicAccess: false } });
  }
  // alice tried an A100 for a day (not a size sandboxes may use, and made by hand).
  const alice = sub("sbx-alice");
  b.vm(alice, "rg-sbx-alice", "vm-a100-eval", "Standard_NC24ads_A100_v4", { by: byUser("alice"), createdDaysAgo: 12, deallocatedDaysAgo: 11 });
  // bob's T4 came from the sandbox template through the pipeline: governed.
  const bob = sub("sbx-bob");
  // ...and has sat idle since; no GPU agent on it, so only its host CPU and network show that.
  b.workload(b.vm(bob, "rg-sbx-bob", "vm-t4-vision", "Standard_NC4as_T4_v3", { by: BY_PIPELINE, createdDaysAgo: 20 }), "idle");
}

/**
 * Resource-group sandboxes in workload subscriptions (tag `ailz-sandbox=true` plus the owner):
 * a small VM and a storage account made by the owner; the newest write (the storage account)
 * is exactly `idleDays` ago, as the activity history records.
 */
function sandboxGroups(b: DemoBuilder): void {
  for (const g of DEMO_SANDBOX_GROUPS) {
    const s = sub(g.sub);
    const tags = { ...b.workloadTags(s), owner: user(g.owner).upn };
    b.rg(s, g.rg, s.region, { ...tags, "ailz-sandbox": "true" });
    const by = byUser(g.owner);
    b.vm(s, g.rg, `vm-${g.owner}-scratch`, "Standard_B2ms", { by, createdDaysAgo: g.createdDaysAgo, tags });
    b.add(s, g.rg, "Microsoft.Storage/storageAccounts", sandboxGroupStorageName(g), {
      kind: "StorageV2", sku: { name: "Standard_LRS" }, tags, by, createdDaysAgo: g.createdDaysAgo, modifiedDaysAgo: g.idleDays,
      properties: { allowBlobPublicAccess: false, minimumTlsVersion: "TLS1_2" },
    });
  }
}

function unvended(b: DemoBuilder): void {
  const exp = sub("ml-experiments");
  b.rg(exp, "rg-experiments", exp.region, null);
  aiAccount(b, exp, "rg-experiments", "oai-ml-experiments", "OpenAI", { by: byUser("raj"), createdDaysAgo: 140, publicNetworkAccess: "Enabled", identity: false, tags: null, perDay: 14 });
  b.vm(exp, "rg-experiments", "vm-t4-experiments", "Standard_NC4as_T4_v3", {
    by: BY_PIPELINE,
    createdDaysAgo: 60,
    tags: { owner: user("raj").upn, "cost-center": "cc-7700", project: "ml-experiments", environment: "dev" },
  });

  const research = sub("research-legacy");
  b.rg(research, "rg-research", research.region, null);
  b.add(research, "rg-research", "Microsoft.Storage/storageAccounts", "stresearchscratch", { kind: "StorageV2", sku: { name: "Standard_LRS" }, tags: null, by: byUser("emma"), createdDaysAgo: 400, properties: { allowBlobPublicAccess: true } });
  b.vm(research, "rg-research", "vm-research-01", "Standard_D4s_v5", { by: byUser("emma"), createdDaysAgo: 300, tags: { owner: user("emma").upn } });
}

/**
 * Ordinary resources (web apps, storage, key vaults, CPU VMs with NICs and disks) made by the
 * pipeline with every required tag (storage and vaults closed to public networks), spread over the workload and platform subscriptions by
 * weight until the estate has about DEMO_RESOURCE_TARGET resources.
 */
function filler(b: DemoBuilder, spokes: Spokes): void {
  const wheel: DemoSubscription[] = [];
  for (const s of DEMO_SUBSCRIPTIONS) if (!s.sandbox && s.vended) for (let i = 0; i < s.fillerWeight; i++) wheel.push(s);
  const sizes = ["Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_E4s_v5"];
  const counters = new Map<string, number>();
  for (let turn = 0; b.resources.length < DEMO_RESOURCE_TARGET - 6; turn++) {
    const s = wheel[turn % wheel.length]!;
    const i = (counters.get(s.key) ?? 0) + 1;
    counters.set(s.key, i);
    const p = s.project;
    const rg = `rg-${p}-app-${String(Math.ceil(i / 2)).padStart(2, "0")}`;
    const age = b.rnd.int(45, Math.max(46, s.createdDaysAgo - 2));
    const o = { by: BY_PIPELINE, createdDaysAgo: age };
    const left = DEMO_RESOURCE_TARGET - b.resources.length;
    b.add(s, rg, "Microsoft.Storage/storageAccounts", `st${compact(p).slice(0, 16)}${i}`, { ...o, kind: "StorageV2", sku: { name: "Standard_ZRS" }, properties: { allowBlobPublicAccess: false, minimumTlsVersion: "TLS1_2", publicNetworkAccess: "Disabled" } });
    b.add(s, rg, "Microsoft.KeyVault/vaults", `kv-${compact(p).slice(0, 14)}-${i}`, { ...o, properties: { tenantId: DEMO_TENANT_ID, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true, publicNetworkAccess: "Disabled" } });
    b.add(s, rg, "Microsoft.Insights/components", `appi-${p}-${i}`, { ...o, kind: "web", properties: { Application_Type: "web" } });
    if (left < 12) continue;
    b.add(s, rg, "Microsoft.Web/serverfarms", `asp-${p}-${i}`, { ...o, kind: "linux", sku: { name: "P1v3", tier: "PremiumV3" }, properties: { reserved: true } });
    b.add(s, rg, "Microsoft.Web/sites", `app-${p}-${i}`, { ...o, kind: "app,linux", identity: b.identity(), properties: { state: "Running", httpsOnly: true }, cost: false });
    b.add(s, rg, "Microsoft.Network/networkSecurityGroups", `nsg-${p}-${i}`, { ...o, properties: { securityRules: [] }, cost: false });
    for (const suffix of ["a", "b"]) b.vm(s, rg, `vm-${p}-${i}${suffix}`, b.rnd.pick(sizes), { ...o, subnetId: spokes.get(s.key)?.app });
  }
}

// ---------------------------------------------------------------------------------------------

function principals(b: DemoBuilder) {
  const created = new Date(b.ago(1000)).toISOString();
  return [
    { objectId: PIPELINE.objectId, type: "ServicePrincipal" as const, displayName: PIPELINE.name, appId: PIPELINE.appId, createdAt: created },
    { objectId: AILZ_IDENTITY.objectId, type: "ServicePrincipal" as const, displayName: AILZ_IDENTITY.name, appId: AILZ_IDENTITY.appId, createdAt: created },
    ...Object.values(USERS).map((u) => ({ objectId: u.objectId, type: "User" as const, displayName: u.displayName, upn: u.upn, createdAt: created })),
  ];
}

function roleAssignment(b: DemoBuilder, scope: string, role: keyof typeof ROLE, principalId: string, principalType: "User" | "ServicePrincipal", daysAgo: number): ArmResource {
  const name = b.rnd.guid();
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  const at = new Date(b.ago(daysAgo)).toISOString();
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: "Microsoft.Authorization/roleAssignments",
    properties: {
      roleDefinitionId: `${sub ? `/subscriptions/${sub}` : ""}/providers/Microsoft.Authorization/roleDefinitions/${ROLE[role]}`,
      principalId,
      principalType,
      scope,
      condition: null,
      conditionVersion: null,
      description: null,
      createdOn: at,
      updatedOn: at,
      createdBy: PIPELINE.objectId,
      updatedBy: PIPELINE.objectId,
      delegatedManagedIdentityResourceId: null,
    },
  };
}

function roleAssignments(b: DemoBuilder): ArmResource[] {
  const alz = "/providers/Microsoft.Management/managementGroups/alz";
  const out = [
    roleAssignment(b, alz, "Owner", PIPELINE.objectId, "ServicePrincipal", 900),
    roleAssignment(b, alz, "Contributor", AILZ_IDENTITY.objectId, "ServicePrincipal", 120),
    roleAssignment(b, alz, "Reader", APPROVER_OBJECT_ID, "User", 900),
  ];
  for (const s of DEMO_SUBSCRIPTIONS) {
    const role = s.mg === "sandbox" || !s.vended || ["identity", "management", "connectivity"].includes(s.mg) ? "Owner" : "Contributor";
    out.push(roleAssignment(b, `/subscriptions/${subId(s.n)}`, role, user(s.owner).objectId, "User", s.createdDaysAgo));
  }
  return out;
}

function locks(): ArmResource[] {
  return DEMO_SUBSCRIPTIONS.filter((s) => s.sandbox?.lock).map((s) => {
    const target = `/subscriptions/${subId(s.n)}/resourceGroups/rg-${s.key}/providers/Microsoft.Storage/storageAccounts/st${compact(s.key)}`;
    return { id: `${target}/providers/Microsoft.Authorization/locks/keep-training-data`, name: "keep-training-data", type: "Microsoft.Authorization/locks", properties: { level: "CanNotDelete", notes: "Fine-tuning datasets; ask frank@contoso.com before deleting." } };
  });
}

export { DAY_MS };
