// The local host in this process over the fixture app: HTTP routes and keys, timers against the
// shared clock, the Event Grid webhook in both schemas, failures, settings.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as clock from "../../../local/clock";
import { applyLocalSettings, applySettings } from "../../../local/host/applyLocalSettings";
import { readScheduleStatus } from "../../../local/host/scheduleStatus";
import { startHost, type Host } from "../../../local/host/startHost";

const KEY = "fixture-function-key-0123456789";
const APP = path.resolve(__dirname, "../../fixtures/apps/host/index.ts");

let host: Host;
let dataDir: string;
const logLines: string[] = [];

interface Rec {
  fn: string;
  input: any;
  invocationId: string;
}

async function records(fn: string): Promise<Rec[]> {
  const res = await fetch(`${host.url}/api/records`);
  return ((await res.json()) as Rec[]).filter((r) => r.fn === fn);
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-host-test-"));
  host = await startHost({ appEntry: APP, dataDir, functionKey: KEY, port: 0, expectDurable: false, log: (_l, msg) => logLines.push(msg) });
  await host.run();
});

afterAll(async () => {
  await host?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("HTTP triggers", () => {
  it("serves /api/health once ready", async () => {
    const res = await fetch(`${host.url}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.status).toBe("ok");
    expect(body.components.host.status).toBe("ok");
    expect(body.urls.host).toBe(host.url);
  });

  it("passes route parameters, query and headers, and enforces the function key", async () => {
    const url = `${host.url}/api/items/42?q=hello`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { "x-functions-key": "wrong-key-wrong-key" } })).status).toBe(401);

    const withHeader = await fetch(url, { headers: { "x-functions-key": KEY, "x-test": "yes" } });
    expect(withHeader.status).toBe(200);
    expect(await withHeader.json()).toEqual({ id: "42", q: "hello", header: "yes" });

    const withCode = await fetch(`${url}&code=${KEY}`);
    expect(withCode.status).toBe(200);
    expect(((await withCode.json()) as any).id).toBe("42");
  });

  it("applies route constraints and optional parameters", async () => {
    const alpha = await fetch(`${host.url}/api/items/abc`);
    expect(alpha.status).toBe(200);
    expect(await alpha.json()).toEqual({ name: "abc" });
    expect((await fetch(`${host.url}/api/items/a1b`)).status).toBe(404);

    expect(await (await fetch(`${host.url}/api/greet`)).text()).toBe("hello world");
    expect(await (await fetch(`${host.url}/api/greet/ada`)).text()).toBe("hello ada");
  });

  it("passes the body through and returns status, headers and cookies", async () => {
    const res = await fetch(`${host.url}/api/echo`, { method: "POST", body: "raw body", headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-echo-method")).toBe("POST");
    expect(res.headers.get("set-cookie")).toBe("seen=1; HttpOnly");
    expect(await res.text()).toBe("raw body");
    // Methods not registered for the route do not match it.
    expect((await fetch(`${host.url}/api/echo`)).status).toBe(404);
  });

  it("hands a malformed JSON body to the function, as Azure does", async () => {
    const res = await fetch(`${host.url}/api/json`, { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "InvalidJson", message: "body: malformed JSON", field: "body" } });
    const ok = await fetch(`${host.url}/api/json`, { method: "POST", body: '{"a":1}' });
    expect(await ok.json()).toEqual({ got: { a: 1 } });
  });

  it("turns a handler exception into 500 with the invocation id and stays up", async () => {
    const res = await fetch(`${host.url}/api/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret stack");
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("InternalError");
    const invocationId = /invocation ([0-9a-f-]{36})/.exec(body.error.message)?.[1];
    expect(invocationId).toBeDefined();
    expect(logLines.some((l) => l.includes(`Executed 'boom' (Failed, Id=${invocationId}`))).toBe(true);
    expect((await fetch(`${host.url}/api/greet/again`)).status).toBe(200);
  });

  it("answers 404 for unknown routes and paths", async () => {
    const route = await fetch(`${host.url}/api/no/such/route`);
    expect(route.status).toBe(404);
    expect(await route.json()).toEqual({ error: { code: "FunctionNotFound", message: "No function matches GET /api/no/such/route" } });
    const elsewhere = await fetch(`${host.url}/elsewhere`);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toEqual({ error: { code: "NotFound", message: "Nothing is served at /elsewhere" } });
  });

  it("answers a missing or wrong key with 401 in the error shape every function uses", async () => {
    const expected = { error: { code: "Unauthorized", message: "A valid function key is required in the x-functions-key header or the code query parameter" } };
    for (const init of [{}, { headers: { "x-functions-key": "wrong-key-wrong-key" } }]) {
      const res = await fetch(`${host.url}/api/items/42`, init);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual(expected);
    }
    const admin = await fetch(`${host.url}/admin/functions`);
    expect(admin.status).toBe(401);
    expect(((await admin.json()) as any).error).toEqual({ code: "Unauthorized", message: expect.stringContaining("host key") });
    const hook = await fetch(`${host.url}/runtime/webhooks/EventGrid?functionName=onResourceEvent`, { method: "POST", body: "[]" });
    expect(hook.status).toBe(401);
    expect(((await hook.json()) as any).error.code).toBe("Unauthorized");
  });

  it("requires the key for admin-level functions", async () => {
    expect((await fetch(`${host.url}/api/admin-only`)).status).toBe(401);
    const res = await fetch(`${host.url}/api/admin-only`, { headers: { "x-functions-key": KEY } });
    expect(await res.text()).toBe("admin ok");
  });
});

describe("hooks", () => {
  it("runs preInvocation and log hooks registered by the app", async () => {
    const res = await fetch(`${host.url}/api/hooked`);
    expect(await res.text()).toBe("from handler via preInvocation");
    expect(logLines.some((l) => l.includes("token=[redacted]"))).toBe(true);
    expect(logLines.some((l) => l.includes("secret-value"))).toBe(false);
  });
});

describe("timer triggers", () => {
  it("fires a due timer once, past due, when the clock jumps, and persists schedule status", async () => {
    const before = await records("nightly");
    const startStatus = readScheduleStatus(dataDir, "nightly");
    expect(startStatus).toBeDefined();
    const due = Date.parse(startStatus!.next);
    expect(new Date(due).getUTCHours()).toBe(3);

    // Jump two days past the next 03:00: two occurrences were missed, it fires once.
    clock.set(due + 2 * 24 * 3600_000 + 60_000);
    const fired = await waitFor(async () => {
      const r = await records("nightly");
      return r.length > before.length ? r : undefined;
    }, "the nightly timer");
    await new Promise((r) => setTimeout(r, 300));
    expect((await records("nightly")).length).toBe(before.length + 1);
    const timer = fired[fired.length - 1]!.input;
    expect(timer.isPastDue).toBe(true);
    expect(timer.scheduleStatus.next).toBe(new Date(due).toISOString());

    const status = await waitFor(async () => {
      const s = readScheduleStatus(dataDir, "nightly");
      return s && s.last === new Date(due).toISOString() ? s : undefined;
    }, "schedule status");
    expect(Date.parse(status.next)).toBe(due + 3 * 24 * 3600_000);
  });

  it("after downtime, a host on the same data fires the missed occurrence once, past due", async () => {
    await host.close();
    const before = (await records("nightly").catch(() => [])).length;
    const status = readScheduleStatus(dataDir, "nightly")!;
    // The host is down across the next occurrence.
    clock.set(Date.parse(status.next) + 3600_000);
    host = await startHost({ appEntry: APP, dataDir, functionKey: KEY, port: 0, expectDurable: false, log: (_l, msg) => logLines.push(msg) });
    await host.run();
    const recs = await waitFor(async () => {
      const r = await records("nightly");
      return r.length > before ? r : undefined;
    }, "the missed occurrence");
    expect(recs[recs.length - 1]!.input.isPastDue).toBe(true);
    expect(recs[recs.length - 1]!.input.scheduleStatus.next).toBe(status.next);
  });

  it("runs a timer on demand through the admin API", async () => {
    const before = (await records("nightly")).length;
    expect((await fetch(`${host.url}/admin/functions/nightly`, { method: "POST", body: "{}" })).status).toBe(401);
    const res = await fetch(`${host.url}/admin/functions/nightly`, { method: "POST", body: "{}", headers: { "x-functions-key": KEY } });
    expect(res.status).toBe(202);
    const after = await waitFor(async () => {
      const r = await records("nightly");
      return r.length > before ? r : undefined;
    }, "admin run");
    expect(after[after.length - 1]!.input.isPastDue).toBe(false);
    const refused = await fetch(`${host.url}/admin/functions/echo`, { method: "POST", body: "{}", headers: { "x-functions-key": KEY } });
    expect(refused.status).toBe(400);
  });
});

describe("Event Grid webhook", () => {
  const hook = () => `${host.url}/runtime/webhooks/EventGrid?functionName=onResourceEvent&code=${KEY}`;
  const egEvent = (id: string, data: Record<string, unknown> = {}) => ({
    id,
    eventType: "Microsoft.Resources.ResourceWriteSuccess",
    subject: "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
    eventTime: "2026-01-01T00:00:00Z",
    dataVersion: "2",
    data,
  });
  const cloudEvent = (id: string) => ({
    specversion: "1.0",
    id,
    source: "/subscriptions/s1",
    type: "Microsoft.ResourceNotifications.Resources.CreatedOrUpdated",
    time: "2026-01-01T00:00:00Z",
    data: { resourceInfo: { id: "/subscriptions/s1/resourceGroups/rg" } },
  });

  it("requires the key and a known function", async () => {
    const noKey = await fetch(`${host.url}/runtime/webhooks/EventGrid?functionName=onResourceEvent`, { method: "POST", body: "[]" });
    expect(noKey.status).toBe(401);
    const unknown = await fetch(`${host.url}/runtime/webhooks/EventGrid?functionName=nope&code=${KEY}`, { method: "POST", body: "[]" });
    expect(unknown.status).toBe(404);
  });

  it("answers the Event Grid subscription validation handshake", async () => {
    const res = await fetch(hook(), {
      method: "POST",
      headers: { "aeg-event-type": "SubscriptionValidation", "content-type": "application/json" },
      body: JSON.stringify([{ ...egEvent("v1"), eventType: "Microsoft.EventGrid.SubscriptionValidationEvent", data: { validationCode: "code-123" } }]),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ validationResponse: "code-123" });
  });

  it("reads a CloudEvents-shaped validation event with double-encoded data", async () => {
    const res = await fetch(hook(), {
      method: "POST",
      headers: { "aeg-event-type": "SubscriptionValidation", "content-type": "application/cloudevents+json" },
      body: JSON.stringify({ ...cloudEvent("v2"), type: "Microsoft.EventGrid.SubscriptionValidationEvent", data: JSON.stringify({ validationCode: "ce-code" }) }),
    });
    expect(await res.json()).toEqual({ validationResponse: "ce-code" });
  });

  it("requires the aeg-event-type header on deliveries, as the extension does", async () => {
    const res = await fetch(hook(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([egEvent("no-header")]) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toEqual({ code: "InvalidRequest", message: expect.stringContaining("aeg-event-type"), field: "aeg-event-type" });
  });

  it("answers the CloudEvents OPTIONS handshake", async () => {
    const res = await fetch(hook(), { method: "OPTIONS", headers: { "WebHook-Request-Origin": "eventgrid.azure.net" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("webhook-allowed-origin")).toBe("eventgrid.azure.net");
    const missing = await fetch(hook(), { method: "OPTIONS" });
    expect(missing.status).toBe(400);
  });

  it("invokes once per event for an Event Grid schema array", async () => {
    const before = (await records("onResourceEvent")).length;
    const res = await fetch(hook(), {
      method: "POST",
      headers: { "aeg-event-type": "Notification", "content-type": "application/json" },
      body: JSON.stringify([egEvent("eg-1"), egEvent("eg-2")]),
    });
    expect(res.status).toBe(202);
    const recs = await records("onResourceEvent");
    expect(recs.slice(before).map((r) => r.input.id).sort()).toEqual(["eg-1", "eg-2"]);
    expect(recs[before]!.input.eventType).toBe("Microsoft.Resources.ResourceWriteSuccess");
  });

  it("accepts CloudEvents 1.0 single and batch deliveries", async () => {
    const before = (await records("onResourceEvent")).length;
    const single = await fetch(hook(), {
      method: "POST",
      headers: { "aeg-event-type": "Notification", "content-type": "application/cloudevents+json; charset=utf-8" },
      body: JSON.stringify(cloudEvent("ce-1")),
    });
    expect(single.status).toBe(202);
    const batch = await fetch(hook(), {
      method: "POST",
      headers: { "aeg-event-type": "Notification", "content-type": "application/cloudevents-batch+json; charset=utf-8" },
      body: JSON.stringify([cloudEvent("ce-2"), cloudEvent("ce-3")]),
    });
    expect(batch.status).toBe(202);
    const recs = (await records("onResourceEvent")).slice(before);
    expect(recs.map((r) => r.input.id).sort()).toEqual(["ce-1", "ce-2", "ce-3"]);
    expect(recs[0]!.input.specversion).toBe("1.0");
  });

  it("rejects malformed deliveries with 400 naming the field", async () => {
    const bad = await fetch(hook(), { method: "POST", headers: { "aeg-event-type": "Notification", "content-type": "application/json" }, body: "[{oops" });
    expect(bad.status).toBe(400);
    const missing = await fetch(hook(), {
      method: "POST",
      headers: { "aeg-event-type": "Notification", "content-type": "application/json" },
      body: JSON.stringify([{ id: "x", subject: "s", eventTime: "t" }]),
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as any).error).toEqual({ code: "InvalidRequest", message: expect.stringMatching(/^body\[0\]\.eventType: /), field: "body[0].eventType" });
  });

  it("fails the delivery with 500 when the handler fails, so Event Grid retries", async () => {
    const res = await fetch(hook(), {
      method: "POST",
      headers: { "aeg-event-type": "Notification", "content-type": "application/json" },
      body: JSON.stringify([egEvent("ok-1"), egEvent("fail-1", { fail: true })]),
    });
    expect(res.status).toBe(500);
    const body = (await res.json()) as any;
    expect(body.error.code).toBe("EventsFailed");
    expect(body.error.details.map((f: { id: string }) => f.id)).toEqual(["fail-1"]);
    expect((await fetch(`${host.url}/api/health`)).status).toBe(200);
  });
});

describe("settings", () => {
  it("local.settings.json Values become env without overriding set variables; explicit settings apply", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-settings-"));
    const file = path.join(dir, "local.settings.json");
    process.env.AILZ_FIXTURE_PRESET = "from-env";
    fs.writeFileSync(file, JSON.stringify({ IsEncrypted: false, Values: { AILZ_FIXTURE_FILE: "from-file", AILZ_FIXTURE_PRESET: "from-file", AILZ_FIXTURE_NUM: 5 } }));
    expect(applyLocalSettings(file).sort()).toEqual(["AILZ_FIXTURE_FILE", "AILZ_FIXTURE_NUM"]);
    applySettings({ AILZ_FIXTURE_EXPLICIT: "explicit" });

    const get = async (name: string) => ((await (await fetch(`${host.url}/api/settings/${name}`)).json()) as any).value;
    expect(await get("AILZ_FIXTURE_FILE")).toBe("from-file");
    expect(await get("AILZ_FIXTURE_PRESET")).toBe("from-env");
    expect(await get("AILZ_FIXTURE_NUM")).toBe("5");
    expect(await get("AILZ_FIXTURE_EXPLICIT")).toBe("explicit");

    fs.writeFileSync(file, JSON.stringify({ Values: { X: ["not a string"] } }));
    expect(() => applyLocalSettings(file)).toThrow(/Values\.X/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
