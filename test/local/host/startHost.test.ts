// Readiness and start-up failures of the host on its own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PortInUseError } from "../../../local/azurite/checkPortFree";
import { startHost, type Host } from "../../../local/host/startHost";

const APP = path.resolve(__dirname, "../../fixtures/apps/host/index.ts");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-starthost-"));
const hosts: Host[] = [];

afterAll(async () => {
  for (const h of hosts) await h.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("startHost", () => {
  it("answers 503 on /api/health and on functions until it runs, then 200", async () => {
    const host = await startHost({ appEntry: APP, dataDir, functionKey: "k".repeat(24), port: 0, expectDurable: false, log: () => {} });
    hosts.push(host);
    const early = await fetch(`${host.url}/api/health`);
    expect(early.status).toBe(503);
    expect(((await early.json()) as any).status).toBe("starting");
    expect((await fetch(`${host.url}/api/greet`)).status).toBe(503);
    await host.run();
    expect((await fetch(`${host.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${host.url}/api/greet`)).status).toBe(200);
  });

  it("waits for a durable backend it expects", async () => {
    const host = await startHost({ appEntry: APP, dataDir, functionKey: "k".repeat(24), port: 0, log: () => {} });
    hosts.push(host);
    await host.run();
    const res = await fetch(`${host.url}/api/health`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).components.durable.status).toBe("starting");
    host.attachDurable({
      start: async () => {},
      stop: async () => {},
      handle: async () => false,
      clientBindingData: () => ({}),
      health: () => ({ ready: true }),
    });
    expect((await fetch(`${host.url}/api/health`)).status).toBe(200);
  });

  it("fails with PortInUseError naming a taken port", async () => {
    const taken = hosts[0]!.port;
    await expect(startHost({ appEntry: APP, dataDir, functionKey: "k".repeat(24), port: taken, log: () => {} })).rejects.toThrow(PortInUseError);
  });

  it("refuses a missing app entry with the path named", async () => {
    await expect(startHost({ appEntry: "/nonexistent/app.ts", dataDir, functionKey: "k".repeat(24), port: 0, log: () => {} })).rejects.toThrow(/nonexistent\/app\.ts/);
  });
});
