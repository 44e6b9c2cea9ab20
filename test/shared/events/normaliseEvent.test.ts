import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { normaliseEvent, type NormaliseResult } from "../../../shared/events/normaliseEvent";
import type { ResourceEvent } from "../../../shared/events/ResourceEvent";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "events");
const SUB = "6b3c1a8e-2f4d-4c1b-9a7e-1d2c3b4a5f60";
const VM = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Compute/virtualMachines/gpu-vm-01`;
const ST = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stmldata01`;

/** A fixture's single event (the documented Event Grid examples are one-element arrays). */
function fixture(name: string): Record<string, unknown> {
  const body = JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as unknown;
  return (Array.isArray(body) ? body[0] : body) as Record<string, unknown>;
}

function ok(r: NormaliseResult): ResourceEvent {
  if (r.kind !== "event") throw new Error(`expected an event, got ${JSON.stringify(r)}`);
  return r.event;
}

describe("normaliseEvent: Microsoft.Resources events as documented", () => {
  it("ResourceWriteSuccess (Event Grid schema): resource, operation, user caller with name and upn", () => {
    const e = ok(normaliseEvent(fixture("resources.writeSuccess.eventgrid.json")));
    expect(e).toMatchObject({
      id: "4db48cba-50a2-455a-93b4-de41a3b5b7f6",
      schema: "EventGridSchema",
      family: "resources",
      operation: "write",
      status: "succeeded",
      resourceId: VM,
      resourceType: "microsoft.compute/virtualmachines",
      subscriptionId: SUB,
      resourceGroup: "rg-ml",
      operationName: "Microsoft.Compute/virtualMachines/write",
      tagsOnly: false,
      time: "2018-07-19T18:38:04.611Z",
      correlationId: "8a2da39d-ef93-42dd-8ce6-97ac802ecc6d",
    });
    expect(e.caller).toEqual({
      objectId: "1a2b3c4d-0000-4000-8000-00000000d001",
      appId: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
      kind: "user",
      upn: "dana@contoso.com",
      name: "Dana Lopez",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    });
    expect(e.resource).toBeUndefined();
  });

  it("the same event as a CloudEvent normalises to the same internal event", () => {
    const eg = ok(normaliseEvent(fixture("resources.writeSuccess.eventgrid.json")));
    const ce = ok(normaliseEvent(fixture("resources.writeSuccess.cloudevent.json")));
    expect(ce.schema).toBe("CloudEventSchemaV1_0");
    expect({ ...ce, schema: "x" }).toEqual({ ...eg, schema: "x" });
  });

  it("ResourceDeleteSuccess and ResourceActionSuccess (app-only token: kind app, no upn)", () => {
    const del = ok(normaliseEvent(fixture("resources.deleteSuccess.eventgrid.json")));
    expect(del).toMatchObject({ operation: "delete", status: "succeeded", resourceId: ST, resourceType: "microsoft.storage/storageaccounts" });
    const act = ok(normaliseEvent(fixture("resources.actionSuccess.eventgrid.json")));
    expect(act.operation).toBe("action");
    expect(act.resourceType).toBe("microsoft.eventhub/namespaces/authorizationrules");
    expect(act.caller).toEqual({
      objectId: "5a1e0000-0000-4000-8000-00000000b001",
      appId: "5a1e0000-0000-4000-8000-00000000a001",
      kind: "app",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    });
  });

  it.each([
    ["ResourceWriteFailure", "write", "failed"],
    ["ResourceWriteCancel", "write", "canceled"],
    ["ResourceDeleteFailure", "delete", "failed"],
    ["ResourceDeleteCancel", "delete", "canceled"],
    ["ResourceActionFailure", "action", "failed"],
    ["ResourceActionCancel", "action", "canceled"],
  ])("%s maps to %s/%s", (suffix, operation, status) => {
    const raw = { ...fixture("resources.writeSuccess.eventgrid.json"), eventType: `Microsoft.Resources.${suffix}` };
    expect(ok(normaliseEvent(raw))).toMatchObject({ operation, status });
  });

  it("a tags write names the tagged resource and is marked tags-only", () => {
    const raw = fixture("resources.writeSuccess.eventgrid.json");
    const data = { ...(raw.data as object), resourceUri: `${VM}/providers/Microsoft.Resources/tags/default`, operationName: "Microsoft.Resources/tags/write" };
    const e = ok(normaliseEvent({ ...raw, data }));
    expect(e.resourceId).toBe(VM);
    expect(e.resourceType).toBe("microsoft.compute/virtualmachines");
    expect(e.tagsOnly).toBe(true);
  });

  it("the idtyp claim decides the caller kind when present; short claim names work", () => {
    const raw = fixture("resources.writeSuccess.eventgrid.json");
    const data = { ...(raw.data as object), claims: { oid: "o-1", appid: "a-1", idtyp: "app", name: "ailz-pipeline" } };
    expect(ok(normaliseEvent({ ...raw, data })).caller).toEqual({ objectId: "o-1", appId: "a-1", kind: "app", name: "ailz-pipeline" });
  });
});

