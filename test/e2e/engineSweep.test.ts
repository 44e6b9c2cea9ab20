import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { USERS } from "../../local/demo/demoIds";
import { ids } from "../support/demoExpectations";
import { seedDemoHistory } from "../../local/demo/seedHistory";
import { makeToken } from "../../local/arm/tokens";
import { createAzureActions } from "../../shared/actions/createAzureActions";
import { createLocalAzureClients } from "../../local/azure/createLocalAzureClients";
import { createStores } from "../../shared/store/createStores";
import { demoSlice, demoSub } from "../support/demoSlice";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { asPlatformAdmin } from "../support/appAuth";
import { sweepReport } from "../support/sweepReport";

// The one engine through the real local world: exemptions (tag, API on a resource group, API on a
// management group, expiring) and scope hold on the nightly sweep — in dry run and in enforce —
// and scope holds on the event path too. Nothing here applies an exemption or a scope itself:
// the test only sets them up, runs sweeps and writes resources, and reads what happened.

const KEYS = ["sbx-heidi", "sbx-erin", "search-test", "fraud-ml-prod", "assistant-prod"] as const;
const LAB = "sandbox-lab";
const heidi = `/subscriptions/${demoSub("sbx-heidi")}`;
const erin = `/subscriptions/${demoSub("sbx-erin")}`;
const rgSandbox = ids.idleSandboxGroup;

let world: LocalProcess;
let start: Date;
let actions: ReturnType<typeof createAzureActions>;
const api = (p: string, init?: RequestInit) => fetch(`${world.hostUrl}/api/${p}${p.includes("?") ? "&" : "?"}code=${world.functionKey}`, { ...init, headers: { ...asPlatformAdmin(), ...(init?.headers as Record<string, string> | undefined) } });
const runSweep = (dryRun = false) => sweepReport(api, dryRun);
const emu = (p: string, init?: RequestInit) => fetch(`${world.emulatorUrl}/_emulator/${p}`, { ...init, headers: { "content-type": "application/json" } });
const nightAt = (k: number) => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1 + k, 3, 0));
const dateOf = (d: Date) => d.toISOString().slice(0, 10);
const under = (id: string, scope: string) => `${id.toLowerCase()}/`.startsWith(`${scope.toLowerCase()}/`);


async function night(k: number, dryRunFirst = false): Promise<{ dry?: any; real: any }> {
  expect((await emu("clock", { method: "PUT", body: JSON.stringify({ now: nightAt(k).toISOString() }) })).status).toBe(200);
  const dry = dryRunFirst ? await runSweep(true) : undefined;
  return { dry, real: await runSweep() };
}

async function estate(): Promise<any> {
  return (await emu("estate")).json();
}
const parentOf = (e: any, subScope: string) => e.subscriptions.find((s: any) => `/subscriptions/${s.subscriptionId}`.toLowerCase() === subScope.toLowerCase())?.managementGroupId;
const groupExists = (e: any, id: string) => e.resourceGroups.some((g: any) => g.id.toLowerCase() === id.toLowerCase());
const itemsUnder = (report: any, scope: string) => (report.items as any[]).filter((i) => i.guardrail === "sandboxLifecycle" && under(i.resourceId, scope));
const rowOf = (report: any, id: string) => (report.sandboxes as any[]).find((s) => s.id.toLowerCase() === id.toLowerCase());
const openFindings = async (guardrail: string, sub: string) => ((await (await api(`findings?guardrail=${guardrail}&subscription=${sub}&status=open`)).json()) as { value: any[] }).value;

