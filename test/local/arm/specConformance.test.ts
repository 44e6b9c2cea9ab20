import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEstate, rgPath, startHarness, SUB, SUB2, type Harness } from "./emulatorHarness";

// The twin kept true: Microsoft's own REST examples (test/fixtures/specs, provenance in its
// index.json) replayed against the emulator. Each example's request goes to the emulator with its
// parameters pointed at the small estate below; the status must be one the example documents and
// every key of the example's response body must be in the emulator's, with the same JSON type.

const SPECS = path.join(__dirname, "../../fixtures/specs");

interface IndexEntry {
  file: string;
  spec: string;
  commit: string;
  operationId: string;
  method: string;
  path: string;
  body?: string;
  query?: string[];
}
interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown }>;
}

const index: IndexEntry[] = JSON.parse(readFileSync(path.join(SPECS, "index.json"), "utf8")).examples;

const VM = `${rgPath()}/providers/Microsoft.Compute/virtualMachines/vm-1`;
const STORAGE = `${rgPath()}/providers/Microsoft.Storage/storageAccounts/stdata`;
const EVENT_HUB_RULE = `${rgPath()}/providers/Microsoft.EventHub/namespaces/ehns/authorizationRules/RootManageSharedAccessKey`;
const PARTNER = `${rgPath()}/providers/Microsoft.Datadog/monitors/dd1`;
const SYSTEM_TOPIC = `${rgPath()}/providers/Microsoft.EventGrid/systemTopics/st-storage`;
const VNET1 = `${rgPath()}/providers/Microsoft.Network/virtualNetworks/vnet1`;
const VNET2 = `${rgPath()}/providers/Microsoft.Network/virtualNetworks/vnet2`;
const now = new Date();
const today = now.toISOString().slice(0, 10);
const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
const thisHour = `${now.toISOString().slice(0, 13)}:00:00Z`;
const nextHour = `${new Date(now.getTime() + 3_600_000).toISOString().slice(0, 13)}:00:00Z`;

/** Path parameters every example shares, pointed at ids the estate has. */
const ESTATE_PARAMS: Record<string, string> = {
  subscriptionId: SUB, resourceGroupName: "rg-ai", vmName: "vm-1", groupId: "corp", scope: `subscriptions/${SUB}`, location: "eastus",
  systemTopicName: "st-storage", accountName: "testCreate1", virtualNetworkName: "vnet1", resourceProviderNamespace: "Microsoft.Quota",
};

