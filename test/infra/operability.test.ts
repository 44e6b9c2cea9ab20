import fs from "node:fs";
import path from "node:path";
import type { Node } from "web-tree-sitter";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepSignals } from "../../shared/telemetry/toSignals";
import { evaluateBicep } from "./evaluateBicep";
import { parseBicep } from "./parseBicep";

// Operability in infra/: diagnostic settings to the workspace, alerts to an action group, the
// vnetEnabled option, Dedicated scheduler capacity, Key Vault purge protection as a parameter,
// and every AVM pin recorded in infra/README.md where it was checked. Read with tree-sitter and
// test/infra/evaluateBicep.ts (no Bicep compiler runs here).

const root = path.resolve(__dirname, "..", "..");
const infra = path.join(root, "infra");
const read = (rel: string) => fs.readFileSync(path.join(infra, rel), "utf8");
const at = (rel: string) => path.join(infra, rel);

interface Param {
  name: string;
  defaultText?: string;
  decorators: string[];
}
let mainParams: Param[] = [];
const bicepFiles: string[] = [];

function walk(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".bicep")) bicepFiles.push(p);
  }
}

beforeAll(async () => {
  walk(infra);
  const tree = await parseBicep(read("main.bicep"));
  mainParams = tree.rootNode.namedChildren
    .filter((n): n is Node => n?.type === "parameter_declaration")
    .map((p) => {
      const kids = p.children.filter((c): c is Node => c !== null);
      const eq = kids.findIndex((c) => c.type === "=");
      const decorators: string[] = [];
      for (let prev = p.previousNamedSibling; prev?.type === "decorators" || prev?.type === "decorator"; prev = prev.previousNamedSibling) decorators.push(prev.text);
      return { name: p.namedChildren.find((c) => c?.type === "identifier")!.text, defaultText: eq >= 0 ? kids.slice(eq + 1).map((c) => c.text).join(" ") : undefined, decorators };
    });
});

const param = (name: string) => mainParams.find((p) => p.name === name);
const findingsParams = (over: Record<string, unknown> = {}) => ({
  location: "eastus2", tags: {}, resourceToken: "tok", principalId: "p", notificationWebhookUrl: "", teamsWebhookUrl: "", acsConnectionString: "",
  purgeProtection: false, workspaceId: "/ws", privateEndpointSubnetId: "", vaultDnsZoneId: "", topicDnsZoneId: "", ...over,
});

describe("main.bicep's operability parameters", () => {
  it("declares them with safe defaults, and azd maps each from the environment", () => {
    expect(param("vnetEnabled")?.defaultText).toBe("false");
    expect(param("keyVaultPurgeProtection")?.defaultText).toBe("false");
    expect(param("durableTaskSchedulerCapacity")?.defaultText).toBe("1");
    expect(param("sweepDeadlineHourUtc")?.defaultText).toBe("6");
    expect(param("alertEmails")?.defaultText).toBe("''");
    const mapped = JSON.parse(read("main.parameters.json")).parameters;
    for (const p of ["vnetEnabled", "vnetAddressPrefix", "keyVaultPurgeProtection", "durableTaskSchedulerSku", "durableTaskSchedulerCapacity", "alertEmails", "sweepDeadlineHourUtc"]) expect(mapped[p], p).toBeDefined();
  });
});

describe("Key Vault purge protection and the scheduler's capacity", () => {
  it("purge protection follows the parameter", async () => {
    const src = read("app/findings.bicep");
    expect(src).toMatch(/enablePurgeProtection: purgeProtection\b/);
    expect(read("main.bicep")).toMatch(/purgeProtection: keyVaultPurgeProtection\b/);
  });

  it("a Dedicated scheduler has sku.capacity, a Consumption one none (the 2025-11-01 spec's shape)", async () => {
    const base = { name: "dts", location: "eastus2", tags: {}, taskHubName: "ailz", principalId: "p", ipAllowlist: [] };
    const dedicated = await evaluateBicep(at("app/durable-scheduler.bicep"), { params: { ...base, skuName: "Dedicated", capacity: 3 } });
    expect((dedicated.resource("scheduler").properties as any).sku).toEqual({ name: "Dedicated", capacity: 3 });
    const consumption = await evaluateBicep(at("app/durable-scheduler.bicep"), { params: { ...base, skuName: "Consumption", capacity: 3 } });
    expect((consumption.resource("scheduler").properties as any).sku).toEqual({ name: "Consumption" });
    expect(read("main.bicep")).toMatch(/capacity: durableTaskSchedulerCapacity\b/);
  });
});

