import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalAzureClients } from "../../local/azure/createLocalAzureClients";
import { matchesAdvancedFilters } from "../../local/arm/events/advancedFilters";
import type { EventGridEvent } from "../../local/arm/events/buildResourceEvent";
import { familyWiring, RESOURCE_EVENTS_WIRING, resourceEventsSubscriptionProperties, systemTopicIdentity, type ResourceEventsTarget } from "../../shared/azure/eventGrid/resourceEventsWiring";
import { subscribeToResourceEvents } from "../../shared/azure/eventGrid/subscribeToResourceEvents";
import { KEY_ACTIONS } from "../../shared/guardrails/handPulledKeys/params";
import { rgPath, startHarness, SUB, type Harness } from "../local/arm/emulatorHarness";
import { evaluateBicep } from "./evaluateBicep";

// One event-wiring definition (shared/azure/eventGrid/resourceEventsWiring.json): what the Bicep
// the postdeploy hook deploys declares is what vending's adapter builds, the operation filter lets
// through every operation a guardrail judges, and the emulator stores and delivers that shape.

const APP = `/subscriptions/${SUB}/resourceGroups/rg-ailz/providers/Microsoft.Web/sites/func-ailz`;
const target: ResourceEventsTarget = {
  functionAppId: APP,
  deadLetterStorageAccountId: `/subscriptions/${SUB}/resourceGroups/rg-ailz/providers/Microsoft.Storage/storageAccounts/stailz01`,
  identityId: `/subscriptions/${SUB}/resourceGroups/rg-ailz/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ailz`,
};

/** What infra/app/events-topics.bicep declares for this target. */
async function declared(subscriptionId = SUB) {
  const bicep = await evaluateBicep(path.resolve(__dirname, "../../infra/app/events-topics.bicep"), {
    params: { ...target, eventFamilies: "resources", workspaceId: "ws", actionGroupId: "ag" },
    calls: { "subscription()": { id: `/subscriptions/${subscriptionId}`, subscriptionId } },
  });
  return { topic: bicep.resource("subscriptionTopic"), subscription: bicep.resource("subscriptionEvents") };
}

const event = (operationName: string, eventType = "Microsoft.Resources.ResourceActionSuccess"): EventGridEvent =>
  ({ id: "e1", topic: `/subscriptions/${SUB}`, subject: `${rgPath()}/providers/x/y/z`, eventType, eventTime: "2026-01-01T00:00:00Z", dataVersion: "2", metadataVersion: "1", data: { operationName } }) as EventGridEvent;

describe("the event-wiring definition", () => {
  it("the template's system topic and event subscription are exactly what vending's adapter sends", async () => {
    const d = await declared();
    expect(d.subscription.name).toBe(RESOURCE_EVENTS_WIRING.eventSubscriptionName);
    expect(d.subscription.properties).toEqual(resourceEventsSubscriptionProperties(target));
    expect(d.topic.identity).toEqual(systemTopicIdentity(target));
    expect(d.topic.properties).toEqual({ source: `/subscriptions/${SUB}`, topicType: RESOURCE_EVENTS_WIRING.topicType });
  });

  it("with Resource Notifications too (eventFamilies both), that topic and its subscription are the definition's as well", async () => {
    const bicep = await evaluateBicep(path.resolve(__dirname, "../../infra/app/events-topics.bicep"), {
      params: { ...target, eventFamilies: "both", workspaceId: "ws", actionGroupId: "ag" },
      calls: { "subscription()": { id: `/subscriptions/${SUB}`, subscriptionId: SUB } },
    });
    const rn = familyWiring("resourceNotifications");
    expect(bicep.resource("notificationEvents").name).toBe(rn.eventSubscriptionName);
    expect(bicep.resource("notificationEvents").properties).toEqual(resourceEventsSubscriptionProperties(target, "resourceNotifications"));
    expect(bicep.resource("notificationsTopic").properties).toEqual({ source: `/subscriptions/${SUB}`, topicType: rn.topicType });
    expect(bicep.resource("notificationsTopic").identity).toEqual(systemTopicIdentity(target));
    expect(bicep.resource("subscriptionEvents").properties).toEqual(resourceEventsSubscriptionProperties(target));
  });

  it("delivers to the function by resource id with no key, retries for a day, dead-letters with ailz's identity", () => {
    const p = resourceEventsSubscriptionProperties(target);
    expect(p.destination).toEqual({ endpointType: "AzureFunction", properties: { resourceId: `${APP}/functions/resourceEvents`, maxEventsPerBatch: 50, preferredBatchSizeInKilobytes: 128 } });
    expect(JSON.stringify(p)).not.toMatch(/code=|endpointUrl/);
    expect(p.retryPolicy).toEqual({ maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 });
    expect(p.deadLetterWithResourceIdentity.identity).toEqual({ type: "UserAssigned", userAssignedIdentity: target.identityId });
  });

  it("the data.operationName filter passes every write and delete, the power-on and key actions, and nothing else", () => {
    const filters = resourceEventsSubscriptionProperties(target).filter.advancedFilters;
    const passes = (op: string) => matchesAdvancedFilters(filters, event(op));
    const powerOn = ["virtualMachines", "virtualMachineScaleSets"].flatMap((t) => ["start", "restart", "redeploy"].map((a) => `Microsoft.Compute/${t}/${a}/action`));
    for (const op of [...powerOn, ...KEY_ACTIONS, "Microsoft.Storage/storageAccounts/write", "microsoft.compute/virtualmachines/delete"]) expect(passes(op), op).toBe(true);
    for (const op of ["Microsoft.Compute/virtualMachines/deallocate/action", "Microsoft.Storage/storageAccounts/listKeys/action", "Microsoft.Compute/virtualMachines/powerOff/action"]) expect(passes(op), op).toBe(false);
    expect(RESOURCE_EVENTS_WIRING.includedEventTypes).toContain("Microsoft.Resources.ResourceActionSuccess");
  });
});

