import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeToken } from "../../../../local/arm/tokens";
import { emulatorRedirectPolicy } from "../../../../local/azure/emulatorRedirectPolicy";
import { SUB_CORP, SUB_ONLINE, SUB_SANDBOX } from "./fixtureEstate";

// The emulator runs in a child process under tsx: vitest's module loader does not serve the
// `require` that routes/index.ts uses to load route families, so in-process they would be absent.
let child: ChildProcess | undefined;
const emu = { url: "" };
const token = makeToken({ oid: "0000aaaa-0000-0000-0000-000000000001", upn: "alice@contoso.com" });

beforeAll(async () => {
  const root = path.resolve(__dirname, "../../../..");
  const proc = spawn(path.join(root, "node_modules/.bin/node"), ["--import", "tsx", path.join(__dirname, "fixtureEmulatorProcess.ts")], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  child = proc;
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`emulator process exited with ${code}`)));
  });
  emu.url = (JSON.parse(line) as { url: string }).url;
});
afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once("exit", resolve));
  child.stdin?.end();
  child.kill("SIGTERM");
  await exited;
});

interface GraphBody {
  totalRecords: number;
  count: number;
  resultTruncated: string;
  $skipToken?: string;
  data: any;
  facets: unknown[];
  error?: { code: string; message: string; details: { code: string; message: string; token?: string; line?: number }[] };
}

async function query(body: unknown, apiVersion = "2024-04-01", bearer = token): Promise<{ status: number; body: GraphBody; headers: Headers }> {
  const res = await fetch(`${emu.url}/providers/Microsoft.ResourceGraph/resources?api-version=${apiVersion}`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as GraphBody, headers: res.headers };
}