describe("vnetEnabled", () => {
  it("the findings topic refuses public access and gets a private endpoint (group topic) when a subnet is given", async () => {
    const on = await evaluateBicep(at("app/findings.bicep"), { params: findingsParams({ privateEndpointSubnetId: "/subnets/pe", topicDnsZoneId: "/zones/topic" }) });
    expect((on.resource("topic").properties as any).publicNetworkAccess).toBe("Disabled");
    const pe = on.resource("topicEndpoint").properties as any;
    expect(pe.subnet.id).toBe("/subnets/pe");
    expect(pe.privateLinkServiceConnections[0].properties.groupIds).toEqual(["topic"]);
    expect((on.resource("topicDns").properties as any).privateDnsZoneConfigs[0].properties.privateDnsZoneId).toBe("/zones/topic");
    const off = await evaluateBicep(at("app/findings.bicep"), { params: findingsParams() });
    expect((off.resource("topic").properties as any).publicNetworkAccess).toBe("Enabled");
  });

  it("Key Vault and storage take private endpoints and close public access; the app integrates with the delegated subnet", () => {
    const findings = read("app/findings.bicep");
    expect(findings).toMatch(/publicNetworkAccess: usePrivateEndpoints \? 'Disabled' : 'Enabled'/);
    expect(findings).toMatch(/service: 'vault'/);
    const main = read("main.bicep");
    expect(main).toMatch(/defaultAction: vnetEnabled \? 'Deny' : 'Allow'/);
    expect(main).toMatch(/map\(\['blob', 'queue', 'table'\], service => \{/);
    expect(main).toMatch(/appSubnetId: vnetEnabled \? network!\.outputs\.appSubnetId : ''/);
    const api = read("app/api.bicep");
    expect(api).toMatch(/virtualNetworkSubnetResourceId: !empty\(appSubnetId\) \? appSubnetId : null/);
    const network = read("app/network.bicep");
    expect(network).toMatch(/delegation: 'Microsoft\.App\/environments'/);
    for (const zone of ["privatelink.blob.", "privatelink.queue.", "privatelink.table.", "privatelink.vaultcore.azure.net", "privatelink.eventgrid.azure.net"]) expect(network).toContain(zone);
  });
});

describe("diagnostic settings and alerts", () => {
  it("the app, storage (account, blob, queue, table), Key Vault, the findings topic and the system topics send to the workspace", () => {
    const main = read("main.bicep");
    expect(main).toMatch(/var diagnostics = \[\s*\{\s*workspaceResourceId: logAnalytics\.outputs\.resourceId/);
    expect(main.match(/diagnosticSettings: diagnostics/g)?.length).toBe(4);
    expect(read("app/api.bicep")).toMatch(/diagnosticSettings: \[\s*\{\s*workspaceResourceId: workspaceId/);
    const findings = read("app/findings.bicep");
    expect(findings).toMatch(/diagnosticSettings: \[\s*\{\s*workspaceResourceId: workspaceId/);
    expect(findings).toMatch(/resource topicDiagnostics 'Microsoft\.Insights\/diagnosticSettings@[^']+' = \{\s*name: '[^']+'\s*scope: topic\s*properties: \{\s*workspaceId: workspaceId/);
    expect(read("app/events-topics.bicep")).toMatch(/scope: subscriptionTopic\s*properties: \{\s*workspaceId: workspaceId\s*logs: \[\s*\{\s*category: 'DeliveryFailures'/);
  });

  it("system topics alert on dead-lettered events and failed deliveries, to the action group", async () => {
    const topics = await evaluateBicep(at("app/events-topics.bicep"), {
      params: { functionAppId: "/sites/f", deadLetterStorageAccountId: "/st", identityId: "/id", eventFamilies: "resources", workspaceId: "/ws", actionGroupId: "/ag" },
      calls: { "subscription()": { id: "/subscriptions/s", subscriptionId: "s" } },
    });
    const diag = topics.resource("subscriptionTopicDiagnostics").properties as any;
    expect(diag).toEqual({ workspaceId: "/ws", logs: [{ category: "DeliveryFailures", enabled: true }] });
    const src = read("app/events-topics.bicep");
    expect(src).toMatch(/metricName: 'DeadLetteredCount'/);
    expect(src).toMatch(/metricName: 'DeliveryAttemptFailCount'/);
    expect(src).toMatch(/actionGroupId: actionGroupId/);
    expect(read("hooks/postdeploy.sh")).toMatch(/"actionGroupId": \{ "value": "\$\{AILZ_ACTION_GROUP_ID\}" \}/);
    expect(read("main.bicep")).toMatch(/output AILZ_ACTION_GROUP_ID string = monitoring\.outputs\.actionGroupId/);
  });

  it("function failures and a missing sweep alert the action group; the sweep query reads what the sweep logs", () => {
    const mon = read("app/monitoring.bicep");
    expect(mon).toMatch(/metricName: 'requests\/failed'/);
    expect(mon).toMatch(/actions: \[\s*actionGroup\.outputs\.resourceId\s*\]/);
    expect(mon).toMatch(/actionGroupResourceIds: \[\s*actionGroup\.outputs\.resourceId\s*\]/);
    // The query filters on the attributes the sweep's completion log carries (shared/telemetry/toSignals.ts).
    const log = sweepSignals({ sweepId: "s1", outcome: "succeeded", durationMs: 1, subscriptions: 1, resources: 1 } as Parameters<typeof sweepSignals>[0]).log!;
    const query = /query: '([^']+)'/.exec(mon)![1]!;
    for (const [k, v] of [["event", log.attributes!.event], ["outcome", log.attributes!.outcome]]) expect(query).toContain(`tostring(customDimensions.${k}) == "${v}"`);
    expect(query).toContain("${sweepDeadlineHourUtc}h");
  });
});

describe("AVM pins", () => {
  it("every registry module reference is pinned and recorded in infra/README.md with where it was checked", () => {
    const readme = read("README.md");
    const refs = new Set<string>();
    for (const f of bicepFiles) for (const m of fs.readFileSync(f, "utf8").matchAll(/'br\/public:(avm\/[a-z0-9/-]+):(\d+\.\d+\.\d+)'/g)) refs.add(`${m[1]}:${m[2]}`);
    expect(refs.size).toBeGreaterThanOrEqual(10);
    const missing = [...refs].filter((r) => !readme.includes(`\`${r}\``));
    expect(missing, "add a row to infra/README.md's AVM table").toEqual([]);
  });
});
