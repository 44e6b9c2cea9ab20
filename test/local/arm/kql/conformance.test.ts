import { describe, expect, it } from "vitest";
import { graphTables } from "../../../../local/arm/kql/graphTables";
import { runQuery } from "../../../../local/arm/kql/runQuery";
import { EstateState } from "../../../../local/arm/state/EstateState";
import { fixtureEstate, SUB_CORP, SUB_ONLINE, SUB_SANDBOX } from "./fixtureEstate";

// KQL conformance over the fixed estate in fixtureEstate.ts. Each case states the rows Resource
// Graph returns for it (values after JSON serialisation, as they go on the wire).

const state = new EstateState(fixtureEstate);
const NOW = new Date("2024-10-01T00:00:00Z");

function run(query: string): unknown[] {
  const r = runQuery(query, { tables: graphTables(state, {}), now: NOW });
  return JSON.parse(JSON.stringify(r.rows)) as unknown[];
}

function columnsOf(query: string): string[] {
  return runQuery(query, { tables: graphTables(state, {}), now: NOW }).columns;
}

const names = (...n: string[]) => n.map((name) => ({ name }));

interface Case {
  title: string;
  query: string;
  rows: unknown[];
}

const cases: Case[] = [
  { title: "count of all resources", query: "Resources | count", rows: [{ Count: 30 }] },
  { title: "summarize count() without by", query: "Resources | summarize count()", rows: [{ count_: 30 }] },
  {
    title: "count by subscription",
    query: "resources | summarize count() by subscriptionId | order by subscriptionId asc",
    rows: [
      { subscriptionId: SUB_CORP, count_: 12 },
      { subscriptionId: SUB_ONLINE, count_: 11 },
      { subscriptionId: SUB_SANDBOX, count_: 7 },
    ],
  },
  {
    title: "GPU VMs by vmSize prefix",
    query:
      "Resources | where type == 'microsoft.compute/virtualmachines' | where properties.hardwareProfile.vmSize startswith 'Standard_N' | project name, vmSize = tostring(properties.hardwareProfile.vmSize) | order by name asc",
    rows: [
      { name: "gpu-a100-01", vmSize: "Standard_NC24ads_A100_v4" },
      { name: "gpu-a100-02", vmSize: "Standard_NC48ads_A100_v4" },
      { name: "gpu-h100-01", vmSize: "Standard_ND96isr_H100_v5" },
      { name: "gpu-t4-01", vmSize: "Standard_NC4as_T4_v3" },
      { name: "gpu-t4-02", vmSize: "Standard_NC8as_T4_v3" },
      { name: "sbx-gpu", vmSize: "Standard_NC6s_v3" },
    ],
  },
  { title: "type is lower-cased: == with ARM casing finds nothing", query: "Resources | where type == 'Microsoft.Compute/virtualMachines' | count", rows: [{ Count: 0 }] },
  { title: "=~ is case-insensitive", query: "Resources | where type =~ 'Microsoft.Compute/virtualMachines' | count", rows: [{ Count: 8 }] },
  {
    title: "AI accounts with public network access enabled",
    query:
      "Resources | where type =~ 'microsoft.cognitiveservices/accounts' and properties.publicNetworkAccess == 'Enabled' | project name, kind | order by name asc",
    rows: [
      { name: "ais-dev", kind: "AIServices" },
      { name: "oai-dev", kind: "OpenAI" },
      { name: "oai-shadow", kind: "OpenAI" },
    ],
  },
  {
    title: "AI accounts with key auth (in~ and tobool)",
    query: "Resources | where kind in~ ('openai', 'aiservices') and tobool(properties.disableLocalAuth) == false | project name | order by name asc",
    rows: names("ais-dev", "oai-shadow"),
  },
  {
    title: "resources missing the cost-center tag (dashed tag name)",
    query:
      "Resources | where type in ('microsoft.compute/virtualmachines', 'microsoft.cognitiveservices/accounts') | where isempty(tags['cost-center']) | project name | order by name asc",
    rows: names("ais-dev", "gpu-h100-01", "gpu-t4-02", "oai-shadow", "sbx-cpu"),
  },
  { title: "dotted tag access", query: "Resources | where tags.owner == 'alice' | project name | order by name asc", rows: names("gpu-a100-01", "web-01") },
  {
    title: "make_set keeps first-seen order without duplicates",
    query: "Resources | where isnotempty(tags.owner) | summarize owners = make_set(tags.owner)",
    rows: [{ owners: ["alice", "carol", "dave", "erin"] }],
  },
  {
    title: "join resources with subscription containers for subscription tags",
    query:
      "Resources | where type == 'microsoft.compute/virtualmachines' | join kind=leftouter (ResourceContainers | where type == 'microsoft.resources/subscriptions' | project subscriptionId, subName = name, env = tostring(tags.env)) on subscriptionId | project name, subName, env | order by name asc",
    rows: [
      { name: "gpu-a100-01", subName: "corp-ai-prod", env: "prod" },
      { name: "gpu-a100-02", subName: "corp-ai-prod", env: "prod" },
      { name: "gpu-h100-01", subName: "corp-ai-prod", env: "prod" },
      { name: "gpu-t4-01", subName: "online-ai-dev", env: "dev" },
      { name: "gpu-t4-02", subName: "online-ai-dev", env: "dev" },
      { name: "sbx-cpu", subName: "sandbox-bob", env: "sandbox" },
      { name: "sbx-gpu", subName: "sandbox-bob", env: "sandbox" },
      { name: "web-01", subName: "corp-ai-prod", env: "prod" },
    ],
  },
  {
    title: "management group ancestors chain on subscriptions",
    query:
      "ResourceContainers | where type == 'microsoft.resources/subscriptions' | project name, mg = tostring(properties.managementGroupAncestorsChain[0].name), depth = array_length(properties.managementGroupAncestorsChain) | order by name asc",
    rows: [
      { name: "corp-ai-prod", mg: "corp", depth: 3 },
      { name: "online-ai-dev", mg: "online", depth: 3 },
      { name: "sandbox-bob", mg: "sandbox", depth: 2 },
    ],
  },
  {
    title: "join on $left/$right to get each AI account's management group",
    query:
      "Resources | where type =~ 'microsoft.cognitiveservices/accounts' | join kind=inner (ResourceContainers | where type =~ 'microsoft.resources/subscriptions' | project subId = subscriptionId, mg = tostring(properties.managementGroupAncestorsChain[0].displayName)) on $left.subscriptionId == $right.subId | project name, mg | order by name asc",
    rows: [
      { name: "ais-dev", mg: "Online" },
      { name: "oai-dev", mg: "Online" },
      { name: "oai-prod", mg: "Corp" },
      { name: "oai-shadow", mg: "Sandbox" },
    ],
  },
  {
    title: "mv-expand of an array property",
    query: "Resources | where type == 'microsoft.network/virtualnetworks' | mv-expand prefix = properties.addressSpace.addressPrefixes | project name, prefix = tostring(prefix)",
    rows: [
      { name: "vnet-hub", prefix: "10.0.0.0/16" },
      { name: "vnet-hub", prefix: "10.1.0.0/16" },
    ],
  },
  {
    title: "AKS GPU node pools via mv-expand",
    query:
      "Resources | where type == 'microsoft.containerservice/managedclusters' | mv-expand pool = properties.agentPoolProfiles | where tostring(pool.vmSize) startswith 'Standard_N' | project name, pool = tostring(pool.name), nodes = toint(pool['count'])",
    rows: [{ name: "aks-dev", pool: "gpu", nodes: 2 }],
  },
  {
    title: "arg_max per group: newest VM per subscription",
    query:
      "Resources | where type == 'microsoft.compute/virtualmachines' | extend created = todatetime(properties.timeCreated) | summarize arg_max(created, name) by subscriptionId | project subscriptionId, name | order by subscriptionId asc",
    rows: [
      { subscriptionId: SUB_CORP, name: "gpu-h100-01" },
      { subscriptionId: SUB_ONLINE, name: "gpu-t4-01" },
      { subscriptionId: SUB_SANDBOX, name: "sbx-gpu" },
    ],
  },
  {
    title: "arg_min with * keeps the whole row",
    query:
      "Resources | where type == 'microsoft.compute/virtualmachines' | extend created = todatetime(properties.timeCreated) | summarize arg_min(created, *) by subscriptionId | project subscriptionId, name, location | order by subscriptionId asc",
    rows: [
      { subscriptionId: SUB_CORP, name: "web-01", location: "eastus" },
      { subscriptionId: SUB_ONLINE, name: "gpu-t4-02", location: "westeurope" },
      { subscriptionId: SUB_SANDBOX, name: "sbx-cpu", location: "eastus" },
    ],
  },
  {
    title: "dcount by subscription",
    query: "Resources | summarize types = dcount(type) by subscriptionId | order by subscriptionId asc",
    rows: [
      { subscriptionId: SUB_CORP, types: 8 },
      { subscriptionId: SUB_ONLINE, types: 9 },
      { subscriptionId: SUB_SANDBOX, types: 5 },
    ],
  },
  {
    title: "countif over power state",
    query:
      "Resources | where type == 'microsoft.compute/virtualmachines' | summarize running = countif(properties.extended.instanceView.powerState.code == 'PowerState/running'), stopped = countif(properties.extended.instanceView.powerState.code == 'PowerState/deallocated')",
    rows: [{ running: 5, stopped: 3 }],
  },
  {
    title: "sum, avg, min, max",
    query:
      "Resources | where type == 'microsoft.compute/disks' | summarize total = sum(toint(properties.diskSizeGB)), avgSize = avg(toint(properties.diskSizeGB)), smallest = min(toint(properties.diskSizeGB)), largest = max(toint(properties.diskSizeGB))",
    rows: [{ total: 640, avgSize: 320, smallest: 128, largest: 512 }],
  },
  {
    title: "make_list of deployed models by subscription",
    query:
      "Resources | where type == 'microsoft.cognitiveservices/accounts/deployments' | summarize models = make_list(tostring(properties.model.name)) by subscriptionId | order by subscriptionId asc",
    rows: [
      { subscriptionId: SUB_CORP, models: ["gpt-4o", "gpt-35-turbo"] },
      { subscriptionId: SUB_ONLINE, models: ["gpt-4o-mini"] },
      { subscriptionId: SUB_SANDBOX, models: ["gpt-4"] },
    ],
  },
  {
    title: "unapproved model deployments (!in)",
    query:
      "Resources | where type == 'microsoft.cognitiveservices/accounts/deployments' | where tostring(properties.model.name) !in ('gpt-4o', 'gpt-4o-mini') | project name, model = tostring(properties.model.name) | order by name asc",
    rows: [
      { name: "gpt-35", model: "gpt-35-turbo" },
      { name: "gpt-4", model: "gpt-4" },
    ],
  },
  {
    title: "has matches whole terms",
    query: "Resources | where name has 'gpu' | project name | order by name asc",
    rows: names("gpu-a100-01", "gpu-a100-02", "gpu-cluster", "gpu-h100-01", "gpu-t4-01", "gpu-t4-02", "sbx-gpu", "sbx-gpu-osdisk"),
  },
  { title: "contains and !has", query: "Resources | where name contains 'sbx' and name !has 'gpu' | project name | order by name asc", rows: names("sbx-cpu", "stsbx") },
  { title: "endswith", query: "Resources | where name endswith '-01' | count", rows: [{ Count: 4 }] },
  {
    title: "project-away",
    query: "Resources | where name == 'stsbx' | project-away properties, tags, identity, zones, extendedLocation, plan, sku, managedBy, tenantId",
    rows: [
      {
        id: `/subscriptions/${SUB_SANDBOX}/resourceGroups/rg-sandbox/providers/Microsoft.Storage/storageAccounts/stsbx`,
        name: "stsbx",
        type: "microsoft.storage/storageaccounts",
        kind: "BlobStorage",
        location: "eastus",
        resourceGroup: "rg-sandbox",
        subscriptionId: SUB_SANDBOX,
      },
    ],
  },
  { title: "resourceGroup is lower-cased", query: "Resources | where resourceGroup == 'rg-ai-prod' | count", rows: [{ Count: 9 }] },
  { title: "resourceGroup with ARM casing does not match ==", query: "Resources | where resourceGroup == 'RG-AI-Prod' | count", rows: [{ Count: 0 }] },
  {
    title: "id keeps its casing",
    query: "Resources | where name == 'oai-prod' | project id",
    rows: [{ id: `/subscriptions/${SUB_CORP}/resourceGroups/RG-AI-Prod/providers/Microsoft.CognitiveServices/accounts/oai-prod` }],
  },
  {
    title: "top N by",
    query: "Resources | where type == 'microsoft.compute/virtualmachines' | extend created = todatetime(properties.timeCreated) | top 3 by created desc | project name",
    rows: names("gpu-h100-01", "sbx-gpu", "gpu-t4-01"),
  },
  {
    title: "order by two keys, asc and desc",
    query: "Resources | where type == 'microsoft.compute/virtualmachines' | project name, location | order by location asc, name desc",
    rows: [
      { name: "web-01", location: "eastus" },
      { name: "sbx-gpu", location: "eastus" },
      { name: "sbx-cpu", location: "eastus" },
      { name: "gpu-h100-01", location: "eastus" },
      { name: "gpu-a100-02", location: "eastus" },
      { name: "gpu-a100-01", location: "eastus" },
      { name: "gpu-t4-02", location: "westeurope" },
      { name: "gpu-t4-01", location: "westeurope" },
    ],
  },
  {
    title: "distinct",
    query: "Resources | where isnotempty(location) | distinct location | sort by location asc",
    rows: [{ location: "eastus" }, { location: "swedencentral" }, { location: "westeurope" }],
  },
  {
    title: "case() classification summarized",
    query:
      "Resources | where type == 'microsoft.compute/virtualmachines' | extend size = tostring(properties.hardwareProfile.vmSize) | extend family = case(size contains 'A100', 'A100', size contains 'H100', 'H100', size contains 'T4', 'T4', size startswith 'Standard_N', 'other-gpu', 'cpu') | summarize n = count() by family | order by family asc",
    rows: [
      { family: "A100", n: 2 },
      { family: "H100", n: 1 },
      { family: "T4", n: 2 },
      { family: "cpu", n: 2 },
      { family: "other-gpu", n: 1 },
    ],
  },
  {
    title: "iff",
    query: "Resources | where name in ('gpu-a100-01', 'gpu-a100-02') | project name, power = iff(properties.extended.instanceView.powerState.code == 'PowerState/running', 'on', 'off') | order by name asc",
    rows: [
      { name: "gpu-a100-01", power: "on" },
      { name: "gpu-a100-02", power: "off" },
    ],
  },
  {
    title: "coalesce and strcat",
    query: "Resources | where type == 'microsoft.compute/virtualmachines' and resourceGroup == 'rg-sandbox' | project label = strcat(name, ':', coalesce(tostring(tags.owner), 'unowned')) | order by label asc",
    rows: [{ label: "sbx-cpu:unowned" }, { label: "sbx-gpu:unowned" }],
  },
  {
    title: "split, array index and array_length",
    query: "Resources | where name == 'gpu-a100-01' | project n = array_length(split(id, '/')), rg = tostring(split(id, '/')[4])",
    rows: [{ n: 9, rg: "RG-AI-Prod" }],
  },
  { title: "bag_keys", query: "Resources | where name == 'gpu-a100-01' | project keys = bag_keys(tags)", rows: [{ keys: ["cost-center", "owner"] }] },
  { title: "toupper and tolower", query: "Resources | where name == 'oai-dev' | project k = toupper(kind), loc = tolower(location)", rows: [{ k: "OPENAI", loc: "swedencentral" }] },
  {
    title: "ago() against the emulator clock",
    query: "Resources | where type == 'microsoft.compute/virtualmachines' and todatetime(properties.timeCreated) > ago(60d) | project name | order by name asc",
    rows: names("gpu-h100-01", "sbx-gpu"),
  },
  {
    title: "between datetime literals",
    query:
      "Resources | where type == 'microsoft.compute/virtualmachines' and todatetime(properties.timeCreated) between (datetime(2024-01-01) .. datetime(2024-06-30)) | project name | order by name asc",
    rows: names("gpu-a100-01", "gpu-a100-02", "gpu-t4-02", "sbx-cpu"),
  },
  { title: "bin() of a datetime by 1d", query: "Resources | where name == 'gpu-a100-01' | project d = bin(todatetime(properties.timeCreated), 1d)", rows: [{ d: "2024-05-01T00:00:00.000Z" }] },
  {
    title: "summarize by a computed key",
    query: "Resources | where type == 'microsoft.compute/virtualmachines' | summarize n = count() by year = getyear(todatetime(properties.timeCreated)) | order by year asc",
    rows: [
      { year: 2023, n: 1 },
      { year: 2024, n: 7 },
    ],
  },
  {
    title: "resource groups per subscription from ResourceContainers",
    query: "ResourceContainers | where type == 'microsoft.resources/subscriptions/resourcegroups' | summarize rgs = count() by subscriptionId | order by subscriptionId asc",
    rows: [
      { subscriptionId: SUB_CORP, rgs: 2 },
      { subscriptionId: SUB_ONLINE, rgs: 2 },
      { subscriptionId: SUB_SANDBOX, rgs: 1 },
    ],
  },
  { title: "table names are case-insensitive", query: "resourcecontainers | where type =~ 'Microsoft.Resources/Subscriptions' | count", rows: [{ Count: 3 }] },
  { title: "query without a table defaults to Resources", query: "where type == 'microsoft.compute/disks' | project name | order by name asc", rows: names("orphan-disk", "sbx-gpu-osdisk") },
  { title: "orphaned disks (empty managedBy)", query: "Resources | where type == 'microsoft.compute/disks' and isempty(managedBy) | project name", rows: names("orphan-disk") },
  { title: "array index, negative index", query: "Resources | where isnotnull(zones) | project name, first = tostring(zones[0]), last = tostring(zones[-1])", rows: [{ name: "pip-bastion", first: "1", last: "3" }] },
  {
    title: "summarize by sku.name",
    query: "Resources | where type == 'microsoft.storage/storageaccounts' | summarize n = count() by sku = tostring(sku.name) | order by sku asc",
    rows: [
      { sku: "Standard_GRS", n: 1 },
      { sku: "Standard_LRS", n: 2 },
    ],
  },
  { title: "project-rename", query: "Resources | where name == 'kv-apps' | project name, rg = resourceGroup | project-rename vault = name", rows: [{ vault: "kv-apps", rg: "rg-apps" }] },
  {
    title: "leftouter join leaves nulls where nothing matches",
    query:
      "ResourceContainers | where type == 'microsoft.resources/subscriptions' | join kind=leftouter (Resources | where type == 'microsoft.compute/disks' | summarize disks = count() by subscriptionId) on subscriptionId | project name, disks | order by name asc",
    rows: [
      { name: "corp-ai-prod", disks: null },
      { name: "online-ai-dev", disks: null },
      { name: "sandbox-bob", disks: 2 },
    ],
  },
  {
    title: "default join kind is innerunique (one left row per key)",
    query:
      "Resources | where type == 'microsoft.compute/virtualmachines' | project subscriptionId, name | join (ResourceContainers | where type == 'microsoft.resources/subscriptions' | project subscriptionId, subName = name) on subscriptionId | count",
    rows: [{ Count: 3 }],
  },
  { title: "has_any", query: "Resources | where name has_any ('oai', 'ais') | project name | order by name asc", rows: names("ais-dev", "oai-dev", "oai-prod", "oai-shadow") },
  { title: "matches regex", query: "Resources | where name matches regex @'^gpu-(a|h)100-\\d+$' | count", rows: [{ Count: 3 }] },
  {
    title: "not()",
    query: "Resources | where type == 'microsoft.compute/virtualmachines' and not(name startswith 'gpu') | project name | order by name asc",
    rows: names("sbx-cpu", "sbx-gpu", "web-01"),
  },
  { title: "sum over mv-expanded pools", query: "Resources | where name == 'aks-dev' | mv-expand p = properties.agentPoolProfiles | summarize nodes = sum(toint(p.count))", rows: [{ nodes: 5 }] },
  { title: "take / limit", query: "Resources | take 5 | limit 4 | count", rows: [{ Count: 4 }] },
  { title: "!= is true against a missing property", query: "Resources | where tags.owner != 'alice' | count", rows: [{ Count: 28 }] },
  { title: "null == null is not true", query: "Resources | where tags.nothing == tags.neither | count", rows: [{ Count: 0 }] },
  { title: "numeric comparison on a dynamic property", query: "Resources | where properties.replicaCount > 1 | project name", rows: names("srch-prod") },
  { title: "in with a dynamic array", query: "Resources | where location in (dynamic(['swedencentral'])) | project name", rows: names("oai-dev") },
  { title: "parse_json and chained access", query: `Resources | where name == 'web-01' | project v = parse_json('{"a":[1,2]}').a[1]`, rows: [{ v: 2 }] },
  { title: "bag_pack", query: "Resources | where name == 'web-01' | project b = bag_pack('n', name, 'l', location)", rows: [{ b: { n: "web-01", l: "eastus" } }] },
  {
    title: "substring, strlen, indexof, replace_string",
    query: "Resources | where name == 'gpu-a100-01' | project s = substring(name, 4, 4), len = strlen(name), i = indexof(name, 'a100'), r = replace_string(name, '-', '_')",
    rows: [{ s: "a100", len: 11, i: 4, r: "gpu_a100_01" }],
  },
  { title: "datetime_diff", query: "Resources | where name == 'web-01' | project days = datetime_diff('day', datetime(2024-01-01), todatetime(properties.timeCreated))", rows: [{ days: 42 }] },
  { title: "format_datetime", query: "Resources | where name == 'web-01' | project f = format_datetime(todatetime(properties.timeCreated), 'yyyy-MM-dd')", rows: [{ f: "2023-11-20" }] },
  {
    title: "extend then where on the new column, comments and line breaks",
    query: "Resources\n// GPU VMs that are switched off\n| extend power = tostring(properties.extended.instanceView.powerState.code)\n| where power == 'PowerState/deallocated' and properties.hardwareProfile.vmSize startswith 'Standard_N'\n| project name\n| order by name asc",
    rows: names("gpu-a100-02", "gpu-t4-02"),
  },
  {
    title: "subscriptions without a cost-center tag",
    query: "ResourceContainers | where type == 'microsoft.resources/subscriptions' and isempty(tags['cost-center']) | project name",
    rows: names("sandbox-bob"),
  },
];

