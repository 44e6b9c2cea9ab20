import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureError } from "../../../shared/azure/AzureError";
import { metricsBatches, queryMetricsBatch, type MetricSeries } from "../../../shared/azure/monitor/queryMetricsBatch";
import { emulatorWithClients, rg, SUB_A, SUB_B, vm, type EmulatorWithClients } from "./emulatorClients";

// The real @azure/monitor-query-metrics client against the emulator's metrics:getBatch route,
// reached through the local redirect of https://{region}.metrics.monitor.azure.com.

let env: EmulatorWithClients;
const HOUR = 3_600_000;
const idleId = (sub: string, n: number) => vm(sub, "fleet", `vm-idle-${n}`, "Standard_NC24ads_A100_v4").id;
const busyId = vm(SUB_A, "fleet", "vm-busy", "Standard_NC24ads_A100_v4").id;
const created = "2026-01-01T00:00:00Z";

beforeAll(async () => {
  const resources = [];
  for (const sub of [SUB_A, SUB_B]) for (let n = 0; n < 60; n++) resources.push({ ...vm(sub, "fleet", `vm-idle-${n}`, "Standard_NC24ads_A100_v4"), systemData: { createdAt: created } });
  resources.push({ ...vm(SUB_A, "fleet", "vm-busy", "Standard_NC24ads_A100_v4"), systemData: { createdAt: created } });
  resources.push({ ...vm(SUB_A, "west", "vm-west", "Standard_NC24ads_A100_v4", "westus"), systemData: { createdAt: created } });
  env = await emulatorWithClients({
    managementGroups: [{ name: "lz" }],
    subscriptions: [SUB_A, SUB_B].map((s, i) => ({ subscriptionId: s, displayName: `sub-${i}`, managementGroupId: "lz" })),
    resourceGroups: [rg(SUB_A, "fleet"), rg(SUB_B, "fleet"), rg(SUB_A, "west", "westus")],
    resources,
    workloads: [
      ...Array.from({ length: 60 }, (_, n) => ({ resourceId: idleId(SUB_A, n), pattern: "idle" as const })),
      { resourceId: busyId, pattern: "busy", gpuMetrics: true },
    ],
  });
});
afterAll(() => env?.close());

const count = () => env.emu.emulator.counters.get("POST metrics:getBatch") ?? 0;
const window = () => {
  const end = new Date(Math.floor(Date.now() / HOUR) * HOUR);
  return { start: new Date(end.getTime() - 24 * HOUR), end };
};
const host = { namespace: "Microsoft.Compute/virtualMachines", metricNames: ["Percentage CPU", "Network In Total", "Network Out Total"], interval: "PT1H", aggregations: ["average", "maximum"] as ("average" | "maximum")[] };

