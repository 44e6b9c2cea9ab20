import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { makeToken } from "../../local/arm/tokens";
import { LOCAL_IDENTITY_OBJECT_ID } from "../../shared/azure/azureConfig";
import { accountId, personToken, startEventsWorld, until, vmId, gpuVmBody, TAGS } from "../functions/support/eventsWorld";
import { HUB_VNET_ID, requestBody, tempDir, vendingEstate, writeTestPolicy } from "../orchestrations/vending/vendingWorld";
import { ailzGrants } from "../support/rbac/ailzRoles";
import { deniedActions, unusedCustomGrants, type RbacLogEntry } from "../support/rbac/checkTraffic";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { ids } from "../support/demoExpectations";
import { asPlatformAdmin } from "../support/appAuth";

// Least privilege from traffic: drive the end-to-end scenarios through the public HTTP API and
// the ARM emulator, collect every ARM operation ailz's own identity performed (the emulator's RBAC
// log), and check them against the roles infra/ grants. A scenario whose functions are not
// registered yet is skipped, and the unused-grant check then ignores that feature's grants.
// Every world enforces RBAC (AILZ_EMULATOR_RBAC=enforce): ailz's identity holds exactly what
// infra/roles grants it, so a missing grant is an AuthorizationFailed that fails the scenario,
// not only a line in the log; a last scenario withholds one grant and sees ailz refused.

const ENFORCE = { AILZ_EMULATOR_RBAC: "enforce" };

type Feature = "events" | "sweep" | "vending";

// Which feature needs each write/delete/action grant of the custom role: a grant is reported as
// unused only when every feature listed for it has run. A grant missing here fails the test, so
// the table stays in step with ailz-operator.actions.json.
const GRANT_FEATURES: Record<string, Feature[]> = {
  "Microsoft.Resources/tags/write": ["events", "sweep", "vending"],
  "Microsoft.Compute/virtualMachines/deallocate/action": ["events", "sweep"],
  "Microsoft.Resources/subscriptions/resourceGroups/delete": ["sweep"],
  "Microsoft.MachineLearningServices/workspaces/computes/write": ["sweep"],
  "Microsoft.CognitiveServices/accounts/write": ["events"],
  "Microsoft.Quota/groupQuotas/quotaAllocations/write": ["sweep", "vending"],
  "Microsoft.Quota/groupQuotas/subscriptions/write": ["vending"],
  "Microsoft.Consumption/budgets/write": ["vending", "sweep"],
  "Microsoft.Insights/diagnosticSettings/write": ["sweep"],
  "Microsoft.OperationalInsights/workspaces/sharedKeys/action": ["sweep"],
  "Microsoft.EventGrid/systemTopics/write": ["vending"],
  "Microsoft.EventGrid/systemTopics/eventSubscriptions/write": ["vending"],
  "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action": ["vending"],
  "Microsoft.ResourceNotifications/systemTopics/subscribeToResources/action": ["vending"],
  "Microsoft.Management/managementGroups/subscriptions/write": ["vending", "sweep"],
  "Microsoft.Resources/subscriptions/resourceGroups/write": ["vending"],
  "Microsoft.Network/virtualNetworks/write": ["vending"],
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write": ["vending"],
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete": ["vending"],
  "Microsoft.Network/virtualNetworks/peer/action": ["vending"],
  "Microsoft.Network/ddosProtectionPlans/join/action": ["vending"],
  "Microsoft.Insights/actionGroups/write": ["vending"],
  "Microsoft.Compute/register/action": ["vending"],
  "Microsoft.Network/register/action": ["vending"],
  "Microsoft.Storage/register/action": ["vending"],
  "Microsoft.KeyVault/register/action": ["vending"],
  "Microsoft.Web/register/action": ["vending"],
  "Microsoft.CognitiveServices/register/action": ["vending"],
  "Microsoft.MachineLearningServices/register/action": ["vending"],
};

const traffic: RbacLogEntry[] = [];
const ran = new Set<Feature>();
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
}, 60_000);

async function registered(hostUrl: string, key: string): Promise<Set<string>> {
  const res = await fetch(`${hostUrl}/admin/functions`, { headers: { "x-functions-key": key } });
  if (res.status !== 200) throw new Error(`GET /admin/functions: ${res.status}`);
  const body = (await res.json()) as { value?: { name: string }[] } | { name: string }[];
  const list = Array.isArray(body) ? body : (body.value ?? []);
  return new Set(list.map((f) => f.name));
}

async function ownTraffic(emulatorUrl: string): Promise<RbacLogEntry[]> {
  const settings = (await (await fetch(`${emulatorUrl}/_emulator/settings`)).json()) as { rbac: string };
  expect(settings.rbac, "the world enforces RBAC").toBe("enforce");
  const res = await fetch(`${emulatorUrl}/_emulator/rbac-log`);
  const log = ((await res.json()) as { value: RbacLogEntry[] }).value;
  return log.filter((e) => e.caller.objectId.toLowerCase() === LOCAL_IDENTITY_OBJECT_ID);
}

