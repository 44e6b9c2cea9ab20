import { asPlatformAdmin } from "../support/appAuth";
import { sweepReport } from "../support/sweepReport";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { makeToken } from "../../local/arm/tokens";
import { ids } from "../support/demoExpectations";
import { demoSlice, demoSub } from "../support/demoSlice";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";

// Private Link coverage of the data services, through the real local world: the nightly sweep
// reads them from Resource Graph (as the emulator serves them, privateEndpointConnections
// included), flags the public ones without an approved private endpoint in Corp, and resolves the
// finding the night after a private endpoint is approved. The emulator adds the connection to the
// target when the endpoint is written, as Azure does.
//
// Diagnostics coverage in the same world, in enforce: the sweep reads the diagnostic settings of
// the AI services the graph found (through @azure/arm-monitor against the emulator's
// Microsoft.Insights/diagnosticSettings), creates ailz's setting to the platform workspace on an
// account that has none, audits it, and is quiet the night after.
//
// Multi-region readiness of the production workload in the same world (genai-chat-prod declares
// swedencentral): the sweep reads the region's models listing (Microsoft.CognitiveServices
// locations/models) and, where no quota-group allocation covers it, the GPU quota there; the
// finding and the scorecard row follow the team's changes night by night.

const KEYS = ["research-legacy", "genai-chat-prod"] as const;
const research = demoSub("research-legacy");
const pipeline = makeToken({ oid: "5a1e0000-0000-4000-8000-00000000b001", appid: "5a1e0000-0000-4000-8000-00000000a001", idtyp: "app", name: "ailz-pipeline" });