describe("normaliseEvent: Resource Notifications events as documented", () => {
  it("CreatedOrUpdated carries the resource payload; 1/0 become booleans under boolean names only", () => {
    const e = ok(normaliseEvent(fixture("notifications.createdOrUpdated.eventgrid.json")));
    expect(e).toMatchObject({
      family: "resourceNotifications",
      operation: "write",
      status: "succeeded",
      resourceId: ST,
      resourceType: "microsoft.storage/storageaccounts",
      time: "2023-07-28T20:13:10.841Z",
      tagsOnly: false,
    });
    expect(e.caller).toBeUndefined();
    expect(e.resource?.location).toBe("eastus");
    expect(e.resource?.tags).toEqual({});
    expect(e.resource?.apiVersion).toBe("2019-06-01");
    const p = e.resource!.properties!;
    expect(p.allowBlobPublicAccess).toBe(true);
    expect(p.supportsHttpsTrafficOnly).toBe(true);
    expect((p.encryption as any).requireInfrastructureEncryption).toBe(false);
    expect((p.encryption as any).services.blob.enabled).toBe(true);
    expect(p.minimumTlsVersion).toBe("TLS1_2");
  });

  it("CloudEvents CreatedOrUpdated equals the Event Grid one", () => {
    const eg = ok(normaliseEvent(fixture("notifications.createdOrUpdated.eventgrid.json")));
    const ce = ok(normaliseEvent(fixture("notifications.createdOrUpdated.cloudevent.json")));
    expect({ ...ce, schema: "x" }).toEqual({ ...eg, schema: "x" });
  });

  it.each(["notifications.deleted.eventgrid.json", "notifications.deleted.cloudevent.json"])("Deleted (%s)", (name) => {
    const e = ok(normaliseEvent(fixture(name)));
    expect(e).toMatchObject({ operation: "delete", resourceId: ST, time: "2023-07-28T20:11:36.634Z" });
    expect(e.resource?.properties).toBeUndefined();
  });

  it("tags given as a JSON string are read", () => {
    const raw = fixture("notifications.createdOrUpdated.eventgrid.json");
    const data = raw.data as { resourceInfo: Record<string, unknown> };
    const e = ok(normaliseEvent({ ...raw, data: { ...data, resourceInfo: { ...data.resourceInfo, tags: '{"owner":"dana@contoso.com"}' } } }));
    expect(e.resource?.tags).toEqual({ owner: "dana@contoso.com" });
  });
});

describe("normaliseEvent: ignored and malformed", () => {
  it("other event types are ignored, not malformed", () => {
    const r = normaliseEvent({ ...fixture("resources.writeSuccess.eventgrid.json"), eventType: "Microsoft.Storage.BlobCreated" });
    expect(r).toEqual({ kind: "ignored", eventType: "Microsoft.Storage.BlobCreated", id: "4db48cba-50a2-455a-93b4-de41a3b5b7f6" });
  });

  it.each([
    ["not an object", "garbage", "event"],
    ["no id", { ...fixture("resources.writeSuccess.eventgrid.json"), id: undefined }, "id"],
    ["no resourceUri", { ...fixture("resources.writeSuccess.eventgrid.json"), data: { operationName: "x" } }, "data.resourceUri"],
    ["resourceUri not an ARM id", { ...fixture("resources.writeSuccess.eventgrid.json"), data: { resourceUri: "vm1" } }, "data.resourceUri"],
    ["bad time", { ...fixture("resources.writeSuccess.eventgrid.json"), eventTime: "yesterday" }, "eventTime"],
    ["ARN without resourceInfo", { ...fixture("notifications.createdOrUpdated.eventgrid.json"), data: {} }, "data.resourceInfo"],
    ["subject in another subscription", { ...fixture("resources.writeSuccess.eventgrid.json"), subject: "/subscriptions/other/resourceGroups/x" }, "subject"],
  ])("%s -> malformed naming %s", (_name, raw, field) => {
    const r = normaliseEvent(raw);
    expect(r.kind).toBe("malformed");
    if (r.kind === "malformed") expect(r.reason.startsWith(field)).toBe(true);
  });
});
