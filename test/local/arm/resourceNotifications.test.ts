import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseEvent } from "../../../shared/events/normaliseEvent";
import { rgPath, startHarness, SUB, type Harness } from "./emulatorHarness";

// The emulator's Azure Resource Notifications topic: events shaped as the documented sample
// (test/fixtures/events/notifications.*, from learn.microsoft.com/azure/event-grid/event-schema-resources),
// only to subscribers of Microsoft.ResourceNotifications.Resources topics, beside the subscription topic's.

const FIXTURES = join(__dirname, "..", "..", "fixtures", "events");
const sample = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as Record<string, any>;
const keys = (o: Record<string, unknown>) => Object.keys(o).sort();

let h: Harness;
let hook: http.Server;
const received: Array<{ path: string; body: any }> = [];

beforeAll(async () => {
  hook = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "/", body: JSON.parse(data) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  h = await startHarness();
  const topic = (name: string, topicType: string) => h.call("PUT", `${rgPath()}/providers/Microsoft.EventGrid/systemTopics/${name}`, { location: "global", properties: { source: `/subscriptions/${SUB}`, topicType } });
  const subscribe = (name: string, path: string) => h.call("PUT", `${rgPath()}/providers/Microsoft.EventGrid/systemTopics/${name}/eventSubscriptions/ailz`, { properties: { destination: { endpointType: "WebHook", properties: { endpointUrl: `${url}${path}` } } } });
  expect((await topic("sub-events", "Microsoft.Resources.Subscriptions")).status).toBe(201);
  expect((await topic("arn-events", "Microsoft.ResourceNotifications.Resources")).status).toBe(201);
  expect((await subscribe("sub-events", "/resources")).status).toBe(201);
  expect((await subscribe("arn-events", "/notifications")).status).toBe(201);
  await h.emulator.events.idle();
  received.length = 0;
});

afterAll(async () => {
  await h.close();
  await new Promise<void>((r) => hook.close(() => r()));
});

const at = (path: string) => received.filter((r) => r.path === path).flatMap((r) => (Array.isArray(r.body) ? r.body : [r.body]));

describe("Resource Notifications topic", () => {
  it("a write: CreatedOrUpdated in the documented shape (booleans as 1/0, tags an object) to ARN subscribers only; the subscription topic gets ResourceWriteSuccess", async () => {
    const id = `${rgPath()}/providers/Microsoft.Storage/storageAccounts/starn1`;
    expect((await h.call("PUT", id, { location: "eastus", tags: { owner: "dana@contoso.com" }, properties: { allowBlobPublicAccess: true, allowSharedKeyAccess: false, minimumTlsVersion: "TLS1_2" } })).status).toBeLessThan(300);
    await h.emulator.events.idle();
    const arn = at("/notifications").filter((e) => e.subject === id);
    expect(arn).toHaveLength(1);
    const [e] = arn;
    const doc = sample("notifications.createdOrUpdated.eventgrid.json");
    expect(keys(e)).toEqual(keys(doc));
    expect(keys(e.data)).toEqual(keys(doc.data));
    expect(keys(e.data.resourceInfo)).toEqual(keys(doc.data.resourceInfo));
    expect(e).toMatchObject({ eventType: "Microsoft.ResourceNotifications.Resources.CreatedOrUpdated", topic: `/subscriptions/${SUB}`, dataVersion: "1", metadataVersion: "1" });
    expect(e.data.resourceInfo).toMatchObject({ id, name: "starn1", type: "Microsoft.Storage/storageAccounts", location: "eastus", tags: { owner: "dana@contoso.com" } });
    expect(e.data.resourceInfo.properties).toMatchObject({ allowBlobPublicAccess: 1, allowSharedKeyAccess: 0, minimumTlsVersion: "TLS1_2" });
    expect(e.data.operationalInfo.resourceEventTime).toBe(e.eventTime);
    expect(at("/resources").filter((x) => x.subject === id).map((x) => x.eventType)).toEqual(["Microsoft.Resources.ResourceWriteSuccess"]);
    expect(at("/resources").some((x) => x.eventType.startsWith("Microsoft.ResourceNotifications."))).toBe(false);

    // Both families normalise to the same change; only the family (and the body) differ.
    const viaArn = normaliseEvent(e);
    const viaSub = normaliseEvent(at("/resources").find((x) => x.subject === id));
    if (viaArn.kind !== "event" || viaSub.kind !== "event") throw new Error("not normalised");
    const same = (x: typeof viaArn.event) => ({ resourceId: x.resourceId, resourceType: x.resourceType, subscriptionId: x.subscriptionId, resourceGroup: x.resourceGroup, operation: x.operation, status: x.status });
    expect(same(viaArn.event)).toEqual(same(viaSub.event));
    expect(viaArn.event.family).toBe("resourceNotifications");
    expect(viaArn.event.resource?.properties).toMatchObject({ allowBlobPublicAccess: true, allowSharedKeyAccess: false });
  });

  it("a tags write is an update of the tagged resource; a delete is Deleted with id, name and type only; resource groups are not in the family", async () => {
    const id = `${rgPath()}/providers/Microsoft.Storage/storageAccounts/starn2`;
    await h.call("PUT", id, { location: "eastus", properties: {} });
    await h.emulator.events.idle();
    received.length = 0;
    expect((await h.call("PATCH", `${id}/providers/Microsoft.Resources/tags/default`, { operation: "Merge", properties: { tags: { project: "llm" } } })).status).toBe(200);
    expect((await h.call("DELETE", id)).status).toBeLessThan(300);
    expect((await h.call("PUT", rgPath(SUB, "rg-arn"), { location: "eastus" })).status).toBeLessThan(300);
    await h.emulator.events.idle();
    const arn = at("/notifications");
    expect(arn.map((e) => [e.eventType, e.subject])).toEqual([
      ["Microsoft.ResourceNotifications.Resources.CreatedOrUpdated", id],
      ["Microsoft.ResourceNotifications.Resources.Deleted", id],
    ]);
    expect(arn[0].data.resourceInfo.tags).toEqual({ project: "llm" });
    const doc = sample("notifications.deleted.eventgrid.json");
    expect(keys(arn[1].data)).toEqual(keys(doc.data));
    expect(keys(arn[1].data.resourceInfo)).toEqual(keys(doc.data.resourceInfo));
    expect(arn[1].data.resourceInfo).toEqual({ id, name: "starn2", type: "Microsoft.Storage/storageAccounts" });
    expect(at("/resources").map((e) => e.eventType)).toEqual(["Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Resources.ResourceDeleteSuccess", "Microsoft.Resources.ResourceWriteSuccess"]);
  });
});