async function call(world: { hostUrl: string; functionKey: string }, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${world.hostUrl}${route}`, { method, headers: { "x-functions-key": world.functionKey, "content-type": "application/json", ...asPlatformAdmin(), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text
  }
  return { status: res.status, body: parsed };
}

describe("least privilege from traffic", () => {
  it("events: a hand-made GPU VM is deallocated and tagged, an OpenAI account is hardened (enforce)", async (ctx) => {
    const w = await startEventsWorld({ shadowAi: "enforce", aiHardening: "enforce" }, { env: ENFORCE });
    cleanups.push(() => w.stop());
    if (!(await registered(w.local.hostUrl, w.local.functionKey)).has("resourceEvents")) ctx.skip();

    const vm = vmId("rg-ml", "gpu-lp");
    expect((await w.arm("PUT", vm, gpuVmBody(), personToken())).status).toBeLessThan(300);
    await until(async () => JSON.stringify((await w.arm("GET", `${vm}/instanceView`)).body.statuses).includes("PowerState/deallocated"), "the VM to be deallocated", 60_000);
    await until(async () => (await w.arm("GET", vm)).body.tags?.["ailz-finding"] !== undefined, "the ailz-finding tag", 60_000);

    const acct = accountId("rg-ml", "aoai-lp");
    const body = { location: "eastus2", kind: "OpenAI", sku: { name: "S0" }, identity: { type: "SystemAssigned" }, tags: TAGS, properties: { publicNetworkAccess: "Enabled", disableLocalAuth: false } };
    expect((await w.arm("PUT", acct, body, personToken(), "2024-10-01")).status).toBeLessThan(300);
    await until(async () => {
      const p = (await w.arm("GET", acct, undefined, undefined, "2024-10-01")).body.properties;
      return p.publicNetworkAccess === "Disabled" && p.disableLocalAuth === true;
    }, "the account to be hardened (public network access and local auth off)", 60_000);

    traffic.push(...(await ownTraffic(w.local.emulatorUrl!)));
    ran.add("events");
  }, 240_000);

  it("sweep: nightly sweeps in enforce over the demo estate, 31 and 40 days on (sandbox decommissioning, quota reclaim, idle GPU compute)", async (ctx) => {
    const dir = tempDir("ailz-lp-sweep-");
    const policy = YAML.parse(fs.readFileSync(path.resolve(__dirname, "../../guardrails.yaml"), "utf8"));
    for (const g of ["sandboxLifecycle", "idleGpuQuota", "budgetAlerts", "shadowAi", "aiHardening", "diagnosticsCoverage", "idleGpuCompute"]) policy.guardrails[g].mode = "enforce";
    fs.writeFileSync(path.join(dir, "guardrails.yaml"), YAML.stringify(policy));
    const world: LocalProcess = await spawnLocal({ estate: true, env: { ...ENFORCE, AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml") } });
    cleanups.push(async () => {
      await world.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    if (!(await registered(world.hostUrl, world.functionKey)).has("sweepsStart")) ctx.skip();

    const today = async () => ((await (await fetch(`${world.emulatorUrl}/_emulator/clock`)).json()) as { now: string }).now.slice(0, 10);
    const sweep = async () => {
      const date = await today();
      const started = await call(world, "POST", `/api/sweeps?date=${date}`);
      expect(started.status, JSON.stringify(started.body)).toBeLessThan(300);
      let status = "";
      await until(async () => {
        const s = await call(world, "GET", `/api/sweeps/${started.body.id}`);
        status = s.body?.runtimeStatus ?? "";
        return ["Completed", "Failed", "Terminated"].includes(status);
      }, `sweep ${date}`, 180_000);
      expect(status).toBe("Completed");
    };
    const advance = (days: number) => fetch(`${world.emulatorUrl}/_emulator/clock/advance`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ days }) });

    await sweep();
    await advance(31);
    await sweep();
    // Past every grace period: quota reclaims and decommissions whose notice went out now act.
    await advance(9);
    await sweep();
    await new Promise((r) => setTimeout(r, 3_000));

    const own = await ownTraffic(world.emulatorUrl!);
    // The demo's idle resource-group sandbox is decommissioned: its VM deallocated, then the group deleted.
    const pathOf = (e: RbacLogEntry) => e.path.split("?")[0]!.toLowerCase();
    const deallocated = own.find((e) => e.status < 300 && pathOf(e) === `${ids.idleSandboxGroupVm}/deallocate`.toLowerCase());
    const deleted = own.find((e) => e.status < 300 && e.method === "DELETE" && pathOf(e) === ids.idleSandboxGroup.toLowerCase());
    expect(deallocated, "deallocate of the idle resource-group sandbox's VM").toBeDefined();
    expect(deleted?.action, "delete of the idle resource-group sandbox").toBe("Microsoft.Resources/subscriptions/resourceGroups/delete");
    expect(Date.parse(deallocated!.time)).toBeLessThanOrEqual(Date.parse(deleted!.time));
    // idleGpuCompute: the warm AML cluster's minimum set to 0, the stopped-but-billed A100 deallocated.
    expect(own.find((e) => e.status < 300 && e.method === "PUT" && pathOf(e) === ids.fraudWarmCluster.toLowerCase())?.action).toBe("Microsoft.MachineLearningServices/workspaces/computes/write");
    expect(own.find((e) => e.status < 300 && pathOf(e) === `${ids.analyticsStoppedA100}/deallocate`.toLowerCase()), "deallocate of the stopped A100").toBeDefined();
    traffic.push(...own);
    ran.add("sweep");
  }, 600_000);

  it("vending: one request per archetype (corp, online, sandbox) completes", async (ctx) => {
    const dir = tempDir("ailz-lp-vending-");
    fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(vendingEstate()));
    const world = await spawnLocal({
      estate: path.join(dir, "estate.json"),
      // Both topic families, so the Resource Notifications subscription right is exercised too.
      env: { ...ENFORCE, AILZ_POLICY_PATH: writeTestPolicy(dir, (p) => (p.vending.eventFamilies = "both")), AILZ_VENDING_RBAC_RETRY_FIRST_MS: "300", AILZ_VENDING_PROVIDER_POLL_MS: "200", AILZ_VENDING_RETRY_FIRST_MS: "100", AILZ_VENDING_RETRY_MAX_ATTEMPTS: "4", AILZ_VENDING_RETRY_MAX_MS: "400", AILZ_ARM_MAX_RETRIES: "2", AILZ_ARM_RETRY_DELAY_MS: "20", AILZ_ARM_MAX_RETRY_DELAY_MS: "100" },
    });
    cleanups.push(async () => {
      await world.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    if (!(await registered(world.hostUrl, world.functionKey)).has("vendingSubmit")) ctx.skip();

    const ids: string[] = [];
    for (const archetype of ["corp", "online", "sandbox"] as const) {
      const body = archetype === "online" ? requestBody("online", { regions: { primary: "westeurope" }, gpuQuota: [] }) : requestBody(archetype);
      const r = await call(world, "POST", "/api/vending/requests", body, { "idempotency-key": `lp-${archetype}-${process.pid}` });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      ids.push(r.body.id);
    }
    for (const id of ids) {
      let s: any;
      await until(async () => {
        s = (await call(world, "GET", `/api/vending/requests/${id}`)).body;
        return ["Completed", "Failed", "Rejected", "Cancelled", "Expired"].includes(s?.status);
      }, `vending request ${id}`, 120_000);
      expect(s.status, JSON.stringify(s.steps)).toBe("Completed");
    }

    // A corp request failing for good after its peerings exist: the compensation deletes both halves.
    const emu = (method: string, route: string, body?: unknown) => fetch(`${world.emulatorUrl}${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    await emu("POST", "/_emulator/faults", { pathPattern: "eventSubscriptions", status: 500 });
    try {
      const r = await call(world, "POST", "/api/vending/requests", requestBody("corp", { workloadName: "lp-compensated" }), { "idempotency-key": `lp-compensated-${process.pid}` });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      let s: any;
      await until(async () => {
        s = (await call(world, "GET", `/api/vending/requests/${r.body.id}`)).body;
        return ["Completed", "Failed", "Rejected", "Cancelled", "Expired"].includes(s?.status);
      }, "the compensated vending request", 120_000);
      expect(s.status, JSON.stringify(s.steps)).toBe("Failed");
    } finally {
      await emu("DELETE", "/_emulator/faults");
    }
    const own = await ownTraffic(world.emulatorUrl!);
    expect(own.filter((e) => e.method === "DELETE" && /virtualNetworkPeerings\/peer-to-/i.test(e.path) && e.status < 300), "both halves of the hub peering deleted").toHaveLength(2);
    expect(own.filter((e) => e.action === "Microsoft.Network/virtualNetworks/peer/action" && e.status < 300).map((e) => e.path.toLowerCase()), "peer/action checked on the hub and on a spoke").toEqual(
      expect.arrayContaining([HUB_VNET_ID.toLowerCase(), expect.stringMatching(/\/virtualnetworks\/vnet-/)]),
    );

    traffic.push(...own);
    ran.add("vending");
  }, 300_000);

  it("a grant withheld from the custom role: the exact call is refused with AuthorizationFailed, ailz audits a failed action and carries on", async () => {
    const DEALLOCATE = "Microsoft.Compute/virtualMachines/deallocate/action";
    const rolesDir = tempDir("ailz-lp-roles-");
    fs.cpSync(path.resolve(__dirname, "../../infra/roles"), rolesDir, { recursive: true });
    const operatorFile = path.join(rolesDir, "ailz-operator.actions.json");
    const operator = JSON.parse(fs.readFileSync(operatorFile, "utf8"));
    operator.actions = operator.actions.filter((a: string) => a !== DEALLOCATE);
    fs.writeFileSync(operatorFile, JSON.stringify(operator));
    const w = await startEventsWorld({ shadowAi: "enforce", aiHardening: "enforce" }, { env: { ...ENFORCE, AILZ_EMULATOR_ROLES_DIR: rolesDir } });
    cleanups.push(async () => {
      await w.stop();
      fs.rmSync(rolesDir, { recursive: true, force: true });
    });

    const vm = vmId("rg-ml", "gpu-refused");
    expect((await w.arm("PUT", vm, gpuVmBody(), personToken())).status).toBeLessThan(300);
    let refused: RbacLogEntry | undefined;
    await until(async () => {
      refused = (await ownTraffic(w.local.emulatorUrl!)).find((e) => e.action === DEALLOCATE && e.path.split("?")[0]!.toLowerCase() === `${vm}/deallocate`.toLowerCase());
      return refused !== undefined;
    }, "ailz's deallocate of the VM", 60_000);
    expect(refused!.status).toBe(403);
    // The same call as ailz's identity makes it, answered as Azure answers it.
    const asAilz = makeToken({ oid: LOCAL_IDENTITY_OBJECT_ID, appid: LOCAL_IDENTITY_OBJECT_ID, idtyp: "app" });
    const again = await w.arm("POST", `${vm}/deallocate`, undefined, asAilz);
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe("AuthorizationFailed");
    expect(again.body.error.message).toContain(`does not have authorization to perform action '${DEALLOCATE}' over scope '${vm}'`);

    let failed: any;
    await until(async () => {
      const audit = (await w.api("GET", `audit?resourceId=${encodeURIComponent(vm)}`)).body.value as any[];
      failed = audit.find((a) => a.action === "action.deallocate" && a.outcome === "failed");
      return failed !== undefined;
    }, "a failed deallocate in the audit log", 60_000);
    expect(failed.reason).toContain(`does not have authorization to perform action '${DEALLOCATE}' over scope '${vm}'`);
    // Not deallocated; the host is up and still does what it may: a later account is hardened.
    expect(JSON.stringify((await w.arm("GET", `${vm}/instanceView`)).body.statuses)).not.toContain("PowerState/deallocated");
    expect((await fetch(`${w.local.hostUrl}/api/health`)).status).toBe(200);
    const acct = accountId("rg-ml", "aoai-after-refusal");
    const body = { location: "eastus2", kind: "OpenAI", sku: { name: "S0" }, identity: { type: "SystemAssigned" }, tags: TAGS, properties: { publicNetworkAccess: "Enabled", disableLocalAuth: false } };
    expect((await w.arm("PUT", acct, body, personToken(), "2024-10-01")).status).toBeLessThan(300);
    await until(async () => (await w.arm("GET", acct, undefined, undefined, "2024-10-01")).body.properties.publicNetworkAccess === "Disabled", "the account to be hardened", 60_000);
  }, 240_000);

  it("every ARM operation ailz's identity performed is granted by the roles in infra/", (ctx) => {
    if (ran.size === 0) ctx.skip();
    expect(traffic.length).toBeGreaterThan(0);
    // Enforced: nothing ailz did was refused (a refusal would also have failed its scenario).
    const refused = traffic.filter((e) => e.status === 403);
    expect(refused.map((e) => `${e.method} ${e.path} ${e.action}`), "refused by the emulator's RBAC").toEqual([]);
    const denied = deniedActions(traffic, ailzGrants());
    expect(denied, `not granted by infra/roles (add to ailz-operator.actions.json or assign a built-in):\n${denied.map((d) => `  ${d.action} x${d.count}, e.g. ${d.example}`).join("\n")}`).toEqual([]);
  });

  it("every write, delete and action the custom role grants was used by a scenario that ran", (ctx) => {
    if (ran.size === 0) ctx.skip();
    const custom = ailzGrants().custom;
    const unmapped = custom.filter((g) => !/\/read$/i.test(g) && !GRANT_FEATURES[g]);
    expect(unmapped, "grants with no feature in GRANT_FEATURES").toEqual([]);
    const unused = unusedCustomGrants(traffic, custom, (g) => (GRANT_FEATURES[g] ?? []).every((f) => ran.has(f)));
    expect(unused, `granted but never used by the scenarios that ran (${[...ran].join(", ")}):\n  ${unused.join("\n  ")}`).toEqual([]);
  });
});