describe("POST /providers/Microsoft.ResourceGraph/resources", () => {
  it("answers objectArray by default with Azure's envelope and quota headers", async () => {
    const r = await query({ query: "Resources | where name == 'oai-prod' | project id, name, type" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      totalRecords: 1,
      count: 1,
      resultTruncated: "false",
      data: [{ id: `/subscriptions/${SUB_CORP}/resourceGroups/RG-AI-Prod/providers/Microsoft.CognitiveServices/accounts/oai-prod`, name: "oai-prod", type: "microsoft.cognitiveservices/accounts" }],
      facets: [],
    });
    expect(r.headers.get("x-ms-user-quota-remaining")).toMatch(/^\d+$/);
    expect(r.headers.get("x-ms-user-quota-resets-after")).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  it("scopes to the named subscriptions", async () => {
    const r = await query({ subscriptions: [SUB_SANDBOX], query: "Resources | count" });
    expect(r.body.data).toEqual([{ Count: 7 }]);
    const c = await query({ subscriptions: [SUB_SANDBOX.toUpperCase(), SUB_ONLINE], query: "ResourceContainers | where type == 'microsoft.resources/subscriptions' | project name | order by name asc" });
    expect(c.body.data).toEqual([{ name: "online-ai-dev" }, { name: "sandbox-bob" }]);
  });

  it("scopes to subscriptions under the named management groups, at any depth", async () => {
    const lz = await query({ managementGroups: ["landingzones"], query: "Resources | summarize n = count() by subscriptionId | order by subscriptionId asc" });
    expect(lz.body.data).toEqual([
      { subscriptionId: SUB_CORP, n: 12 },
      { subscriptionId: SUB_ONLINE, n: 11 },
    ]);
    const all = await query({ query: "Resources | count" });
    expect(all.body.data).toEqual([{ Count: 30 }]);
  });

  it("refuses $top above 1000 with a 400 naming the field", async () => {
    const r = await query({ query: "Resources | project id", options: { $top: 1001 } });
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe("BadRequest");
    expect(r.body.error?.details[0].message).toContain("options.$top");
  });

  it("pages with $skipToken across several pages when the query projects id", async () => {
    const q = { subscriptions: [SUB_CORP, SUB_ONLINE, SUB_SANDBOX], query: "Resources | project id, name | order by name asc", options: { $top: 7 } };
    const seen: string[] = [];
    let skipToken: string | undefined;
    let pages = 0;
    do {
      const r = await query({ ...q, options: { ...q.options, ...(skipToken ? { $skipToken: skipToken } : {}) } });
      expect(r.status).toBe(200);
      expect(r.body.totalRecords).toBe(30);
      expect(r.body.resultTruncated).toBe("false");
      seen.push(...(r.body.data as { name: string }[]).map((d) => d.name));
      skipToken = r.body.$skipToken;
      pages++;
    } while (skipToken && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect(seen).toEqual([...seen].sort());
  });

  it("refuses a skip token from another query", async () => {
    const first = await query({ query: "Resources | project id", options: { $top: 5 } });
    expect(first.body.$skipToken).toBeTruthy();
    const r = await query({ query: "Resources | project id, name", options: { $top: 5, $skipToken: first.body.$skipToken } });
    expect(r.status).toBe(400);
  });

  it("truncates without a skip token when the query does not project id", async () => {
    const r = await query({ query: "Resources | project name", options: { $top: 10 } });
    expect(r.body).toMatchObject({ totalRecords: 30, count: 10, resultTruncated: "true" });
    expect(r.body.$skipToken).toBeUndefined();
  });

  it("honours $skip", async () => {
    const r = await query({ query: "Resources | project name | order by name asc", options: { $skip: 28, $top: 5 } });
    expect(r.body.data).toEqual([{ name: "vnet-hub" }, { name: "web-01" }]);
  });

  it("answers the table format with typed columns", async () => {
    const r = await query({
      query: "Resources | where type == 'microsoft.compute/disks' | project name, size = toint(properties.diskSizeGB), attached = isnotempty(managedBy), sku | order by name asc",
      options: { resultFormat: "table" },
    });
    expect(r.body.data).toEqual({
      columns: [
        { name: "name", type: "string" },
        { name: "size", type: "integer" },
        { name: "attached", type: "boolean" },
        { name: "sku", type: "object" },
      ],
      rows: [
        ["orphan-disk", 512, false, { name: "Standard_LRS" }],
        ["sbx-gpu-osdisk", 128, true, { name: "Premium_LRS" }],
      ],
    });
  });

  it("answers an invalid query with BadRequest / InvalidQuery details naming the token", async () => {
    const r = await query({ query: "Resources\n| where name =~ 'x' | parse id with * 'a' b" });
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe("BadRequest");
    expect(r.body.error?.message).toMatch(/^Please provide below info when asking for support: timestamp = .+, correlationId = .+\.$/);
    expect(r.body.error?.details[0]).toEqual({
      code: "InvalidQuery",
      message: "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.",
    });
    expect(r.body.error?.details[1]).toMatchObject({ code: "InvalidQueryLanguage", token: "parse", line: 2, characterPositionInLine: 22 });
  });

  it("works through the real ResourceGraphClient", async () => {
    const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new ResourceGraphClient(credential, {
      additionalPolicies: [{ policy: emulatorRedirectPolicy("https://management.azure.com", emu.url), position: "perRetry" }],
    });
    const names: string[] = [];
    let skipToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.resources({
        subscriptions: [SUB_CORP],
        query: "Resources | where type =~ 'Microsoft.Compute/virtualMachines' | project id, name | order by name asc",
        options: { top: 2, resultFormat: "objectArray", ...(skipToken ? { skipToken } : {}) },
      });
      names.push(...(page.data as { name: string }[]).map((d) => d.name));
      skipToken = page.skipToken;
      pages++;
    } while (skipToken);
    expect(pages).toBe(2);
    expect(names).toEqual(["gpu-a100-01", "gpu-a100-02", "gpu-h100-01", "web-01"]);
  });

  it("throttles at 15 queries per 5 seconds per user when throttling is on", async () => {
    const res = await fetch(`${emu.url}/_emulator/throttling`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: true }) });
    expect(res.status).toBeLessThan(300);
    try {
      const other = makeToken({ oid: "0000bbbb-0000-0000-0000-000000000002", upn: "bob@contoso.com" });
      const remaining: string[] = [];
      for (let i = 0; i < 15; i++) {
        const r = await query({ query: "Resources | count" }, "2024-04-01", other);
        expect(r.status).toBe(200);
        remaining.push(r.headers.get("x-ms-user-quota-remaining") ?? "");
      }
      expect(remaining[0]).toBe("14");
      expect(remaining[14]).toBe("0");
      const throttled = await query({ query: "Resources | count" }, "2024-04-01", other);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(throttled.body.error?.code).toBe("RateLimiting");
      // Another user has a quota of their own.
      expect((await query({ query: "Resources | count" })).status).toBe(200);
    } finally {
      await fetch(`${emu.url}/_emulator/throttling`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: false }) });
    }
  });
});