let world: LocalProcess;
let start: Date;
// The platform team (approves, operates, reads), signed in through the local host's Easy Auth.
const api = (p: string, init?: RequestInit) => fetch(`${world.hostUrl}/api/${p}${p.includes("?") ? "&" : "?"}code=${world.functionKey}`, { ...init, headers: { ...asPlatformAdmin(), ...(init?.headers ?? {}) } });
const arm = async (method: string, id: string, body?: unknown, apiVersion = "2023-05-01") => {
  const r = await fetch(`${world.emulatorUrl}${id}?api-version=${apiVersion}`, { method, headers: { authorization: `Bearer ${pipeline}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
};
const nightAt = (k: number) => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1 + k, 3, 0));
const open = async (guardrail: string, sub: string) => ((await (await api(`findings?guardrail=${guardrail}&subscription=${sub}&status=open`)).json()) as { value: any[] }).value;

async function sweepAt(k: number): Promise<any> {
  const clock = await fetch(`${world.emulatorUrl}/_emulator/clock`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: nightAt(k).toISOString() }) });
  expect(clock.status).toBe(200);
  return sweepReport(api);
}

const rg = `/subscriptions/${research}/resourceGroups/rg-research`;
const manualStorage = `${rg}/providers/Microsoft.Storage/storageAccounts/stresearchmanual`;
const endpoint = (name: string, target: string, manual: boolean) => ({
  location: "eastus2",
  properties: {
    subnet: { id: `${rg}/providers/Microsoft.Network/virtualNetworks/vnet-research/subnets/pe` },
    [manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections"]: [{ name, properties: { privateLinkServiceId: target, groupIds: ["blob"], ...(manual ? { requestMessage: "please approve" } : {}) } }],
  },
});

beforeAll(async () => {
  start = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-coverage-e2e-"));
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(demoSlice(start, KEYS)));
  const policy = YAML.parse(fs.readFileSync(path.resolve(__dirname, "../../guardrails.yaml"), "utf8"));
  policy.guardrails.diagnosticsCoverage.mode = "enforce";
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), YAML.stringify(policy));
  world = await spawnLocal({ estate: path.join(dir, "estate.json"), env: { AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml") } });
}, 180_000);
afterAll(async () => world?.stop());

describe("privateLinkCoverage on the nightly sweep", () => {
  it("flags public data services without an approved private endpoint in Corp, and resolves one once its endpoint is approved", async () => {
    // A second public storage account whose endpoint waits for the owner's approval (manual connection).
    expect((await arm("PUT", manualStorage, { location: "eastus2", kind: "StorageV2", sku: { name: "Standard_LRS" }, tags: { owner: "emma@contoso.com" }, properties: {} })).status).toBeLessThan(300);
    expect((await arm("PUT", `${rg}/providers/Microsoft.Network/privateEndpoints/pe-manual`, endpoint("pe-manual", manualStorage, true), "2024-05-01")).status).toBeLessThan(300);
    const pending = (await arm("GET", manualStorage)).body.properties.privateEndpointConnections;
    expect(pending).toEqual([expect.objectContaining({ properties: expect.objectContaining({ privateLinkServiceConnectionState: expect.objectContaining({ status: "Pending" }) }) })]);

    const first = await sweepAt(0);
    const items = (first.items as any[]).filter((i) => i.guardrail === "privateLinkCoverage");
    expect(items.map((i) => i.resourceId.toLowerCase()).sort()).toEqual([manualStorage, ids.researchStorage].map((x) => x.toLowerCase()).sort());
    const findings = await open("privateLinkCoverage", research);
    expect(findings.find((f) => f.resourceId.toLowerCase() === manualStorage.toLowerCase()).reason).toContain("1 connection(s) not approved");
    expect(await open("privateLinkCoverage", demoSub("genai-chat-prod"))).toEqual([]);

    // The pipeline puts an (automatically approved) private endpoint in front of the legacy account.
    expect((await arm("PUT", `${rg}/providers/Microsoft.Network/privateEndpoints/pe-scratch`, endpoint("pe-scratch", ids.researchStorage, false), "2024-05-01")).status).toBeLessThan(300);
    const approved = (await arm("GET", ids.researchStorage)).body.properties.privateEndpointConnections;
    expect(approved[0].properties.privateLinkServiceConnectionState.status).toBe("Approved");
    expect(approved[0].properties.privateEndpoint.id.toLowerCase()).toBe(`${rg}/providers/Microsoft.Network/privateEndpoints/pe-scratch`.toLowerCase());

    await sweepAt(1);
    const after = await open("privateLinkCoverage", research);
    expect(after.map((f) => f.resourceId.toLowerCase())).toEqual([manualStorage.toLowerCase()]);

    // Deleting the endpoint takes its connection off the target.
    expect((await arm("DELETE", `${rg}/providers/Microsoft.Network/privateEndpoints/pe-scratch`, undefined, "2024-05-01")).status).toBeLessThan(300);
    expect((await arm("GET", ids.researchStorage)).body.properties.privateEndpointConnections).toEqual([]);
  }, 180_000);
});

const DIAG = "2021-05-01-preview";
const PLATFORM_WORKSPACE = "/subscriptions/c0c0c0c0-0000-4000-8000-000000000002/resourceGroups/rg-management/providers/Microsoft.OperationalInsights/workspaces/log-alz-eastus2";
const notesAccount = `${rg}/providers/Microsoft.CognitiveServices/accounts/oai-research-notes`;
const settingsOf = async (id: string) => (await arm("GET", `${id}/providers/Microsoft.Insights/diagnosticSettings`, undefined, DIAG)).body.value as any[];

describe("diagnosticsCoverage on the nightly sweep (enforce)", () => {
  it("the emulator serves diagnostic settings with the spec's shapes and Azure's errors", async () => {
    const team = `${ids.chatOpenAi}/providers/Microsoft.Insights/diagnosticSettings/team-archive`;
    const body = { properties: { storageAccountId: `${rg}/providers/Microsoft.Storage/storageAccounts/stresearchscratch`, logs: [{ categoryGroup: "audit", enabled: true }], metrics: [] } };
    const put = await arm("PUT", team, body, DIAG);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ type: "Microsoft.Insights/diagnosticSettings", name: "team-archive", properties: { workspaceId: null, logs: [{ category: null, categoryGroup: "audit", enabled: true, retentionPolicy: { enabled: false, days: 0 } }] } });
    expect((await arm("GET", team, undefined, DIAG)).body).toEqual(put.body);
    // The demo's pipeline-made account already sends allLogs to the platform workspace; the team's setting sits beside it.
    expect((await settingsOf(ids.chatOpenAi)).map((x) => [x.name, x.properties.workspaceId])).toEqual([["platform-logs", PLATFORM_WORKSPACE], ["team-archive", null]]);
    expect((await arm("PUT", team, { properties: { logs: [{ categoryGroup: "allLogs", enabled: true }] } }, DIAG)).body.error.code).toBe("BadRequest");
    expect((await arm("DELETE", team, undefined, DIAG)).status).toBe(200);
    expect((await arm("DELETE", team, undefined, DIAG)).status).toBe(204);
    expect((await arm("GET", team, undefined, DIAG)).status).toBe(404);
    expect((await arm("GET", `${rg}/providers/Microsoft.CognitiveServices/accounts/nope/providers/Microsoft.Insights/diagnosticSettings`, undefined, DIAG)).body.error.code).toBe("ResourceNotFound");
  });

  it("creates the platform setting on an AI account that has none (audited), leaves covered ones alone, and is quiet the next night", async () => {
    const made = await arm("PUT", notesAccount, { location: "eastus2", kind: "OpenAI", sku: { name: "S0" }, tags: { owner: "emma@contoso.com" }, properties: { publicNetworkAccess: "Disabled", disableLocalAuth: true } }, "2024-10-01");
    expect(made.status).toBeLessThan(300);
    expect(await settingsOf(notesAccount)).toEqual([]);

    const night = await sweepAt(2);
    const items = (night.items as any[]).filter((i) => i.guardrail === "diagnosticsCoverage");
    expect(items.map((i) => [i.resourceId.toLowerCase(), i.outcome])).toEqual([[notesAccount.toLowerCase(), "done"]]);
    expect(items[0].reason).toBe("diagnosticsCoverage: oai-research-notes: no diagnostic setting");
    const after = await settingsOf(notesAccount);
    expect(after).toEqual([expect.objectContaining({ name: "ailz-platform-logs", properties: expect.objectContaining({ workspaceId: PLATFORM_WORKSPACE, logs: [expect.objectContaining({ categoryGroup: "allLogs", enabled: true })], metrics: [expect.objectContaining({ category: "AllMetrics", enabled: true })] }) })]);
    const audit = ((await (await api(`audit?resourceId=${encodeURIComponent(notesAccount)}`)).json()) as { value: any[] }).value;
    expect(audit.find((a) => a.action === "action.createDiagnosticSetting")).toMatchObject({ outcome: "succeeded", dryRun: false, guardrail: "diagnosticsCoverage" });

    await sweepAt(3);
    expect(await open("diagnosticsCoverage", research)).toEqual([]);
    expect(await open("diagnosticsCoverage", demoSub("genai-chat-prod"))).toEqual([]);
    expect(await settingsOf(notesAccount)).toHaveLength(1);
  }, 180_000);
});

describe("multiRegionReadiness on the nightly sweep", () => {
  const chat = demoSub("genai-chat-prod");
  const legacy = `${ids.chatOpenAi}/deployments/gpt-4o-legacy`;
  const mine = (report: any) => (report.items as any[]).filter((i) => i.guardrail === "multiRegionReadiness");
  const row = (report: any) => (report.scorecard as any[]).find((r) => r.area === "multiRegion");

  it("the emulator lists the models a region offers, per account kind, with deployment types", async () => {
    const r = await arm("GET", `/subscriptions/${chat}/providers/Microsoft.CognitiveServices/locations/swedencentral/models`, undefined, "2025-09-01");
    expect(r.status).toBe(200);
    const gpt4o = (r.body.value as any[]).filter((m) => m.kind === "OpenAI" && m.model.name === "gpt-4o");
    expect(gpt4o.map((m) => m.model.version)).toEqual(["2024-08-06"]);
    expect(gpt4o[0]).toMatchObject({ skuName: "S0", model: { format: "OpenAI", lifecycleStatus: "GenerallyAvailable", skus: [expect.objectContaining({ name: "GlobalStandard", usageName: expect.any(String) }), expect.objectContaining({ name: "Standard" })] } });
    expect((r.body.value as any[]).some((m) => m.kind === "AIServices")).toBe(true);
  });

  it("flags the workload's model gap in its declared region, resolves it when the legacy deployment goes, and flags a region without its models or GPU quota", async () => {
    const first = await sweepAt(4);
    expect(mine(first).map((i) => [i.resourceId.toLowerCase(), i.rule, i.outcome])).toEqual([[`/subscriptions/${chat}`, "modelUnavailable", "flagged"]]);
    expect(mine(first)[0].reason).toBe("multiRegionReadiness: corp-genai-chat-prod: gpt-4o 2024-05-13 (GlobalStandard) not offered in swedencentral");
    expect(row(first)).toMatchObject({ title: "Multi-region readiness", measure: expect.stringMatching(/^0 of 1 production workloads ready/) });

    // The team retires the legacy deployment: swedencentral offers everything else, and the standby A100 quota is there.
    expect((await arm("DELETE", legacy, undefined, "2024-10-01")).status).toBeLessThan(300);
    const second = await sweepAt(5);
    expect(mine(second)).toEqual([]);
    expect(await open("multiRegionReadiness", chat)).toEqual([]);
    expect(row(second).measure).toMatch(/^1 of 1 production workloads ready/);

    // Declaring eastus instead: the embeddings model is offered there only as Standard, and the workload holds no GPU quota there.
    const tagged = await arm("PATCH", `/subscriptions/${chat}/providers/Microsoft.Resources/tags/default`, { operation: "Merge", properties: { tags: { "secondary-region": "eastus" } } }, "2021-04-01");
    expect(tagged.status).toBe(200);
    await sweepAt(6);
    const findings = await open("multiRegionReadiness", chat);
    expect(findings.map((f) => f.rule).sort()).toEqual(["modelUnavailable", "noSecondaryGpuQuota"]);
    expect(findings.find((f) => f.rule === "modelUnavailable").reason).toContain("text-embedding-3-large 1 (GlobalStandard) not offered in eastus");
    expect(findings.find((f) => f.rule === "noSecondaryGpuQuota").reason).toContain("no GPU quota or quota-group allocation in eastus");
  }, 240_000);
});
