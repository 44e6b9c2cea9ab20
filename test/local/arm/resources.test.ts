import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advance } from "../../../local/clock";
import { rgPath, startHarness, SUB, type Harness } from "./emulatorHarness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const vm = (name: string) => `${rgPath()}/providers/Microsoft.Compute/virtualMachines/${name}`;

describe("ARM basics", () => {
  it("requires api-version and a bearer token, and never crashes on bad input", async () => {
    const noVersion = await fetch(`${h.url}/subscriptions`, { headers: { authorization: "Bearer x.e30." } });
    expect(noVersion.status).toBe(400);
    expect(((await noVersion.json()) as any).error.code).toBe("MissingApiVersionParameter");
    const noToken = await fetch(`${h.url}/subscriptions?api-version=2022-12-01`);
    expect(noToken.status).toBe(401);
    const bad = await h.call("PUT", `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st1`, "not an object");
    expect(bad.status).toBe(400);
    const raw = await fetch(`${h.url}${rgPath()}/providers/Microsoft.Storage/storageAccounts/st1?api-version=1`, { method: "PUT", headers: { authorization: `Bearer ${(await import("./emulatorHarness")).userToken}` }, body: "{oops" });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as any).error.code).toBe("InvalidRequestContent");
    const unknown = await h.call("GET", "/providers/Microsoft.Nothing/widgets");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toMatch(/InvalidResourceType|NoRegisteredProviderFound/);
  });

  it("pages resource lists over 3+ pages with nextLink back at the emulator", async () => {
    for (let i = 0; i < 25; i++) {
      const r = await h.call("PUT", `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st${i}`, { location: "eastus", kind: "StorageV2", sku: { name: "Standard_LRS" }, tags: { n: String(i) } });
      expect(r.status).toBe(201);
    }
    let url: string | undefined = `${rgPath()}/resources?$top=10&$filter=resourceType eq 'Microsoft.Storage/storageAccounts'`;
    const names: string[] = [];
    let pages = 0;
    while (url) {
      const r = await h.call("GET", url);
      expect(r.status).toBe(200);
      names.push(...r.body.value.map((x: any) => x.name));
      url = r.body.nextLink;
      if (url) expect(url.startsWith(h.url)).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(names).size).toBe(25);
  });

  it("stamps systemData from the caller and the clock", async () => {
    const r = await h.call("PUT", `${rgPath()}/providers/Microsoft.KeyVault/vaults/kv1`, { location: "eastus", properties: { tenantId: "t" } });
    expect(r.body.systemData).toMatchObject({ createdBy: "alice@contoso.com", createdByType: "User", lastModifiedByType: "User" });
    expect(r.body.properties.provisioningState).toBe("Succeeded");
  });

  it("merges, replaces and deletes tags through Microsoft.Resources/tags/default", async () => {
    const scope = `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st1`;
    const tagsPath = `${scope}/providers/Microsoft.Resources/tags/default`;
    const merged = await h.call("PATCH", tagsPath, { operation: "Merge", properties: { tags: { owner: "ml-team", n: "one" } } });
    expect(merged.status).toBe(200);
    expect(merged.body.properties.tags).toEqual({ n: "one", owner: "ml-team" });
    const deleted = await h.call("PATCH", tagsPath, { operation: "Delete", properties: { tags: { owner: "" } } });
    expect(deleted.body.properties.tags).toEqual({ n: "one" });
    const replaced = await h.call("PUT", tagsPath, { properties: { tags: { env: "prod" } } });
    expect(replaced.body.properties.tags).toEqual({ env: "prod" });
    expect((await h.call("GET", scope)).body.tags).toEqual({ env: "prod" });
    const subTags = await h.call("PATCH", `/subscriptions/${SUB}/providers/Microsoft.Resources/tags/default`, { operation: "Merge", properties: { tags: { "cost-center": "cc-1" } } });
    expect(subTags.body.properties.tags).toEqual({ "cost-center": "cc-1" });
    expect((await h.call("GET", `/subscriptions/${SUB}`)).body.tags).toEqual({ "cost-center": "cc-1" });
  });

  it("CanNotDelete blocks deletes and ReadOnly blocks writes with ScopeLocked", async () => {
    const st = `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st2`;
    const lock = `${rgPath()}/providers/Microsoft.Authorization/locks/nodelete`;
    expect((await h.call("PUT", lock, { properties: { level: "CanNotDelete", notes: "keep" } })).status).toBe(201);
    const del = await h.call("DELETE", st);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe("ScopeLocked");
    expect((await h.call("PATCH", st, { tags: { a: "b" } })).status).toBe(200);
    const rgDel = await h.call("DELETE", rgPath());
    expect(rgDel.body.error.code).toBe("ScopeLocked");
    expect((await h.call("DELETE", lock)).status).toBe(200);

    const ro = `${st}/providers/Microsoft.Authorization/locks/readonly`;
    expect((await h.call("PUT", ro, { properties: { level: "ReadOnly" } })).status).toBe(201);
    const listed = await h.call("GET", `${rgPath()}/providers/Microsoft.Authorization/locks`);
    expect(listed.body.value.map((l: any) => l.name)).toEqual(["readonly"]);
    const write = await h.call("PATCH", st, { tags: { c: "d" } });
    expect(write.status).toBe(409);
    expect(write.body.error.code).toBe("ScopeLocked");
    expect((await h.call("DELETE", ro)).status).toBe(200);
    expect((await h.call("DELETE", st)).status).toBe(200);
    expect((await h.call("GET", st)).status).toBe(404);
  });

  it("runs VM power actions as LROs and counts deallocated VMs in usages", async () => {
    const put = await h.call("PUT", vm("gpu1"), { location: "eastus", properties: { hardwareProfile: { vmSize: "Standard_NC24ads_A100_v4" } } });
    expect(put.status).toBe(201);
    expect(put.body.properties.extended).toBeUndefined();
    const dealloc = await h.call("POST", `${vm("gpu1")}/deallocate`);
    expect(dealloc.status).toBe(202);
    const status = await h.call("GET", dealloc.headers.get("azure-asyncoperation")!);
    expect(status.body.status).toBe("Succeeded");
    const iv = await h.call("GET", `${vm("gpu1")}/instanceView`);
    expect(iv.body.statuses.map((s: any) => s.code)).toContain("PowerState/deallocated");
    const usages = await h.call("GET", `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/usages`);
    const a100 = usages.body.value.find((u: any) => u.name.value === "standardNCADSA100v4Family");
    expect(a100.currentValue).toBe(24);
    const skus = await h.call("GET", `/subscriptions/${SUB}/providers/Microsoft.Compute/skus?$filter=location eq 'eastus'`);
    const h100 = skus.body.value.find((s: any) => s.name === "Standard_ND96isr_H100_v5");
    expect(h100.family).toBe("standardNDSH100v5Family");
    expect(h100.capabilities.find((c: any) => c.name === "vCPUs").value).toBe("96");
    const del = await h.call("DELETE", vm("gpu1"));
    expect(del.status).toBe(202);
    expect((await h.call("GET", vm("gpu1"))).status).toBe(404);
  });

  it("registers providers: Registering, then Registered after the delay on the emulator clock", async () => {
    const ns = `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices`;
    expect((await h.call("GET", ns)).body.registrationState).toBe("NotRegistered");
    expect((await h.call("POST", `${ns}/register`)).body.registrationState).toBe("Registering");
    expect((await h.call("GET", ns)).body.registrationState).toBe("Registering");
    advance(60_000);
    expect((await h.call("GET", ns)).body.registrationState).toBe("Registered");
  });

  it("peers VNets: Initiated until the remote side peers back, then Connected on both", async () => {
    const vnet = (n: string) => `${rgPath()}/providers/Microsoft.Network/virtualNetworks/${n}`;
    await h.call("PUT", vnet("hub"), { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, subnets: [{ name: "default", properties: { addressPrefix: "10.0.0.0/24" } }] } });
    await h.call("PUT", vnet("spoke"), { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.1.0.0/16"] } } });
    const a = await h.call("PUT", `${vnet("hub")}/virtualNetworkPeerings/hub-to-spoke`, { properties: { remoteVirtualNetwork: { id: vnet("spoke") } } });
    expect(a.body.properties.peeringState).toBe("Initiated");
    const b = await h.call("PUT", `${vnet("spoke")}/virtualNetworkPeerings/spoke-to-hub`, { properties: { remoteVirtualNetwork: { id: vnet("hub") } } });
    expect(b.body.properties.peeringState).toBe("Connected");
    const hub = await h.call("GET", vnet("hub"));
    expect(hub.body.properties.virtualNetworkPeerings[0].properties.peeringState).toBe("Connected");
    expect(hub.body.properties.subnets.map((s: any) => s.name)).toEqual(["default"]);
    expect((await h.call("GET", `${vnet("hub")}/subnets/default`)).body.properties.addressPrefix).toBe("10.0.0.0/24");
  });

  it("moves a subscription between management groups and expands the hierarchy", async () => {
    const mg = await h.call("PUT", "/providers/Microsoft.Management/managementGroups/sandbox", { properties: { displayName: "Sandbox", details: { parent: { id: "/providers/Microsoft.Management/managementGroups/landingzones" } } } });
    expect(mg.status).toBe(200);
    expect((await h.call("PUT", `/providers/Microsoft.Management/managementGroups/sandbox/subscriptions/${SUB}`)).status).toBe(200);
    const tree = await h.call("GET", "/providers/Microsoft.Management/managementGroups/landingzones?$expand=children&$recurse=true");
    const sandbox = tree.body.properties.children.find((c: any) => c.name === "sandbox");
    expect(sandbox.children.map((c: any) => c.name)).toEqual([SUB]);
    const desc = await h.call("GET", "/providers/Microsoft.Management/managementGroups/landingzones/descendants");
    expect(desc.body.value.map((d: any) => d.name)).toEqual(expect.arrayContaining(["corp", "sandbox", SUB]));
  });

  it("serves AI resources generically, with AKS GPU pools counted in compute usage", async () => {
    const aks = `${rgPath()}/providers/Microsoft.ContainerService/managedClusters/aks-gpu`;
    const put = await h.call("PUT", aks, { location: "eastus", identity: { type: "SystemAssigned" }, properties: { dnsPrefix: "aksgpu", agentPoolProfiles: [{ name: "system", vmSize: "Standard_D4s_v5", count: 1, mode: "System" }, { name: "gpu", vmSize: "Standard_NC4as_T4_v3", count: 2 }] } });
    expect(put.status).toBe(201);
    expect(put.body.identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(put.body.properties.agentPoolProfiles.map((p: any) => p.name).sort()).toEqual(["gpu", "system"]);
    const pools = await h.call("GET", `${aks}/agentPools`);
    expect(pools.body.value.find((p: any) => p.name === "gpu").properties.vmSize).toBe("Standard_NC4as_T4_v3");
    const usages = await h.call("GET", `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/usages`);
    expect(usages.body.value.find((u: any) => u.name.value === "standardNCASv3_T4Family").currentValue).toBe(8);
    const ws = await h.call("PUT", `${rgPath()}/providers/Microsoft.MachineLearningServices/workspaces/mlw1`, { location: "eastus", properties: { publicNetworkAccess: "Enabled" } });
    expect(ws.status).toBe(201);
    const compute = await h.call("PUT", `${rgPath()}/providers/Microsoft.MachineLearningServices/workspaces/mlw1/computes/gpu-ci`, { properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_NC24ads_A100_v4" } } });
    expect(compute.status).toBe(201);
    const orphan = await h.call("PUT", `${rgPath()}/providers/Microsoft.MachineLearningServices/workspaces/nope/computes/c1`, { properties: {} });
    expect(orphan.status).toBe(404);
    expect(orphan.body.error.code).toBe("ParentResourceNotFound");
    const noKind = await h.call("PUT", `${rgPath()}/providers/Microsoft.CognitiveServices/accounts/aoai-x`, { location: "eastus", sku: { name: "S0" } });
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.message).toContain("kind");
  });
});