async function createExemption(body: Record<string, unknown>): Promise<any> {
  const r = await api("exemptions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await r.json();
  expect(r.status, JSON.stringify(json)).toBe(201);
  return json;
}

beforeAll(async () => {
  start = new Date();
  const slice = demoSlice(start, KEYS);
  // erin's sandbox lives in a lab management group under Sandbox: still the sandbox archetype, and a scope an exemption can name.
  slice.managementGroups = [...(slice.managementGroups ?? []), { name: LAB, displayName: "Sandbox lab", parent: "sandbox" }];
  for (const s of slice.subscriptions as any[]) if (`/subscriptions/${s.subscriptionId}` === erin) s.managementGroupId = LAB;

  const doc = parseDocument(fs.readFileSync(path.join(__dirname, "../../guardrails.yaml"), "utf8"));
  doc.setIn(["guardrails", "sandboxLifecycle", "mode"], "enforce");
  doc.setIn(["guardrails", "shadowAi", "scope"], doc.createNode({ managementGroups: ["online"] }));
  // Findings as CloudEvents, to the local sink the world points AILZ_FINDINGS_TOPIC_ENDPOINT at.
  doc.addIn(["notifications", "channels"], doc.createNode({ type: "eventGrid", name: "findings-topic", topicEndpoint: "${AILZ_FINDINGS_TOPIC_ENDPOINT:-https://findings.invalid/api/events}" }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-engine-e2e-"));
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), doc.toString());
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(slice));
  world = await spawnLocal({ estate: path.join(dir, "estate.json"), env: { AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml"), AILZ_FINDINGS_TOPIC_KEY: "local-topic-key" } });
  await seedDemoHistory(createStores({ connectionString: world.storageConnectionString }), start);
  actions = createAzureActions(createLocalAzureClients(world.emulatorUrl!, { AILZ_ARM_RETRY_DELAY_MS: "20" }));

  // Through the public API, as an operator would: the resource-group sandbox for two months, the lab management group through the first night only.
  await createExemption({ scope: rgSandbox, guardrail: "sandboxLifecycle", until: dateOf(new Date(start.getTime() + 60 * 86_400_000)), justification: "prompt study runs all quarter", ref: "CHG-3100" });
  await createExemption({ scope: `/providers/Microsoft.Management/managementGroups/${LAB}`, guardrail: "*", until: dateOf(nightAt(0)), justification: "lab freeze for the demo", ref: "CHG-3200" });
}, 180_000);
afterAll(async () => world?.stop());

describe("the nightly sweep runs every guardrail under the one decide step", () => {
  it("exempted sandboxes are neither flagged nor decommissioned, in dry run and in enforce; an expired exemption stops applying the next night", async () => {
    const n0 = await night(0, true);
    for (const report of [n0.dry, n0.real]) {
      // heidi: ailz-exempt tag on the subscription; erin: API exemption on its management group; the group: API exemption on itself.
      for (const [scope, ref] of [[heidi, "CHG-2041"], [erin, "CHG-3200"], [rgSandbox, "CHG-3100"]] as const) {
        const items = itemsUnder(report, scope);
        expect(items.length, `${scope} in ${report.dryRun ? "dry run" : "enforce"}`).toBeGreaterThan(0);
        for (const i of items) {
          expect(i.outcome, JSON.stringify(i)).toBe("exempt");
          expect(i.note).toContain(ref);
        }
        expect(rowOf(report, scope)?.wouldBecome).toBeUndefined();
      }
      expect(report.totals.exempt).toBeGreaterThanOrEqual(3);
    }
    expect(rowOf(n0.real, heidi)?.exempt ?? "").toContain("CHG-2041");
    let e = await estate();
    expect(parentOf(e, heidi)).toBe("sandbox");
    expect(parentOf(e, erin)).toBe(LAB);
    expect(groupExists(e, rgSandbox)).toBe(true);
    for (const id of [heidi, erin, rgSandbox]) expect((await actions.getTags(id))["ailz-flagged"], id).toBeUndefined();
    for (const sub of [demoSub("sbx-heidi"), demoSub("sbx-erin"), demoSub("search-test")]) expect(await openFindings("sandboxLifecycle", sub)).toEqual([]);

    // Night 1: the lab exemption's last day has passed, so erin (idle 36 days) is flagged; the others stay exempt.
    const n1 = await night(1);
    expect(itemsUnder(n1.real, erin).map((i) => i.outcome)).toContain("done");
    expect((await actions.getTags(erin))["ailz-flagged"]).toBeDefined();
    expect(rowOf(n1.real, erin)?.status).toBe("Flagged");
    expect((await openFindings("sandboxLifecycle", demoSub("sbx-erin"))).map((f) => f.rule)).toContain("inactive");
    // The sweep publishes what it opens through the same pipeline as the event path.
    const published = ((await (await fetch(`${world.sinkUrl}/messages?channel=eventgrid`)).json()) as { messages: any[] }).messages.map((m) => m.body);
    expect(published.some((ce) => ce.type === "ailz.finding.opened" && ce.data?.guardrail === "sandboxLifecycle" && String(ce.data?.resourceId).toLowerCase() === erin)).toBe(true);
    for (const id of [heidi, rgSandbox]) expect((await actions.getTags(id))["ailz-flagged"], id).toBeUndefined();

    // Night 2: erin is decommissioned (moved to the decommissioned management group); heidi and the group are untouched.
    await night(2);
    e = await estate();
    expect(parentOf(e, erin)).toBe("decommissioned");
    expect(parentOf(e, heidi)).toBe("sandbox");
    expect(groupExists(e, rgSandbox)).toBe(true);
  }, 300_000);

  it("a dry run never reports as done what it did not do", async () => {
    const { dry } = await night(3, true);
    expect(dry.dryRun).toBe(true);
    expect(dry.totals.done).toBe(0);
    for (const row of dry.sandboxes as any[]) if (row.wouldBecome) expect(row.wouldBecome).not.toBe(row.status);
  }, 120_000);

  it("a guardrail scoped to a management group decides nothing outside it, on the sweep and on the event path", async () => {
    // The sweep: shadowAi is scoped to Online; the portal-made A100 in a Corp subscription is not judged, the hand-made OpenAI account in Online is.
    expect((await openFindings("shadowAi", demoSub("assistant-prod"))).map((f) => f.resourceId.toLowerCase())).toContain(ids.assistantPlayground.toLowerCase());
    expect(await openFindings("shadowAi", demoSub("fraud-ml-prod"))).toEqual([]);
    // The sweep's findings reach the resource through the pipeline's marker step, as the event path's do.
    expect((await actions.getTags(ids.assistantPlayground))["ailz-finding"] ?? "").toContain("shadowAi/unapprovedDeployer");

    // The event path: omar creates a GPU VM by hand in each.
    const token = makeToken({ oid: USERS.omar!.objectId, upn: USERS.omar!.upn, name: USERS.omar!.displayName, idtyp: "user" });
    const vmIn = (key: string) => `/subscriptions/${demoSub(key)}/resourceGroups/rg-scope-test/providers/Microsoft.Compute/virtualMachines/vm-scope-test`;
    for (const key of ["fraud-ml-prod", "assistant-prod"]) {
      const rg = await fetch(`${world.emulatorUrl}/subscriptions/${demoSub(key)}/resourcegroups/rg-scope-test?api-version=2021-04-01`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ location: "eastus2" }) });
      expect(rg.status).toBeLessThan(300);
      const vm = await fetch(`${world.emulatorUrl}${vmIn(key)}?api-version=2024-07-01`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ location: "eastus2", properties: { hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" } } }) });
      expect(vm.status).toBeLessThan(300);
    }
    // requiredTags (everywhere) judges both writes: once both findings exist, both events were handled.
    const judged = async (key: string) => (await openFindings("requiredTags", demoSub(key))).some((f) => f.resourceId.toLowerCase() === vmIn(key).toLowerCase());
    for (let i = 0; i < 300 && !((await judged("fraud-ml-prod")) && (await judged("assistant-prod"))); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await judged("fraud-ml-prod")).toBe(true);
    expect((await openFindings("shadowAi", demoSub("assistant-prod"))).some((f) => f.resourceId.toLowerCase() === vmIn("assistant-prod").toLowerCase())).toBe(true);
    expect((await openFindings("shadowAi", demoSub("fraud-ml-prod"))).some((f) => f.resourceId.toLowerCase() === vmIn("fraud-ml-prod").toLowerCase())).toBe(false);
  }, 120_000);
});
