// Vending end to end: the app's own functions in the local host (spawned child process) with the
// durable backend and the ARM emulator; results checked by reading the emulator's estate.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { A100, ALICE, APPROVER, CONNECTIVITY, DDOS_ID, HUB_VNET_ID, TEAM_GROUP, clientPrincipal, requestBody, tempDir, vendingEstate, writeTestPolicy } from "../orchestrations/vending/vendingWorld";

let world: LocalProcess;
let dir: string;

beforeAll(async () => {
  dir = tempDir("ailz-vending-e2e-");
  const estateFile = path.join(dir, "estate.json");
  fs.writeFileSync(estateFile, JSON.stringify(vendingEstate()));
  world = await spawnLocal({
    appEntry: "functions/vendingApp.ts",
    estate: estateFile,
    env: {
      AILZ_POLICY_PATH: writeTestPolicy(dir, (p) => {
        p.vending.approval.timeoutHours = 1;
      }),
      AILZ_VENDING_RETRY_FIRST_MS: "100",
      AILZ_VENDING_RETRY_MAX_ATTEMPTS: "4",
      AILZ_VENDING_RETRY_MAX_MS: "400",
      AILZ_VENDING_RBAC_RETRY_FIRST_MS: "300",
      AILZ_VENDING_PROVIDER_POLL_MS: "200",
      AILZ_ARM_MAX_RETRIES: "2",
      AILZ_ARM_RETRY_DELAY_MS: "20",
      AILZ_ARM_MAX_RETRY_DELAY_MS: "100",
    },
  });
}, 180_000);

afterAll(async () => {
  await world?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  body: any;
}

async function api(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${world.hostUrl}${route}`, {
    method,
    headers: { "x-functions-key": world.functionKey, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function emu(method: string, route: string, body?: unknown): Promise<any> {
  const res = await fetch(`${world.emulatorUrl}${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

let keySeq = 0;
const newKey = (label: string) => `${label}-${process.pid}-${++keySeq}`;

async function submit(body: unknown, key = newKey("req"), headers: Record<string, string> = {}): Promise<Reply> {
  return api("POST", "/api/vending/requests", body, { "idempotency-key": key, ...headers });
}

/** Polls the request until `done` holds; the test timeout bounds the wait. */
async function waitFor(id: string, done: (s: any) => boolean): Promise<any> {
  for (;;) {
    const r = await api("GET", `/api/vending/requests/${id}`);
    if (r.status === 200 && done(r.body)) return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
}
const terminal = (s: any) => ["Completed", "Failed", "Rejected", "Cancelled", "Expired"].includes(s.status);

async function estate(): Promise<any> {
  return emu("GET", "/_emulator/estate");
}

describe("vending end to end", () => {
  it("vends a corp subscription: MG, tags, providers, RBAC, budget, peered spoke, quota, Event Grid", async () => {
    const r = await submit(requestBody("corp"));
    expect(r.status).toBe(202);
    expect(r.body.statusUrl).toBe(`/api/vending/requests/${r.body.id}`);
    const s = await waitFor(r.body.id, terminal);
    expect(s.status, JSON.stringify(s.steps)).toBe("Completed");
    const sub = s.subscriptionId as string;
    const e = await estate();
    const subscription = e.subscriptions.find((x: any) => x.subscriptionId === sub);
    expect(subscription.managementGroupId).toBe("corp");
    expect(subscription.tags).toMatchObject({ "cost-center": "cc-1234", project: "corp-chat", environment: "dev", archetype: "corp", "ailz-vending-request": r.body.id });
    // The step waited until every provider the archetype needs answered Registered.
    const providers = s.steps.find((x: any) => x.name === "providers");
    expect(Object.keys(providers.result)).toEqual(expect.arrayContaining(["Microsoft.Compute", "Microsoft.CognitiveServices", "Microsoft.MachineLearningServices"]));
    expect(Object.values(providers.result).every((v) => v === "Registered")).toBe(true);
    expect(Object.keys(subscription.providers ?? {}).map((k) => k.toLowerCase())).toContain("microsoft.machinelearningservices");
    const assignments = e.roleAssignments.filter((a: any) => a.id.toLowerCase().startsWith(`/subscriptions/${sub}/`));
    expect(assignments.map((a: any) => a.properties.principalId).sort()).toEqual([ALICE.objectId, TEAM_GROUP.objectId].sort());
    const budget = e.budgets.find((b: any) => b.id.toLowerCase().startsWith(`/subscriptions/${sub}/`));
    expect(budget.properties.amount).toBe(5000);
    const kinds = Object.values(budget.properties.notifications).map((n: any) => n.thresholdType);
    expect(kinds).toContain("Actual");
    expect(kinds).toContain("Forecasted");
    expect(JSON.stringify(budget.properties.notifications)).toContain("actionGroups/ag-ailz-budget");
    const vnet = e.resources.find((x: any) => x.type === "Microsoft.Network/virtualNetworks" && x.id.toLowerCase().startsWith(`/subscriptions/${sub}/`));
    expect(vnet.properties.addressSpace.addressPrefixes[0]).toMatch(/^10\.10[0-3]\.\d+\.0\/24$/);
    const peerings = e.resources.filter((x: any) => x.type === "Microsoft.Network/virtualNetworks/virtualNetworkPeerings");
    const hubSide = peerings.find((p: any) => p.id.toLowerCase().startsWith(HUB_VNET_ID.toLowerCase()) && p.properties.remoteVirtualNetwork.id.toLowerCase() === vnet.id.toLowerCase());
    const spokeSide = peerings.find((p: any) => p.id.toLowerCase().startsWith(vnet.id.toLowerCase()));
    expect(hubSide.properties.peeringState).toBe("Connected");
    expect(spokeSide.properties.peeringState).toBe("Connected");
    const group = e.quotaGroups.find((g: any) => g.name === "gpu-pool");
    expect(group.allocations, JSON.stringify(s.steps.find((x: any) => x.name === "quota"))).toContainEqual({ subscriptionId: sub, location: "eastus2", family: A100, limit: 48 });
    const eventSubs = e.resources.filter((x: any) => /eventSubscriptions$/i.test(x.type) && x.id.toLowerCase().startsWith(`/subscriptions/${sub}/`));
    expect(eventSubs).toHaveLength(1);
    expect(eventSubs[0].properties.destination.properties?.endpointUrl ?? eventSubs[0].properties.destination.endpointUrl).toContain("functionName=resourceEvents");
    expect(s.steps.filter((x: any) => x.status === "succeeded").map((x: any) => x.name)).toEqual(
      expect.arrayContaining(["validate", "subscription", "placement", "providers", "rbac", "budget", "network", "quota", "eventGrid", "record"]),
    );
  }, 60_000);
});
