import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appToken, APP_ID, APP_OID, rgPath, startHarness, SUB, USER_OID, type Harness } from "./emulatorHarness";

interface Received { path: string; headers: http.IncomingHttpHeaders; body: any }

let h: Harness;
let hook: http.Server;
let hookUrl: string;
const received: Received[] = [];
const failuresLeft = new Map<string, number>([["/flaky", 2]]);

beforeAll(async () => {
  hook = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      if (req.headers["aeg-event-type"] === "SubscriptionValidation") {
        const code = JSON.parse(data)[0].data.validationCode;
        res.writeHead(200, { "content-type": "application/json" }).end(path === "/validating" ? JSON.stringify({ validationResponse: code }) : "{}");
        return;
      }
      const left = failuresLeft.get(path) ?? 0;
      if (left > 0) {
        failuresLeft.set(path, left - 1);
        res.writeHead(503).end();
        return;
      }
      received.push({ path, headers: req.headers, body: JSON.parse(data) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  h = await startHarness();
  await h.control("PUT", "/_emulator/events", { retryDelaysMs: [20, 50] });
  const topic = `${rgPath()}/providers/Microsoft.EventGrid/systemTopics/sub-events`;
  expect((await h.call("PUT", topic, { location: "global", properties: { source: `/subscriptions/${SUB}`, topicType: "Microsoft.Resources.Subscriptions" } })).status).toBe(201);
  const subscribe = (name: string, path: string, extra: Record<string, unknown> = {}) =>
    h.call("PUT", `${topic}/eventSubscriptions/${name}`, { properties: { destination: { endpointType: "WebHook", properties: { endpointUrl: `${hookUrl}${path}` } }, ...extra } });
  expect((await subscribe("all", "/all")).status).toBe(201);
  expect((await subscribe("gpu-vms", "/vms", { filter: { includedEventTypes: ["Microsoft.Resources.ResourceWriteSuccess"], subjectBeginsWith: `/subscriptions/${SUB}/resourceGroups/rg-ai/providers/Microsoft.Compute/virtualMachines` } })).status).toBe(201);
  expect((await subscribe("cloud", "/cloud", { eventDeliverySchema: "CloudEventSchemaV1_0", filter: { subjectEndsWith: "/st-cloud" } })).status).toBe(201);
  expect((await subscribe("flaky", "/flaky", { filter: { subjectEndsWith: "/st-flaky" } })).status).toBe(201);
  await h.emulator.events.idle();
  received.length = 0;
});

afterAll(async () => {
  await h.close();
  await new Promise<void>((r) => hook.close(() => r()));
});

const eventsAt = (path: string) => received.filter((r) => r.path === path).flatMap((r) => (Array.isArray(r.body) ? r.body : [r.body]));

describe("resource events", () => {
  it("hides the webhook URL on GET, as Azure does", async () => {
    const sub = await h.call("GET", `${rgPath()}/providers/Microsoft.EventGrid/systemTopics/sub-events/eventSubscriptions/all`);
    expect(sub.body.properties.destination.properties.endpointUrl).toBeUndefined();
    expect(sub.body.properties.destination.properties.endpointBaseUrl).toBe(`${hookUrl}/all`);
  });

  it("carries the claims of a user token and of an app token, and the caller's role assignment as evidence", async () => {
    const owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    await h.call("PUT", `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/0f0e0d0c-0000-4000-8000-000000000001`, { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${owner}`, principalId: USER_OID, principalType: "User" } });
    await h.call("PUT", `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st-user`, { location: "eastus" });
    await h.call("PUT", `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st-app`, { location: "eastus" }, appToken);
    await h.emulator.events.idle();
    const all = eventsAt("/all");
    const byUser = all.find((e) => e.subject.endsWith("/st-user"));
    const byApp = all.find((e) => e.subject.endsWith("/st-app"));
    expect(byUser).toMatchObject({ eventType: "Microsoft.Resources.ResourceWriteSuccess", topic: `/subscriptions/${SUB}`, dataVersion: "2", metadataVersion: "1" });
    expect(byUser.data).toMatchObject({ operationName: "Microsoft.Storage/storageAccounts/write", resourceProvider: "Microsoft.Storage", status: "Succeeded", subscriptionId: SUB, resourceUri: byUser.subject });
    expect(byUser.data.claims["http://schemas.microsoft.com/identity/claims/objectidentifier"]).toBe(USER_OID);
    expect(byUser.data.claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"]).toBe("alice@contoso.com");
    expect(byUser.data.claims.idtyp).toBe("user");
    expect(byUser.data.claims.name).toBe("Alice Example");
    expect(byUser.data.authorization).toMatchObject({ scope: byUser.subject, action: "Microsoft.Storage/storageAccounts/write", evidence: { role: "Owner", roleAssignmentScope: `/subscriptions/${SUB}`, principalType: "User" } });
    expect(byApp.data.authorization.evidence).toBeUndefined();
    expect(byApp.data.claims["http://schemas.microsoft.com/identity/claims/objectidentifier"]).toBe(APP_OID);
    expect(byApp.data.claims.appid).toBe(APP_ID);
    expect(byApp.data.claims.idtyp).toBe("app");
    expect(byApp.data.claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"]).toBeUndefined();
    const headers = received.find((r) => r.path === "/all")!.headers;
    expect(headers["aeg-event-type"]).toBe("Notification");
  });

  it("delivers only matching events to a subject- and type-filtered subscription", async () => {
    const vm = `${rgPath()}/providers/Microsoft.Compute/virtualMachines/gpu-7`;
    await h.call("PUT", vm, { location: "eastus", properties: { hardwareProfile: { vmSize: "Standard_NC4as_T4_v3" } } });
    await h.call("POST", `${vm}/deallocate`);
    await h.emulator.events.idle();
    const vms = eventsAt("/vms");
    expect(vms.length).toBeGreaterThan(0);
    expect(vms.every((e) => e.subject.startsWith(`/subscriptions/${SUB}/resourceGroups/rg-ai/providers/Microsoft.Compute/virtualMachines`) && e.eventType === "Microsoft.Resources.ResourceWriteSuccess")).toBe(true);
    const action = eventsAt("/all").find((e) => e.eventType === "Microsoft.Resources.ResourceActionSuccess");
    expect(action.data.operationName).toBe("Microsoft.Compute/virtualMachines/deallocate/action");
    expect(action.subject).toBe(vm);
  });

  it("emits delete events and CloudEvents when the subscription asks", async () => {
    const st = `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st-cloud`;
    await h.call("PUT", st, { location: "eastus" });
    await h.call("DELETE", st);
    await h.emulator.events.idle();
    const cloud = eventsAt("/cloud");
    expect(cloud.map((e) => e.type)).toEqual(["Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Resources.ResourceDeleteSuccess"]);
    expect(cloud[0]).toMatchObject({ specversion: "1.0", source: `/subscriptions/${SUB}`, subject: st });
    expect(received.find((r) => r.path === "/cloud")!.headers["content-type"]).toContain("application/cloudevents");
  });

  it("retries a failing webhook with backoff until it succeeds", async () => {
    await h.call("PUT", `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st-flaky`, { location: "eastus" });
    await h.emulator.events.idle();
    expect(eventsAt("/flaky")).toHaveLength(1);
    const log = (await h.control("GET", "/_emulator/events/deliveries")).body.value.filter((d: any) => d.endpointUrl.endsWith("/flaky"));
    expect(log.map((d: any) => d.outcome)).toEqual(["retrying", "retrying", "delivered"]);
    expect(received.find((r) => r.path === "/flaky")!.headers["aeg-delivery-count"]).toBe("2");
  });

  it("delivers each event n times when duplication is switched on", async () => {
    await h.control("PUT", "/_emulator/events", { duplicate: 2 });
    await h.call("PUT", `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st-flaky`, { location: "eastus", tags: { v: "2" } });
    await h.emulator.events.idle();
    await h.control("PUT", "/_emulator/events", { duplicate: 1 });
    const flaky = eventsAt("/flaky");
    expect(flaky).toHaveLength(3);
    expect(flaky[1].id).toBe(flaky[2].id);
  });

  it("runs the webhook validation handshake on creation when switched on", async () => {
    await h.control("PUT", "/_emulator/events", { validateWebhooks: true });
    const topic = `${rgPath()}/providers/Microsoft.EventGrid/systemTopics/sub-events`;
    const create = (name: string, path: string) => h.call("PUT", `${topic}/eventSubscriptions/${name}`, { properties: { destination: { endpointType: "WebHook", properties: { endpointUrl: `${hookUrl}${path}` } } } });
    expect((await create("validating", "/validating")).status).toBe(201);
    const refused = await create("refusing", "/refusing");
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("Webhook validation handshake failed");
    await h.control("PUT", "/_emulator/events", { validateWebhooks: false });
  });
});
