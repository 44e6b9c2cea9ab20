import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildInto } from "../../bench/bundle";
import { CORP, gpuVmBody, personToken, startEventsWorld, until, vmId, type EventsWorld } from "../functions/support/eventsWorld";

// The package azd deploys (scripts/build.ts) run by the local world instead of functions/index.ts:
// registration loads main.js only, so what it defers must still run on first use. An HTTP
// function reads the stores (the SDK from sdk.js), the Event Grid function judges a resource
// event (facts through the ARM SDK, findings, notifications), and a durable sweep runs to the end
// (durable-functions' client calls through axios, validator and cloneDeep, its orchestration
// context through moment: the deferred-*.js files).

let dir: string;
let w: EventsWorld;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-bundle-runs-"));
  const built = await buildInto(dir);
  expect(built.files).toEqual(expect.arrayContaining(["main.js", "sdk.js", ...Object.keys(built.deferredBytes)]));
  w = await startEventsWorld({}, { appEntry: path.join(dir, "main.js") });
}, 240_000);

afterAll(async () => {
  await w?.stop();
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
