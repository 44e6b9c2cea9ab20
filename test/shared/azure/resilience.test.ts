import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureError } from "../../../shared/azure/AzureError";
import { queryAll, queryResources } from "../../../shared/azure/resourceGraph/queryResources";
import { emulatorWithClients, rg, SUB_A, SUB_B, SUB_C, vm, type EmulatorWithClients } from "./emulatorClients";

let env: EmulatorWithClients;
const subs = [SUB_A, SUB_B, SUB_C];

beforeAll(async () => {
  const resources = [];
  for (const [i, sub] of subs.entries()) {
    for (let n = 0; n < 850; n++) resources.push(vm(sub, "fleet", `vm${i}-${n}`, n % 10 === 0 ? "Standard_NC24ads_A100_v4" : "Standard_D4s_v5"));
  }
  env = await emulatorWithClients({
    managementGroups: [{ name: "lz" }],
    subscriptions: subs.map((s, i) => ({ subscriptionId: s, displayName: `sub-${i}`, managementGroupId: "lz" })),
    resourceGroups: subs.map((s) => rg(s, "fleet")),
    resources,
  });
});
afterAll(() => env?.close());

const count = (op: string) => env.emu.emulator.counters.get(op) ?? 0;

describe("Resource Graph paging", () => {
  it("pages with $skipToken across 3+ pages and many subscriptions at once", async () => {
    const before = count("ResourceGraph.resources");
    const ids = new Set<string>();
    for await (const row of queryResources<{ id: string; name: string }>(env.clients.resourceGraph(), {
      query: "Resources | where type =~ 'microsoft.compute/virtualmachines' | project id, name | order by id asc",
      subscriptions: subs,
    })) ids.add(row.id);
    expect(ids.size).toBe(2550);
    expect(count("ResourceGraph.resources") - before).toBe(3);
  });

  it("scopes by management group and honours a smaller page size", async () => {
    const before = count("ResourceGraph.resources");
    const rows = await queryAll<{ id: string; size: string }>(env.clients.resourceGraph(), {
      query: "Resources | where properties.hardwareProfile.vmSize == 'Standard_NC24ads_A100_v4' | project id, size = tostring(properties.hardwareProfile.vmSize)",
      managementGroups: ["lz"],
      pageSize: 100,
    });
    expect(rows).toHaveLength(255);
    expect(rows.every((r) => r.size === "Standard_NC24ads_A100_v4")).toBe(true);
    expect(count("ResourceGraph.resources") - before).toBe(3);
  });

  it("surfaces an invalid query as a permanent AzureError with Azure's code, without retrying", async () => {
    const before = count("ResourceGraph.resources");
    const err = await queryAll(env.clients.resourceGraph(), { query: "Resources | frobnicate", subscriptions: [SUB_A] }).catch((e) => e);
    expect(err).toBeInstanceOf(AzureError);
    expect(err.status).toBe(400);
    expect(err.retryable).toBe(false);
    expect(typeof err.code).toBe("string");
    expect(err.code).not.toMatch(/^Http/);
    expect(count("ResourceGraph.resources") - before).toBe(1);
  });
});

describe("retries against injected faults", () => {
  const graph = (sub: string) =>
    queryAll<{ id: string }>(env.clients.resourceGraph(), { query: "Resources | where name == 'vm0-1' or name == 'vm1-1' or name == 'vm2-1' | project id", subscriptions: [sub] });

  it("absorbs a 429 storm with Retry-After: zero failed calls", async () => {
    await env.control("POST", "/faults", { pathPattern: "resourcegraph", status: 429, retryAfter: 1, probability: 0.6, count: 25 });
    const before = count("ResourceGraph.resources");
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => graph(subs[i % 3]!)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(results.every((r) => r.status === "fulfilled" && r.value.length === 1)).toBe(true);
    const faults = (await env.control("GET", "/faults")) as { value?: Array<{ hits: number }> } | Array<{ hits: number }>;
    const remaining = Array.isArray(faults) ? faults : (faults.value ?? []);
    // The storm happened (all 25 throttled answers spent, or some of them) and every call still succeeded.
    expect(remaining.length === 0 || remaining[0]!.hits > 0).toBe(true);
    expect(count("ResourceGraph.resources") - before).toBe(30);
    await env.control("DELETE", "/faults");
  });

  it("backs off through transient 500/503s", async () => {
    await env.control("POST", "/faults", { pathPattern: "resourcegraph", status: 500, count: 2 });
    await env.control("POST", "/faults", { pathPattern: "resourcegraph", status: 503, count: 1 });
    expect(await graph(SUB_B)).toHaveLength(1);
    const faults = (await env.control("GET", "/faults")) as { value?: unknown[] } | unknown[];
    expect(Array.isArray(faults) ? faults : (faults.value ?? [])).toEqual([]);
  });

  it("surfaces a permanent error with Azure's code", async () => {
    const err = await env.clients
      .quota(SUB_A)
      .usages.list("subscriptions/99999999-0000-4000-8000-000000000000/providers/Microsoft.Compute/locations/eastus")
      .next()
      .catch((e) => e);
    expect(err?.statusCode).toBe(404);
    expect(err?.code).toBe("SubscriptionNotFound");
  });
});