describe("the emulator takes the definition as Event Grid does", () => {
  let h: Harness;
  let fn: http.Server;
  const received: { url: string; body: any }[] = [];
  beforeAll(async () => {
    h = await startHarness({ eventsEnabled: true });
    fn = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ url: req.url ?? "", body: JSON.parse(body) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => fn.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(fn.address() as AddressInfo).port}`;
    expect((await h.control("PUT", "/_emulator/events", { functionApps: { [APP]: { url, code: "system-key" } }, batchWindowMs: 0 })).status).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((r) => fn?.close(r));
  });

  it("vending's adapter creates exactly the declared topic and subscription, and events reach the function by id", async () => {
    const clients = createLocalAzureClients(h.url, { AILZ_ARM_RETRY_DELAY_MS: "20", AILZ_ARM_MAX_RETRY_DELAY_MS: "200" });
    const r = await subscribeToResourceEvents(clients.eventGrid(SUB), { subscriptionId: SUB, resourceGroupName: "rg-ai", systemTopicName: "evgst-ailz", target });
    const estate = (await h.control("GET", "/_emulator/estate")).body as { resources: any[] };
    const stored = estate.resources.find((x) => x.id.toLowerCase() === r.eventSubscriptionId.toLowerCase());
    const topic = estate.resources.find((x) => x.id.toLowerCase() === r.systemTopicId.toLowerCase());
    const d = await declared();
    expect(stored.properties).toMatchObject(d.subscription.properties as object);
    for (const k of ["destination", "retryPolicy", "deadLetterWithResourceIdentity", "eventDeliverySchema"]) expect(stored.properties[k], k).toEqual((d.subscription.properties as any)[k]);
    expect(stored.properties.filter.advancedFilters).toEqual((d.subscription.properties as any).filter.advancedFilters);
    expect(topic.identity).toEqual(d.topic.identity);

    // Writes pass the filter and reach the function app's Event Grid endpoint with its system key.
    expect((await h.call("PUT", `${rgPath(SUB, "rg-evt")}?api-version=2024-03-01`, { location: "eastus" })).status).toBeLessThan(300);
    await h.emulator.events.idle();
    expect(new Set(received.map((x) => x.url))).toEqual(new Set(["/runtime/webhooks/EventGrid?functionName=resourceEvents&code=system-key"]));
    const ops = received.flatMap((x) => x.body.map((e: any) => [e.data.operationName, e.subject]));
    expect(ops).toContainEqual(["Microsoft.Resources/subscriptions/resourceGroups/write", rgPath(SUB, "rg-evt")]);
  });

  it("refuses what Event Grid refuses: a dead-letter identity the topic lacks, an unknown filter operator, a non-function resource id", async () => {
    const base = `/subscriptions/${SUB}/resourceGroups/rg-ai/providers/Microsoft.EventGrid/systemTopics/evgst-ailz/eventSubscriptions`;
    const props = resourceEventsSubscriptionProperties(target);
    const put = (name: string, p: unknown) => h.call("PUT", `${base}/${name}?api-version=2022-06-15`, { properties: p });
    const other = { ...props, deadLetterWithResourceIdentity: { ...props.deadLetterWithResourceIdentity, identity: { type: "UserAssigned", userAssignedIdentity: `${target.identityId}-other` } } };
    expect((await put("bad-identity", other)).body.error.message).toContain("must be an identity assigned to the system topic");
    expect((await put("bad-filter", { ...props, filter: { advancedFilters: [{ operatorType: "StringLike", key: "subject", values: ["x"] }] } })).status).toBe(400);
    expect((await put("bad-fn", { ...props, destination: { endpointType: "AzureFunction", properties: { resourceId: APP } } })).status).toBe(400);
  });
});
