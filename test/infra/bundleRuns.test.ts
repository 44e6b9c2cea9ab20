import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildInto } from "../../bench/bundle";
import { CORP, gpuVmBody, personToken, startEventsWorld, until, vmId, type EventsWorld } from "../functions/support/eventsWorld";

// The package azd deploys (scripts/build.ts) run by the local world instead of functions/index.ts:
// registration loads main.js only, so what it defers must still run on first use. An HTTP
// function reads the stores (the SDK from sdk.js), the Event Grid function judges a resource
// event (facts through the ARM SDK, findings, notifications), and a durable sweep runs to the end
// (durable-functions' client calls through axios, validator and cloneDeep, its orchestration
// context through moment: the deferred-*.js files). Application Insights is configured, as in
// Azure, against a fake ingestion endpoint: the appStart hook loads sdk-telemetry.js and the
// app's metrics arrive there.

const IKEY = "0b0b0b0b-0000-4000-8000-000000000001";
let dir: string;
let w: EventsWorld;
let ingestion: https.Server;
const envelopes: { iKey: string; data: { baseType: string } }[] = [];

/** A TLS endpoint that accepts Azure Monitor's `/v2.1/track` posts (the exporter only speaks https). */
async function startIngestion(): Promise<string> {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"], { stdio: "ignore" });
  ingestion = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = zlib.gunzipSync(body);
      const text = body.toString("utf8").trim();
      const items = text.startsWith("[") ? JSON.parse(text) : text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
      envelopes.push(...items);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((r) => ingestion.listen(0, "127.0.0.1", r));
  return `https://127.0.0.1:${(ingestion.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-bundle-runs-"));
  const built = await buildInto(dir);
  expect(built.files).toEqual(expect.arrayContaining(["main.js", "sdk.js", "sdk-telemetry.js", ...Object.keys(built.deferredBytes)]));
  const endpoint = await startIngestion();
  w = await startEventsWorld({}, {
    appEntry: path.join(dir, "main.js"),
    env: {
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${endpoint}`,
      AILZ_METRICS_EXPORT_INTERVAL_MS: "1000",
      // The fake endpoint's certificate is self-signed; statsbeat would call a Microsoft endpoint.
      NODE_TLS_REJECT_UNAUTHORIZED: "0",
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
      APPLICATION_INSIGHTS_NO_STATSBEAT: "true",
    },
  });
}, 240_000);

afterAll(async () => {
  await w?.stop();
  if (ingestion) await new Promise<void>((r) => ingestion.close(() => r()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the built package in the local world", () => {
  it("answers an HTTP function (the findings list, read from Table Storage)", async () => {
    const r = await w.api("GET", `findings?status=open&subscription=${CORP}`);
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.value)).toBe(true);
  });

  it("judges a resource event: a person's GPU VM in Corp gets a shadow-AI finding and a notification", async () => {
    const id = vmId("rg-ml", "gpu-bundle");
    expect((await w.arm("PUT", id, gpuVmBody(), personToken())).status).toBeLessThan(300);
    const open = async () => {
      const r = await w.api("GET", `findings?status=open&subscription=${CORP}&guardrail=shadowAi`);
      return (r.body.value as { resourceId: string; rule?: string }[]).filter((f) => f.resourceId.toLowerCase() === id.toLowerCase());
    };
    await until(async () => (await open()).length > 0, "a shadowAi finding from the package's resourceEvents");
    expect((await open())[0]!.rule).toBe("unapprovedDeployer");
    await until(async () => w.sink.messages({ channel: "webhook" }).some((m) => (m.title ?? "").includes("gpu-bundle")), "a notification in the sink");
  });

  it("exports the app's metrics to Application Insights through sdk-telemetry.js", async () => {
    await until(async () => envelopes.some((e) => e.iKey === IKEY && e.data.baseType === "MetricData"), "metric envelopes at the ingestion endpoint");
  });

  it("runs a durable sweep to completion (a dry run started over HTTP, its status read back)", async () => {
    // The policy's GPU quota group, as the platform team creates it on the root management group.
    const group = await w.arm("PUT", "/providers/Microsoft.Management/managementGroups/alz/providers/Microsoft.Quota/groupQuotas/gpu-pool", { properties: { displayName: "GPU pool" } }, undefined, "2025-03-01");
    expect(group.status).toBeLessThan(300);
    const start = await w.api("POST", "sweeps?dryRun=true&date=2026-01-15");
    expect(start.status).toBe(202);
    expect(start.body.id).toBe("2026-01-15-dryrun");
    let status: { runtimeStatus?: string; output?: unknown } = {};
    await until(
      async () => {
        const r = await w.api("GET", "sweeps/2026-01-15-dryrun");
        status = r.body as typeof status;
        return r.status === 200 && ["Completed", "Failed", "Terminated"].includes(String(status.runtimeStatus));
      },
      "the sweep to finish",
      90_000,
    );
    expect(status.runtimeStatus, `${JSON.stringify(status.output)}\n${w.local.output().slice(-3000)}`).toBe("Completed");
  });
});
