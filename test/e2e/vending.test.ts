// Vending end to end: the app's own functions in the local host (spawned child process) with the
// durable backend and the ARM emulator; results checked by reading the emulator's estate.
import { localEventsTarget } from "../../local/localEventsTarget";
import { evaluateBicep } from "../infra/evaluateBicep";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { A100, ALICE, APPROVER, DDOS_ID, HUB_VNET_ID, TEAM_GROUP, requestBody, tempDir, vendingEstate, writeTestPolicy } from "../orchestrations/vending/vendingWorld";
import { APP_ROLES } from "../../functions/auth/appRoles";
import { asRoles } from "../support/appAuth";

// The requester in these tests: signed in, reads and retries (ailz.Operator); approving needs someone else.
const REQUESTER = asRoles([APP_ROLES.reader, APP_ROLES.operator], { upn: "requester@contoso.com" });

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
    headers: { "x-functions-key": world.functionKey, "content-type": "application/json", ...REQUESTER, ...headers },
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

/** Waits until the emulator's saved estate (`<dataDir>/arm/estate.json`, written by rename) holds the alias. */
async function aliasPersisted(aliasName: string): Promise<void> {
  const file = path.join(world.dataDir, "arm", "estate.json");
  for (;;) {
    const saved = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (new RegExp(`"name"\\s*:\\s*"${aliasName}"`).test(saved)) return;
    await new Promise((res) => setTimeout(res, 50));
  }
}

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
    // Wired exactly as infra/app/events-topics.bicep wires platform subscriptions (for the local world's target).
    const template = await evaluateBicep(path.resolve(__dirname, "../../infra/app/events-topics.bicep"), {
      params: { ...localEventsTarget({}), eventFamilies: "resources", workspaceId: "ws", actionGroupId: "ag" },
      calls: { "subscription()": { id: `/subscriptions/${sub}`, subscriptionId: sub } },
    });
    const declared = template.resource("subscriptionEvents").properties as Record<string, unknown>;
    for (const k of ["destination", "eventDeliverySchema", "retryPolicy", "deadLetterWithResourceIdentity"]) expect(eventSubs[0].properties[k], k).toEqual(declared[k]);
    expect(eventSubs[0].properties.filter).toMatchObject(declared.filter as object);
    const topic = e.resources.find((x: any) => x.id.toLowerCase() === eventSubs[0].properties.topic.toLowerCase());
    expect(topic.identity).toEqual(template.resource("subscriptionTopic").identity);
    expect(s.steps.filter((x: any) => x.status === "succeeded").map((x: any) => x.name)).toEqual(
      expect.arrayContaining(["validate", "subscription", "placement", "providers", "rbac", "budget", "network", "quota", "eventGrid", "record"]),
    );
  }, 60_000);

  it("vends online (own VNet with DDoS plan, not peered) and sandbox (isolated, expires-on tag)", async () => {
    const [online, sandbox] = await Promise.all([submit(requestBody("online", { regions: { primary: "westeurope" }, gpuQuota: [] })), submit(requestBody("sandbox"))]);
    const [o, sb] = await Promise.all([waitFor(online.body.id, terminal), waitFor(sandbox.body.id, terminal)]);
    expect(o.status, JSON.stringify(o.steps)).toBe("Completed");
    expect(sb.status, JSON.stringify(sb.steps)).toBe("Completed");
    const e = await estate();
    const subOf = (id: string) => e.subscriptions.find((x: any) => x.subscriptionId === id);
    expect(subOf(o.subscriptionId).managementGroupId).toBe("online");
    expect(subOf(sb.subscriptionId).managementGroupId).toBe("sandbox");
    expect(subOf(sb.subscriptionId).tags["expires-on"]).toBe(requestBody("sandbox").expiresOn);
    const vnetIn = (sub: string) => e.resources.find((x: any) => x.type === "Microsoft.Network/virtualNetworks" && x.id.toLowerCase().startsWith(`/subscriptions/${sub}/`));
    expect(vnetIn(o.subscriptionId).properties.ddosProtectionPlan.id).toBe(DDOS_ID);
    expect(vnetIn(o.subscriptionId).properties.addressSpace.addressPrefixes[0]).toMatch(/^10\.200\./);
    expect(vnetIn(sb.subscriptionId).properties.addressSpace.addressPrefixes[0]).toMatch(/^172\.(1[6-9]|2\d|3[01])\./);
    const peeringsTo = (sub: string) => e.resources.filter((x: any) => /virtualNetworkPeerings$/i.test(x.type) && JSON.stringify(x).toLowerCase().includes(`/subscriptions/${sub}/`));
    expect(peeringsTo(o.subscriptionId)).toHaveLength(0);
    expect(peeringsTo(sb.subscriptionId)).toHaveLength(0);
    expect(e.roleAssignments.filter((a: any) => a.id.toLowerCase().startsWith(`/subscriptions/${sb.subscriptionId}/`)).every((a: any) => a.properties.roleDefinitionId.endsWith("b24988ac-6180-42a0-ab88-20f7382dd24c"))).toBe(true);
  }, 60_000);

  it("answers 400 listing every failing field", async () => {
    const r = await submit(
      requestBody("online", {
        workloadName: "Bad_Name",
      }),
    );
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: any) => d.field)).toEqual(["workloadName"]);
    const policy = await submit(
      requestBody("online", {
        environment: "prod",
        regions: { primary: "japaneast" },
        budget: { amount: 999_999 },
        owners: ["nobody@contoso.com"],
        gpuQuota: [{ family: "standardNDSH100v5Family", region: "westeurope", cores: 96 }],
      }),
    );
    expect(policy.status).toBe(400);
    expect(policy.body.error.details.map((d: any) => d.field).sort()).toEqual(["budget.amount", "gpuQuota.0.family", "owners.0", "regions.primary", "regions.secondary"].sort());
    const sandbox = await submit(requestBody("sandbox", { expiresOn: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10) }));
    expect(sandbox.status).toBe(400);
    expect(sandbox.body.error.details).toEqual([expect.objectContaining({ field: "expiresOn" })]);
    const noKey = await api("POST", "/api/vending/requests", requestBody("corp"));
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.field).toBe("Idempotency-Key");
  }, 30_000);

  it("returns the first request for a repeated Idempotency-Key and never vends twice", async () => {
    const key = newKey("idem");
    const first = await submit(requestBody("sandbox", { workloadName: "idem-one" }), key);
    const again = await submit(requestBody("sandbox", { workloadName: "idem-two" }), key);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.replayed).toBe(true);
    const s = await waitFor(first.body.id, terminal);
    expect(s.request.workloadName).toBe("idem-one");
    const third = await submit(requestBody("sandbox"), key);
    expect(third.body).toMatchObject({ id: first.body.id, status: "Completed" });
    const e = await estate();
    expect(e.subscriptions.filter((x: any) => x.tags?.["ailz-vending-request"] === first.body.id)).toHaveLength(1);
    expect(e.aliases.filter((a: any) => a.name === `ailz-${first.body.id}`)).toHaveLength(1);
  }, 60_000);

  it("waits for approval: a non-approver gets 403, an approver approves, the request completes", async () => {
    const r = await submit(requestBody("corp", { workloadName: "prod-chat", environment: "prod", regions: { primary: "eastus2", secondary: "swedencentral" } }));
    const waiting = await waitFor(r.body.id, (s) => s.status === "AwaitingApproval");
    expect(waiting.approvalReasons).toContain("prod environment");
    const denied = await api("POST", `/api/vending/requests/${r.body.id}/approve`, undefined, asRoles([APP_ROLES.reader], { oid: ALICE.objectId, upn: "alice@contoso.com" }));
    expect(denied.status).toBe(403);
    const ok = await api("POST", `/api/vending/requests/${r.body.id}/approve`, undefined, asRoles([APP_ROLES.approver], { oid: "99999999-0000-4000-8000-000000000009" }));
    expect(ok.status).toBe(202);
    const s = await waitFor(r.body.id, terminal);
    expect(s.status).toBe("Completed");
    expect(s.steps.find((x: any) => x.name === "approval")).toMatchObject({ status: "succeeded", result: { required: true } });
  }, 60_000);

  it("closes a rejected request, and a cancelled one, without creating a subscription", async () => {
    const big = { budget: { amount: 15_000 } };
    const a = await submit(requestBody("corp", { workloadName: "reject-me", ...big }));
    const b = await submit(requestBody("corp", { workloadName: "cancel-me", ...big }));
    await waitFor(a.body.id, (s) => s.status === "AwaitingApproval");
    await waitFor(b.body.id, (s) => s.status === "AwaitingApproval");
    const noReason = await api("POST", `/api/vending/requests/${a.body.id}/reject`, {}, asRoles([APP_ROLES.approver], { oid: APPROVER }));
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe("reason");
    expect((await api("POST", `/api/vending/requests/${a.body.id}/reject`, { reason: "use the shared subscription" }, asRoles([APP_ROLES.approver], { oid: APPROVER }))).status).toBe(202);
    expect((await api("POST", `/api/vending/requests/${b.body.id}/cancel`)).status).toBe(202);
    const [ra, rb] = await Promise.all([waitFor(a.body.id, terminal), waitFor(b.body.id, terminal)]);
    expect(ra).toMatchObject({ status: "Rejected", reason: "use the shared subscription" });
    expect(rb.status).toBe("Cancelled");
    expect((await api("POST", `/api/vending/requests/${a.body.id}/approve`, undefined, asRoles([APP_ROLES.approver], { oid: APPROVER }))).status).toBe(409);
    const e = await estate();
    expect(e.aliases.filter((x: any) => x.name === `ailz-${a.body.id}` || x.name === `ailz-${b.body.id}`)).toHaveLength(0);
    const listed = await api("GET", "/api/vending/requests?status=Rejected");
    expect(listed.body.value.map((x: any) => x.id)).toContain(a.body.id);
    expect((await api("GET", "/api/vending/requests?status=Nope")).status).toBe(400);
  }, 60_000);

  it("absorbs transient faults injected at every step", async () => {
    const patterns = ["aliases", "managementGroups/corp/subscriptions", "/register$", "roleAssignments", "budgets", "virtualNetworks", "groupQuota", "systemTopics"];
    for (const p of patterns) await emu("POST", "/_emulator/faults", { pathPattern: p, status: 503, retryAfter: 0, count: 4 });
    try {
      const r = await submit(requestBody("corp", { workloadName: "faulty-chat" }));
      const s = await waitFor(r.body.id, terminal);
      expect(s.status, JSON.stringify(s.steps)).toBe("Completed");
      const q = s.steps.find((x: any) => x.name === "quota");
      expect(q.result.quota[0].status).toBe("allocated");
      const left = await emu("GET", "/_emulator/faults");
      // A fault is removed once its count is used up; what is left was still hit at least once.
      expect(left.value.length).toBeLessThan(patterns.length);
      expect(left.value.every((f: any) => f.hits > 0)).toBe(true);
    } finally {
      await emu("DELETE", "/_emulator/faults");
    }
  }, 90_000);

  it("compensates a permanent failure (peerings removed, range released) and retry resumes from the failed step", async () => {
    await emu("POST", "/_emulator/faults", { pathPattern: "eventSubscriptions", status: 500 });
    let id: string;
    try {
      const r = await submit(requestBody("corp", { workloadName: "broken-chat" }));
      id = r.body.id;
      const failed = await waitFor(id, terminal);
      expect(failed.status).toBe("Failed");
      expect(failed.failedStep).toBe("eventGrid");
      expect(failed.error.code).toBe("InternalServerError");
      expect(failed.steps.find((x: any) => x.name === "network")).toMatchObject({ status: "pending", result: { compensated: "address range released" } });
      const e = await estate();
      const hubPeerings = e.resources.filter((x: any) => /virtualNetworkPeerings$/i.test(x.type) && x.id.toLowerCase().startsWith(HUB_VNET_ID.toLowerCase()) && x.id.includes("broken-chat"));
      expect(hubPeerings).toHaveLength(0);
    } finally {
      await emu("DELETE", "/_emulator/faults");
    }
    const retried = await api("POST", `/api/vending/requests/${id}/retry`);
    expect(retried.status).toBe(202);
    const done = await waitFor(id, terminal);
    expect(done.status, JSON.stringify(done.steps)).toBe("Completed");
    expect(done.manualIntervention).toBe(true);
    const e = await estate();
    expect(e.subscriptions.filter((x: any) => x.tags?.["ailz-vending-request"] === id)).toHaveLength(1);
    expect(e.resources.filter((x: any) => /virtualNetworkPeerings$/i.test(x.type) && x.id.includes("broken-chat"))).toHaveLength(2);
    expect((await api("POST", `/api/vending/requests/${id}/retry`)).status).toBe(409);
  }, 120_000);

  it("gives 20 concurrent requests non-overlapping ranges", async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(requestBody("sandbox", { workloadName: `burst-${i}`, network: { size: 26 } }))));
    expect(replies.every((r) => r.status === 202)).toBe(true);
    const states = await Promise.all(replies.map((r) => waitFor(r.body.id, terminal)));
    expect(states.map((s) => s.status)).toEqual(Array(20).fill("Completed"));
    const ranges = states.map((s) => s.steps.find((x: any) => x.name === "network").result.cidr as string);
    const toRange = (cidr: string) => {
      const [ip, len] = cidr.split("/");
      const n = ip!.split(".").reduce((a, o) => a * 256 + Number(o), 0);
      return [n, n + 2 ** (32 - Number(len))] as const;
    };
    const sorted = ranges.map(toRange).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBeGreaterThanOrEqual(sorted[i - 1]![1]);
  }, 120_000);

  it("reports metrics: outcomes, self-service rate, provisioning p50/p95", async () => {
    const m = await api("GET", "/api/metrics/vending");
    expect(m.status).toBe(200);
    expect(m.body.byOutcome.Completed).toBeGreaterThan(20);
    expect(m.body.byOutcome.Rejected).toBeGreaterThanOrEqual(1);
    expect(m.body.selfServiceSuccessRate).toBeGreaterThan(0);
    expect(m.body.selfServiceSuccessRate).toBeLessThan(1);
    expect(m.body.provisioningSeconds.p95).toBeGreaterThanOrEqual(m.body.provisioningSeconds.p50);
  });

  it("survives the host being killed mid-vending: exactly one subscription after restart", async () => {
    await emu("PUT", "/_emulator/settings", { aliasDelayMs: 60_000 });
    const key = newKey("crash");
    const r = await submit(requestBody("corp", { workloadName: "crash-chat" }), key);
    await waitFor(r.body.id, (s) => s.steps.some((x: any) => x.name === "subscription" && x.status === "running"));
    // Kill only once the emulated Azure holds the alias durably. In Azure an accepted alias PUT
    // outlives our host; here the emulator shares the host's process and saves its estate a
    // moment after a change (debounced), so a kill inside that moment loses an alias that the
    // durable history (Azurite saves on its parent's death) already records as created, and the
    // poll then finds no alias: a crash of Azure itself, not of the host.
    await aliasPersisted(`ailz-${r.body.id}`);
    await world.kill();
    await world.restart();
    await emu("PUT", "/_emulator/settings", { aliasDelayMs: 500 });
    await emu("POST", "/_emulator/clock/advance", { ms: 61_000 });
    // The requester's client repeats its POST with the same key (what a client does after a
    // failed or unanswered call): the request resumes if its instance did not survive the crash.
    expect((await submit(requestBody("corp", { workloadName: "crash-chat" }), key)).body.id).toBe(r.body.id);
    const s = await waitFor(r.body.id, terminal);
    expect(s.status, JSON.stringify(s.steps)).toBe("Completed");
    const e = await estate();
    expect(e.subscriptions.filter((x: any) => x.tags?.["ailz-vending-request"] === r.body.id)).toHaveLength(1);
    expect(e.aliases.filter((a: any) => a.name === `ailz-${r.body.id}`)).toHaveLength(1);
  }, 150_000);
  // Last: it moves the shared clock forward an hour (the crash test relies on a clock that a
  // restart does not reset underneath pending durable timers).
  it("expires a request nobody decides on once the clock passes the approval deadline", async () => {
    const r = await submit(requestBody("corp", { workloadName: "slow-approval", budget: { amount: 12_000 } }));
    await waitFor(r.body.id, (s) => s.status === "AwaitingApproval");
    await emu("POST", "/_emulator/clock/advance", { ms: 61 * 60_000 });
    const s = await waitFor(r.body.id, terminal);
    expect(s.status).toBe("Expired");
    expect(s.steps.find((x: any) => x.name === "approval").error.code).toBe("ApprovalTimedOut");
  }, 60_000);

});