/** Per-example parameters beyond ESTATE_PARAMS (the example's own value is used for the rest). */
const OVERRIDES: Record<string, Record<string, unknown>> = {
  "resources/CreateResourceGroup.json": { resourceGroupName: "rg-conformance" },
  "locks/ManagementLocks_CreateOrUpdateAtResourceGroupLevel.json": { resourceGroupName: "rg-conformance" },
  "locks/ManagementLocks_ListAtResourceGroupLevel.json": { resourceGroupName: "rg-conformance" },
  "locks/ManagementLocks_GetAtScope.json": { scope: `subscriptions/${SUB}/resourceGroups/rg-conformance` },
  "locks/ManagementLocks_DeleteAtScope.json": { scope: `subscriptions/${SUB}/resourceGroups/rg-conformance` },
  "locks/ManagementLocks_ListAtScope.json": { scope: `subscriptions/${SUB}/resourceGroups/rg-conformance` },
  "authorization/RoleAssignments_CreateForResourceGroup.json": {
    scope: `subscriptions/${SUB}/resourceGroups/rg-ai`,
    parameters: { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`, principalId: "ce2ce14e-85d7-4629-bdbc-454d0519d987", principalType: "User" } },
  },
  "authorization/RoleAssignments_Get.json": { scope: `subscriptions/${SUB}/resourceGroups/rg-ai`, roleAssignmentName: "05c5a614-a7d6-4502-b150-c2fb455033ff" },
  "authorization/RoleAssignments_Delete.json": { scope: `subscriptions/${SUB}/resourceGroups/rg-ai`, roleAssignmentName: "05c5a614-a7d6-4502-b150-c2fb455033ff" },
  "managementgroups/AddManagementGroupSubscription.json": { subscriptionId: SUB2 },
  "monitor/createOrUpdateDiagnosticSetting.json": {
    resourceUri: STORAGE.slice(1),
    // The example's own body with its sinks pointed at the estate's.
    parameters: {
      properties: {
        storageAccountId: STORAGE, workspaceId: "", eventHubAuthorizationRuleId: EVENT_HUB_RULE, eventHubName: "myeventhub", marketplacePartnerId: PARTNER,
        metrics: [{ category: "AllMetrics", enabled: true, retentionPolicy: { enabled: false, days: 0 } }], logs: [{ categoryGroup: "allLogs", enabled: true, retentionPolicy: { enabled: false, days: 0 } }], logAnalyticsDestinationType: "Dedicated",
      },
    },
  },
  "monitor/listDiagnosticSettings.json": { resourceUri: STORAGE.slice(1) },
  "monitor/GetMetric.json": { resourceUri: VM.slice(1), metricnames: "Percentage CPU", metricnamespace: "Microsoft.Compute/virtualMachines", aggregation: "average,minimum,maximum", interval: "PT1H", timespan: `${thisHour}/${nextHour}` },
  "consumption/Budget.json": { budgetName: "TestBudget" },
  "managementgroups/PutManagementGroup.json": { groupId: "ChildGroup", createManagementGroupRequest: { properties: { displayName: "ChildGroup", details: { parent: { id: "/providers/Microsoft.Management/managementGroups/landingzones" } } } } },
  "authorization/GetRoleDefinitionByName.json": { scope: `subscriptions/${SUB}`, roleDefinitionId: "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd" }, // OpenAI User: has data actions, as the example
  "eventgrid/SystemTopicEventSubscriptions_Delete.json": { eventSubscriptionName: "exampleEventSubscriptionName1" },
  // Last in the replay: the sandbox subscription is cancelled, then enabled again.
  "subscription/cancelSubscription.json": { subscriptionId: SUB2 },
  "subscription/enableSubscription.json": { subscriptionId: SUB2 },
  "quota/getComputeOneSkuUsages.json": { scope: `subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus`, resourceName: "standardDSv5Family" },
  "monitor/MetricBatchExample.json": {
    subscriptionId: SUB, starttime: thisHour, endtime: nextHour, interval: "PT1H", metricnamespace: "Microsoft.Compute/virtualMachines", metricnames: "Percentage CPU", aggregation: "average,minimum,maximum",
    batchRequest: { resourceids: [VM] },
  },
  "costmanagement/SubscriptionQuery.json": {
    parameters: {
      // Custom over yesterday rather than MonthToDate: cost data lags a day, and on the 1st the month so far has none.
      type: "Usage", timeframe: "Custom", timePeriod: { from: `${yesterday}T00:00:00Z`, to: `${today}T00:00:00Z` },
      dataset: { granularity: "Daily", filter: { and: [{ or: [{ dimensions: { name: "ResourceLocation", operator: "In", values: ["eastus"] } }, { tags: { name: "Environment", operator: "In", values: ["UAT", "Prod"] } }] }, { dimensions: { name: "ResourceGroup", operator: "In", values: ["rg-ai"] } }] } },
    },
  },
  "resources/PutTagsResource.json": { scope: VM.slice(1) },
  "resources/GetTagsSubscription.json": { scope: `subscriptions/${SUB}` },
  "resourcegraph/ResourcesBasicQuery.json": { query: { subscriptions: [SUB], query: "Resources | project id, name, type, location, tags | limit 3" } },
};

/**
 * Every allowed difference between an example and the emulator, by example file and JSON path
 * (`[]` = the first element of an array), each with why it is allowed. An entry no replay needs
 * fails the test, so the table only ever lists real differences.
 */
const ALLOWED: Record<string, Record<string, string>> = {
  "compute/Usage_List_MaximumSet_Gen.json": { nextLink: "the example's single page names a next one; the emulator sends nextLink only when another page follows, as ARM does" },
  "resources/GetProvider.json": { "resourceTypes[].locationMappings": "edge-zone mappings; the emulator has no extended locations and ailz reads only a provider's registrationState" },
  "cognitiveservices/CreateAccountMin.json": { etag: "optimistic-concurrency tag; ailz never sends If-Match on accounts, so the emulator keeps none for them" },
  "cognitiveservices/ListModels.json": {
    "value[].model.finetuneCapabilities": "fine-tuning is not emulated; ailz reads a model's name, version, skus and lifecycle only",
    "value[].model.deprecation": "the emulated catalogue lists current models without retirement dates; ailz does not read them",
  },
  "network/VirtualNetworkPeeringGet.json": { "properties.remoteBgpCommunities": "BGP communities of the remote VNet; ailz never reads them" },
  "resources/GetSubscription.json": { "managedByTenants[]": "Lighthouse delegations: the estate has none, and ailz never reads them" },
  "subscription/createAlias.json": {
    "properties.acceptOwnershipUrl": "ownership transfer to another tenant is not emulated; ailz vends into its own tenant and never reads it",
    "properties.acceptOwnershipState": "ownership transfer to another tenant is not emulated; ailz vends into its own tenant and never reads it",
  },
  "subscription/listAlias.json": {
    "value[].properties.acceptOwnershipUrl": "ownership transfer to another tenant is not emulated; ailz never reads it",
    "value[].properties.acceptOwnershipState": "ownership transfer to another tenant is not emulated; ailz never reads it",
  },
  "monitor/MetricBatchExample.json": { "values[].value[].timeseries[].metadatavalues[]": "the example splits by dimensions (filter ApiName/Authentication); ailz never splits metrics, so the emulator's series carry no dimension values" },
  "monitor/GetMetric.json": { "value[].timeseries[].metadatavalues[]": "the example splits by a dimension ($filter Tier eq '*'); ailz never splits metrics, so the emulator's series carry no dimension values" },
  "compute/VirtualMachine_Get_InstanceView.json": {
    platformUpdateDomain: "fabric placement; ailz reads only statuses[].code (power state)",
    platformFaultDomain: "fabric placement; ailz reads only statuses[].code (power state)",
    osVersion: "guest OS detail reported by the VM agent; ailz never reads it",
    vmAgent: "guest agent status; ailz never reads it",
    disks: "per-disk provisioning statuses; ailz reads disks from the VM model, not the instance view",
    bootDiagnostics: "boot diagnostics blobs; ailz never reads them",
    extensions: "extension statuses; ailz never reads them",
    hyperVGeneration: "image generation; ailz never reads it",
    patchStatus: "Update Manager patch state; ailz never reads it",
    isVMInStandbyPool: "standby pools are not emulated; ailz never reads it",
    "statuses[].time": "the example's first status (ProvisioningState) has a time; ailz reads only code",
  },
};

/** Objects whose keys are data (tag, notification and capability names): their first value is compared with the other's first value. */
const MAPS = new Set(["tags", "notifications", "capabilities"]);

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Where `actual` lacks a key of `expected` or holds another JSON type, recursively; arrays by their first element. */
function shapeDifferences(expected: unknown, actual: unknown, at: string, out: string[]): void {
  // A null in an example only says the key may be present; its type is undocumented there.
  if (expected === null) return;
  if (kind(expected) !== kind(actual)) {
    out.push(`${at || "(body)"}: ${kind(expected)} expected, got ${kind(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (expected.length === 0) return;
    if ((actual as unknown[]).length === 0) out.push(`${at}[]: empty, the example has elements`);
    else shapeDifferences(expected[0], (actual as unknown[])[0], `${at}[]`, out);
    return;
  }
  if (kind(expected) !== "object") return;
  const a = actual as Record<string, unknown>;
  if (MAPS.has(at.slice(at.lastIndexOf(".") + 1))) {
    const first = Object.values(expected as Record<string, unknown>)[0];
    const other = Object.values(a)[0];
    if (first !== undefined && other === undefined) out.push(`${at}: empty, the example has entries`);
    else if (first !== undefined) shapeDifferences(first, other, `${at}.*`, out);
    return;
  }
  for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
    const here = at ? `${at}.${key}` : key;
    if (!(key in a)) {
      if (value !== null) out.push(`${here}: missing`);
    } else shapeDifferences(value, a[key], here, out);
  }
}

/** A difference path without its detail, as ALLOWED names it. */
const pathOf = (difference: string) => difference.slice(0, difference.indexOf(":"));

function requestFor(entry: IndexEntry, example: Example) {
  const params = { ...example.parameters, ...ESTATE_PARAMS, ...OVERRIDES[entry.file] };
  const urlPath = entry.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (typeof value !== "string") throw new Error(`${entry.file}: no value for path parameter ${name}`);
    return name === "scope" || name === "resourceUri" ? value.replace(/^\//, "") : encodeURIComponent(value);
  });
  const query = new URLSearchParams({ "api-version": String(example.parameters["api-version"]) });
  for (const name of entry.query ?? []) query.set(name, String(params[name]));
  return { url: `${urlPath}?${query}`, body: entry.body === undefined ? undefined : params[entry.body] };
}

let h: Harness;
const seen = new Set<string>();

beforeAll(async () => {
  h = await startHarness({
    eventsEnabled: false,
    estate: {
      ...baseEstate(),
      subscriptions: baseEstate().subscriptions!.map((s) => ({ ...s, tags: { costCenter: "cc-1001" } })),
      resources: [
        { id: VM, name: "vm-1", type: "Microsoft.Compute/virtualMachines", location: "eastus", tags: { Environment: "Prod" }, properties: { hardwareProfile: { vmSize: "Standard_D4s_v5" }, extended: { instanceView: { powerState: { code: "PowerState/running" } } } } },
        { id: STORAGE, name: "stdata", type: "Microsoft.Storage/storageAccounts", location: "eastus", kind: "StorageV2", properties: {} },
        { id: EVENT_HUB_RULE.replace(/\/authorizationRules\/.*$/, ""), name: "ehns", type: "Microsoft.EventHub/namespaces", location: "eastus", properties: {} },
        { id: PARTNER, name: "dd1", type: "Microsoft.Datadog/monitors", location: "eastus", properties: {} },
      ],
      costRecords: [{ date: yesterday, subscriptionId: SUB, resourceGroup: "rg-ai", resourceId: VM, resourceType: "Microsoft.Compute/virtualMachines", location: "eastus", meterCategory: "Virtual Machines", tags: { Environment: "Prod" }, cost: 4.2, currency: "USD" }],
    },
  });
  // Budgets_Get needs a budget: made through the emulator's own PUT with the example's properties
  // (dates moved to this month, ids to the estate's), as ailz's vending makes one.
  const example: Example = JSON.parse(readFileSync(path.join(SPECS, "consumption/Budget.json"), "utf8"));
  const { currentSpend: _spend, ...properties } = (example.responses["200"].body as { properties: Record<string, unknown> }).properties;
  const month = today.slice(0, 8);
  const budget = await h.call("PUT", `/subscriptions/${SUB}/providers/Microsoft.Consumption/budgets/TestBudget?api-version=2023-05-01`, {
    properties: JSON.parse(JSON.stringify({ ...properties, timePeriod: { startDate: `${month}01T00:00:00Z`, endDate: `${Number(month.slice(0, 4)) + 1}-12-31T00:00:00Z` } }).replaceAll("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/MYDEVTESTRG", rgPath())),
  });
  expect(budget.status, JSON.stringify(budget.body)).toBeLessThan(300);
  // A system topic over the storage account and two peered-to VNets, made as an operator would.
  const topic = await h.call("PUT", `${SYSTEM_TOPIC}?api-version=2022-06-15`, { location: "eastus", properties: { source: STORAGE, topicType: "Microsoft.Storage.StorageAccounts" } });
  expect(topic.status, JSON.stringify(topic.body)).toBeLessThan(300);
  for (const [vnet, prefix] of [[VNET1, "10.0.0.0/16"], [VNET2, "12.0.0.0/8"]] as const) {
    const made = await h.call("PUT", `${vnet}?api-version=2024-05-01`, { location: "eastus", properties: { addressSpace: { addressPrefixes: [prefix] } } });
    expect(made.status, JSON.stringify(made.body)).toBeLessThan(300);
  }
  const peering = await h.call("PUT", `${VNET1}/virtualNetworkPeerings/peer?api-version=2024-05-01`, {
    properties: { allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: false, remoteVirtualNetwork: { id: VNET2 } },
  });
  expect(peering.status, JSON.stringify(peering.body)).toBeLessThan(300);
});
afterAll(async () => {
  await h.close();
});

describe("REST spec conformance", () => {
  it("replays at least 25 operations' examples", () => {
    expect(new Set(index.map((e) => e.operationId)).size).toBeGreaterThanOrEqual(25);
  });

  // Sequential, in index order: creates come before the reads and deletes that need them.
  for (const entry of index) {
    it(`${entry.operationId} (${entry.file})`, async () => {
      const example: Example = JSON.parse(readFileSync(path.join(SPECS, entry.file), "utf8"));
      const { url, body } = requestFor(entry, example);
      const res = await h.call(entry.method, url, body);
      const documented = Object.keys(example.responses).filter((s) => s !== "default");
      expect(documented, `${entry.method} ${url} -> ${res.status} ${JSON.stringify(res.body)}`).toContain(String(res.status));
      const expected = example.responses[String(res.status)]?.body;
      const differences: string[] = [];
      if (expected !== undefined) shapeDifferences(expected, res.body, "", differences);
      const allowed = ALLOWED[entry.file] ?? {};
      for (const d of differences) if (allowed[pathOf(d)] !== undefined) seen.add(`${entry.file}#${pathOf(d)}`);
      expect(differences.filter((d) => allowed[pathOf(d)] === undefined), JSON.stringify(res.body)).toEqual([]);
    });
  }

  it("allows no difference that no replay needs", () => {
    const listed = Object.entries(ALLOWED).flatMap(([file, paths]) => Object.keys(paths).map((p) => `${file}#${p}`));
    expect(listed.filter((k) => !seen.has(k))).toEqual([]);
  });
});