describe("KQL conformance over the fixture estate", () => {
  it("has at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of cases) {
    it(c.title, () => {
      expect(run(c.query)).toEqual(c.rows);
    });
  }

  it("names unnamed columns the way Kusto does", () => {
    expect(columnsOf("Resources | project tostring(properties.hardwareProfile.vmSize), tags.owner, strlen(name) | take 1")).toEqual([
      "properties_hardwareProfile_vmSize",
      "tags_owner",
      "Column1",
    ]);
    expect(columnsOf("Resources | summarize count(), dcount(location), make_set(kind), sum(toint(properties.diskSizeGB)) by subscriptionId")).toEqual([
      "subscriptionId",
      "count_",
      "dcount_location",
      "set_kind",
      "sum_properties_diskSizeGB",
    ]);
  });

  it("join without $left/$right suffixes the right side's clashing columns", () => {
    const cols = columnsOf("Resources | project subscriptionId, name | join kind=inner (ResourceContainers | project subscriptionId, name) on subscriptionId");
    expect(cols).toEqual(["subscriptionId", "name", "subscriptionId1", "name1"]);
  });

  it("where-then-project does not copy rows the filter drops and returns new row objects", () => {
    const source = graphTables(state, {}).resources.rows();
    const tables = { resources: { columns: graphTables(state, {}).resources.columns, rows: () => source } };
    const r = runQuery("Resources | where name == 'web-01'", { tables, now: NOW });
    expect(r.rows).toHaveLength(1);
    expect(source.includes(r.rows[0])).toBe(true);
    const p = runQuery("Resources | where name == 'web-01' | project name", { tables, now: NOW });
    expect(source.includes(p.rows[0])).toBe(false);
  });
});
