import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rgPath, startHarness, SUB, type Harness } from "./emulatorHarness";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "ailz-emu-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("faults", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("injects 429 with Retry-After for a count of requests on a path pattern, then recovers", async () => {
    const added = await h.control("POST", "/_emulator/faults", { pathPattern: "/resourceGroups$", method: "GET", status: 429, retryAfter: 3, count: 2 });
    expect(added.status).toBe(201);
    const first = await h.call("GET", `/subscriptions/${SUB}/resourceGroups`);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("3");
    expect(first.body.error.code).toBe("TooManyRequests");
    expect((await h.call("GET", `/subscriptions/${SUB}/resourceGroups`)).status).toBe(429);
    expect((await h.call("GET", `/subscriptions/${SUB}/resourceGroups`)).status).toBe(200);
    expect((await h.call("GET", `/subscriptions/${SUB}`)).status).toBe(200);
  });

  it("injects 503 until the fault is deleted, and rejects a bad pattern naming the field", async () => {
    await h.control("POST", "/_emulator/faults", { pathPattern: "^/subscriptions/[^/]+$", status: 503 });
    expect((await h.call("GET", `/subscriptions/${SUB}`)).status).toBe(503);
    expect((await h.control("DELETE", "/_emulator/faults")).body.removed).toBe(1);
    expect((await h.call("GET", `/subscriptions/${SUB}`)).status).toBe(200);
    const bad = await h.control("POST", "/_emulator/faults", { pathPattern: "(", status: 500 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("pathPattern");
    const badStatus = await h.control("POST", "/_emulator/faults", { pathPattern: "x", status: 418 });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.message).toContain("status");
  });
});

describe("throttling", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("applies ARM's per-subscription read bucket (250) with remaining-reads headers and Retry-After", async () => {
    await h.control("PUT", "/_emulator/throttling", { enabled: true });
    // Requests run faster than the 25/s refill, so the bucket drains; how many pass depends on speed.
    const first = await h.call("GET", `/subscriptions/${SUB}/resourceGroups`);
    expect(first.headers.get("x-ms-ratelimit-remaining-subscription-reads")).toBe("249");
    let throttled: Awaited<ReturnType<Harness["call"]>> | undefined;
    let sent = 1;
    while (!throttled && sent < 2_000) {
      const batch = await Promise.all(Array.from({ length: 25 }, () => h.call("GET", `/subscriptions/${SUB}/resourceGroups`)));
      sent += batch.length;
      throttled = batch.find((r) => r.status === 429);
    }
    expect(throttled).toBeDefined();
    expect(sent).toBeGreaterThanOrEqual(250);
    expect(Number(throttled!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(throttled!.body.error.code).toBe("SubscriptionRequestsThrottled");
    // Writes have their own bucket.
    const write = await h.call("PUT", `${rgPath()}/providers/Microsoft.Storage/storageAccounts/st1`, { location: "eastus" });
    expect(write.status).toBe(201);
    expect(write.headers.get("x-ms-ratelimit-remaining-subscription-writes")).toBe("199");
    await h.control("PUT", "/_emulator/throttling", { enabled: false });
    expect((await h.call("GET", `/subscriptions/${SUB}/resourceGroups`)).status).toBe(200);
  });
});

describe("clock and estate control", () => {
  it("advances and sets the clock, exports and loads the estate", async () => {
    const h = await startHarness();
    try {
      const before = Date.parse((await h.control("GET", "/_emulator/clock")).body.now);
      const after = Date.parse((await h.control("POST", "/_emulator/clock/advance", { days: 1 })).body.now);
      expect(after - before).toBeGreaterThanOrEqual(86_400_000);
      expect((await h.control("POST", "/_emulator/clock/advance", {})).status).toBe(400);
      const target = new Date(after + 3_600_000).toISOString();
      expect(Date.parse((await h.control("PUT", "/_emulator/clock", { now: target })).body.now)).toBeGreaterThanOrEqual(Date.parse(target));
      const estate = (await h.control("GET", "/_emulator/estate")).body;
      expect(estate.subscriptions.map((s: any) => s.subscriptionId)).toContain(SUB);
      estate.resources.push({ id: `${rgPath()}/providers/Microsoft.Search/searchServices/srch1`, name: "srch1", type: "Microsoft.Search/searchServices", location: "eastus", properties: {} });
      expect((await h.control("PUT", "/_emulator/estate", estate)).status).toBe(200);
      expect((await h.call("GET", `${rgPath()}/providers/Microsoft.Search/searchServices/srch1`)).status).toBe(200);
      const bad = await h.control("PUT", "/_emulator/estate", { resources: [{ name: "x" }] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("resources[0]");
    } finally {
      await h.close();
    }
  });
});

describe("persistence", () => {
  it("keeps the state across a restart", async () => {
    const first = await startHarness({ dataDir });
    const id = `${rgPath()}/providers/Microsoft.CognitiveServices/accounts/oai-1`;
    const put = await first.call("PUT", id, { location: "eastus", kind: "OpenAI", sku: { name: "S0" }, properties: { publicNetworkAccess: "Disabled" } });
    expect(put.status).toBe(201);
    await first.call("PUT", `${id}/deployments/gpt-4o`, { sku: { name: "Standard", capacity: 10 }, properties: { model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" } } });
    await first.close();
    const file = await readFile(path.join(dataDir, "estate.json"), "utf8");
    expect(JSON.parse(file).resources.length).toBeGreaterThanOrEqual(2);

    const second = await startHarness({ dataDir, estate: { subscriptions: [] } });
    try {
      const got = await second.call("GET", id);
      expect(got.status).toBe(200);
      expect(got.body.properties).toMatchObject({ publicNetworkAccess: "Disabled", endpoint: "https://oai-1.openai.azure.com/" });
      const deployments = await second.call("GET", `${id}/deployments`);
      expect(deployments.body.value.map((d: any) => d.properties.model.name)).toEqual(["gpt-4o"]);
    } finally {
      await second.close();
    }
  });
});