describe("metrics:getBatch through @azure/monitor-query-metrics", () => {
  it("splits ids per subscription into batches of at most 50", () => {
    const ids = [...Array.from({ length: 60 }, (_, n) => idleId(SUB_A, n)), ...Array.from({ length: 60 }, (_, n) => idleId(SUB_B, n))];
    const batches = metricsBatches(ids);
    expect(batches.map((b) => b.length)).toEqual([50, 10, 50, 10]);
    expect(batches.every((b) => new Set(b.map((id) => id.split("/")[2])).size === 1)).toBe(true);
  });

  it("reads host metrics of 60 VMs in two calls, with Azure's shapes and the workload's levels", async () => {
    const before = count();
    const ids = [...Array.from({ length: 59 }, (_, n) => idleId(SUB_A, n)), busyId];
    const series: MetricSeries[] = [];
    for (const batch of metricsBatches(ids)) series.push(...(await queryMetricsBatch(env.clients.metrics("eastus"), { ...host, resourceIds: batch, ...window() })));
    expect(count() - before).toBe(2);
    expect(series).toHaveLength(60 * 3);
    const cpu = (id: string) => series.find((s) => s.resourceId.toLowerCase() === id.toLowerCase() && s.metric === "Percentage CPU")!;
    expect(cpu(busyId).points).toHaveLength(24);
    expect(Math.min(...cpu(busyId).points.map((p) => p.average!))).toBeGreaterThan(60);
    expect(Math.max(...cpu(idleId(SUB_A, 3)).points.map((p) => p.maximum!))).toBeLessThan(3);
  });

  it("returns the GPU guest metric only where the agent publishes it", async () => {
    const series = await queryMetricsBatch(env.clients.metrics("eastus"), { ...host, namespace: "Azure.VM.Linux.GuestMetrics", metricNames: ["DCGM_FI_DEV_GPU_UTIL"], resourceIds: [busyId, idleId(SUB_A, 0)], ...window() });
    expect(series.map((s) => s.resourceId.toLowerCase())).toEqual([busyId.toLowerCase()]);
    expect(series[0]!.points.every((p) => p.average! > 75)).toBe(true);
  });

  it("refuses more than 50 ids, a resource of another region and a mixed subscription as Azure's 400s", async () => {
    const ids = Array.from({ length: 51 }, (_, n) => idleId(SUB_A, n % 60));
    await expect(queryMetricsBatch(env.clients.metrics("eastus"), { ...host, resourceIds: ids, ...window() })).rejects.toThrow(RangeError);
    const west = vm(SUB_A, "west", "vm-west", "Standard_NC24ads_A100_v4", "westus").id;
    const err = await queryMetricsBatch(env.clients.metrics("eastus"), { ...host, resourceIds: [west], ...window() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AzureError);
    expect((err as AzureError).status).toBe(400);
    expect((err as AzureError).message).toMatch(/region 'westus'/);
    expect((await queryMetricsBatch(env.clients.metrics("westus"), { ...host, resourceIds: [west], ...window() })).length).toBe(3);
    const mixed = await queryMetricsBatch(env.clients.metrics("eastus"), { ...host, resourceIds: [idleId(SUB_A, 0), idleId(SUB_B, 0)], ...window() }).catch((e: unknown) => e);
    expect((mixed as AzureError).message).toMatch(/not in subscription/);
  });

  it("retries a 429 after Retry-After and then answers", async () => {
    await env.control("POST", "/faults", { pathPattern: "metrics:getBatch", method: "POST", status: 429, retryAfter: 1, count: 1 });
    const before = count();
    const started = Date.now();
    const series = await queryMetricsBatch(env.clients.metrics("eastus"), { ...host, resourceIds: [busyId], ...window() });
    expect(series).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(count() - before).toBe(1);
    expect(env.emu.emulator.counters.get("fault 429") ?? 0).toBeGreaterThanOrEqual(1);
  });

  it("surfaces throttling that outlasts the retries as a retryable AzureError", async () => {
    await env.control("POST", "/faults", { pathPattern: "metrics:getBatch", method: "POST", status: 429, retryAfter: 1, count: 20 });
    const err = await queryMetricsBatch(env.clients.metrics("eastus"), { ...host, resourceIds: [busyId], ...window() }).catch((e: unknown) => e);
    await env.control("DELETE", "/faults");
    expect(err).toBeInstanceOf(AzureError);
    expect((err as AzureError).status).toBe(429);
    expect((err as AzureError).retryable).toBe(true);
  });

  it("serves the per-resource ARM metrics read with the same series", async () => {
    const { start, end } = window();
    const token = await env.clients.credential.getToken("https://management.azure.com/.default");
    const url = `${env.emu.url}${busyId}/providers/Microsoft.Insights/metrics?api-version=2023-10-01&metricnames=Percentage%20CPU&aggregation=average&interval=PT1H&timespan=${start.toISOString()}/${end.toISOString()}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${token!.token}` } });
    const body = (await res.json()) as { value: { name: { value: string }; timeseries: { data: { average: number }[] }[] }[]; resourceregion: string; interval: string };
    expect(res.status).toBe(200);
    expect(body.resourceregion).toBe("eastus");
    expect(body.value[0]!.name.value).toBe("Percentage CPU");
    expect(body.value[0]!.timeseries[0]!.data).toHaveLength(24);
  });
});

