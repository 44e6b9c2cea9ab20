import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOtelTelemetry } from "../../../shared/telemetry/createOtelTelemetry";
import { getTelemetry, resetTelemetry, startTelemetry } from "../../../shared/telemetry/getTelemetry";

// The OpenTelemetry implementation against a fake Application Insights ingestion endpoint: the
// real Azure Monitor exporters post their envelopes to `{IngestionEndpoint}/v2.1/track`. The
// exporter upgrades every ingestion endpoint to https, so the fake serves TLS with a throwaway
// self-signed certificate (openssl) and this worker accepts it.

interface Envelope {
  name: string;
  iKey: string;
  tags?: Record<string, string>;
  data: { baseType: string; baseData: any };
}

let server: https.Server;
let certDir: string;
let endpoint: string;
const received: Envelope[] = [];
const paths: string[] = [];

beforeAll(async () => {
  // Statsbeat (the SDK's own usage telemetry) would call a Microsoft endpoint; keep the test offline.
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = "true";
  process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = "true";
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-telemetry-"));
  const key = path.join(certDir, "key.pem");
  const cert = path.join(certDir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"], { stdio: "ignore" });
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = zlib.gunzipSync(body);
      paths.push(req.url ?? "");
      const text = body.toString("utf8").trim();
      const items: Envelope[] = text.startsWith("[") ? JSON.parse(text) : text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
      received.push(...items);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(certDir, { recursive: true, force: true });
  resetTelemetry();
});

const IKEY = "11111111-2222-3333-4444-555555555555";
const metricPoints = (name: string) => received.filter((e) => e.data.baseType === "MetricData").flatMap((e) => (e.data.baseData.metrics as any[]).map((m) => ({ ...m, properties: e.data.baseData.properties ?? {} }))).filter((m) => m.name === name);
const messages = () => received.filter((e) => e.data.baseType === "MessageData").map((e) => e.data.baseData);

describe("createOtelTelemetry (Azure Monitor exporters)", () => {
  it("exports decisions, actions and durations as customMetrics and logs as traces with attributes", async () => {
    const t = await createOtelTelemetry({ connectionString: `InstrumentationKey=${IKEY};IngestionEndpoint=${endpoint}`, offlineStorage: false, serviceName: "ailz-test" });
    const vm = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/gpu-1";
    t.decision({ guardrail: "shadowAi", resourceId: vm, verdict: "act", dryRun: false, rule: "unapprovedDeployer", reason: "made by hand" });
    t.decision({ guardrail: "shadowAi", resourceId: vm + "x", verdict: "act", dryRun: false });
    t.decision({ guardrail: "aiHardening", resourceId: vm, verdict: "flag", dryRun: true });
    t.action({ action: "deallocate", resourceId: vm, outcome: "succeeded", dryRun: false, guardrail: "shadowAi" });
    t.sweepCompleted({ sweepId: "2030-01-01", durationMs: 1234, outcome: "succeeded", subscriptions: 3 });
    t.vendingCompleted({ requestId: "req-1", archetype: "corp", durationMs: 500, outcome: "succeeded" });
    t.eventProcessed({ eventType: "Microsoft.Resources.ResourceWriteSuccess", outcome: "processed" });
    await t.flush();
    await t.shutdown();

    expect(paths.every((p) => p.includes("/track"))).toBe(true);
    expect(received.every((e) => e.iKey === IKEY)).toBe(true);

    const decisions = metricPoints("ailz.decisions");
    const shadowAct = decisions.find((m) => m.properties.guardrail === "shadowAi" && m.properties.verdict === "act");
    expect(shadowAct?.value).toBe(2);
    expect(shadowAct?.properties.dryRun).toBe("false");
    expect(shadowAct?.properties.resourceId).toBeUndefined();
    expect(decisions.find((m) => m.properties.guardrail === "aiHardening")?.properties).toMatchObject({ verdict: "flag", dryRun: "true" });
    expect(metricPoints("ailz.actions")[0]?.properties).toMatchObject({ action: "deallocate", outcome: "succeeded" });
    expect(metricPoints("ailz.sweep.duration")[0]?.value).toBe(1234);
    expect(metricPoints("ailz.vending.duration")[0]?.properties).toMatchObject({ archetype: "corp" });
    expect(metricPoints("ailz.events.processed")[0]?.value).toBe(1);

    const decisionLog = messages().find((m) => m.properties?.event === "decision" && m.properties?.rule === "unapprovedDeployer");
    expect(decisionLog?.message).toContain("shadowAi/unapprovedDeployer act");
    expect(decisionLog?.properties).toMatchObject({ guardrail: "shadowAi", resourceId: vm, verdict: "act", dryRun: "false", reason: "made by hand" });
    expect(received.find((e) => e.data.baseType === "MessageData")?.tags?.["ai.cloud.role"]).toBe("ailz-test");
  });

  it("startTelemetry switches the process facade to Application Insights and replays records made while loading", async () => {
    received.length = 0;
    resetTelemetry();
    const env = { APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${endpoint}`, AILZ_METRICS_EXPORT_INTERVAL_MS: "600000" };
    const starting = startTelemetry(env);
    getTelemetry().decision({ guardrail: "sandboxLifecycle", resourceId: "/subscriptions/s2", verdict: "flag", dryRun: true });
    await starting;
    getTelemetry().decision({ guardrail: "sandboxLifecycle", resourceId: "/subscriptions/s3", verdict: "flag", dryRun: true });
    await getTelemetry().shutdown();
    expect(metricPoints("ailz.decisions").find((m) => m.properties.guardrail === "sandboxLifecycle")?.value).toBe(2);
  });

  it("with loadAfter, nothing loads or exports until it settles; what was recorded before is replayed", async () => {
    received.length = 0;
    resetTelemetry();
    const env = { APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${endpoint}`, AILZ_METRICS_EXPORT_INTERVAL_MS: "600000" };
    let firstInvocationDone = () => {};
    const starting = startTelemetry(env, new Promise<void>((resolve) => (firstInvocationDone = resolve)));
    getTelemetry().decision({ guardrail: "shadowAi", resourceId: "/subscriptions/s4", verdict: "flag", dryRun: true });
    let settled = false;
    void starting.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    firstInvocationDone();
    await starting;
    await getTelemetry().shutdown();
    expect(metricPoints("ailz.decisions").find((m) => m.properties.guardrail === "shadowAi")?.value).toBe(1);
  });

  it("a flush before loadAfter settles loads the SDK and exports what was buffered", async () => {
    received.length = 0;
    resetTelemetry();
    const env = { APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${endpoint}`, AILZ_METRICS_EXPORT_INTERVAL_MS: "600000" };
    void startTelemetry(env, new Promise<void>(() => {}));
    getTelemetry().decision({ guardrail: "aiHardening", resourceId: "/subscriptions/s5", verdict: "flag", dryRun: true });
    await getTelemetry().shutdown();
    expect(metricPoints("ailz.decisions").find((m) => m.properties.guardrail === "aiHardening")?.value).toBe(1);
  });
});
