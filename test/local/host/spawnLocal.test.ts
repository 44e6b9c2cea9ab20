// The whole local world as a child process: Azurite, durable backend and host over the fixture
// app; generated key persisted across a crash and restart; durable client binding end to end;
// a taken port stops start-up with a message naming it.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../../support/freePort";
import { runStart } from "../../support/runStart";
import { spawnLocal, type LocalProcess } from "../../support/spawnLocal";

const APP = "test/fixtures/apps/host/index.ts";
let world: LocalProcess;

beforeAll(async () => {
  world = await spawnLocal({ appEntry: APP, functionKey: null });
});

afterAll(async () => {
  await world?.stop();
});

async function pollStatus(url: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(url);
    const body = (await res.json()) as any;
    if (["Completed", "Failed", "Terminated"].includes(body.runtimeStatus)) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("orchestration did not finish");
}

describe("spawnLocal world", () => {
  it("reports every component healthy", async () => {
    const res = await fetch(`${world.hostUrl}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.components.storage.status).toBe("ok");
    expect(body.components.durable.status).toBe("ok");
  });

  it("generates a function key, persists it in the data dir and enforces it", async () => {
    const saved = JSON.parse(fs.readFileSync(path.join(world.dataDir, "host-keys.json"), "utf8"));
    expect(saved.functionKey).toBe(world.functionKey);
    expect((await fetch(`${world.hostUrl}/api/items/7`)).status).toBe(401);
    expect((await fetch(`${world.hostUrl}/api/items/7?code=${world.functionKey}`)).status).toBe(200);
  });

  it("gives durableClient bindings the backend's client data, so startNew and createCheckStatusResponse work", async () => {
    const res = await fetch(`${world.hostUrl}/api/hello/ailz`, { method: "POST" });
    expect(res.status).toBe(202);
    const links = (await res.json()) as { id: string; statusQueryGetUri: string };
    expect(links.statusQueryGetUri).toContain(world.hostUrl);
    const done = await pollStatus(links.statusQueryGetUri);
    expect(done.runtimeStatus).toBe("Completed");
    expect(done.output).toEqual(["Hello ailz", "Hello again"]);
  });

  it("comes back after a crash with the same key and data", async () => {
    const key = world.functionKey;
    await world.kill("SIGKILL");
    await expect(fetch(`${world.hostUrl}/api/health`)).rejects.toThrow();
    await world.restart();
    expect((await fetch(`${world.hostUrl}/api/health`)).status).toBe(200);
    expect((await fetch(`${world.hostUrl}/api/items/8?code=${key}`)).status).toBe(200);
    // Each start-up ended with its banner.
    expect(world.output().match(/^  Ctrl\+C stops everything\.$/gm)).toHaveLength(2);
  });
});

describe("start-up with a taken port", () => {
  // The test holds the port itself, and every other port is one nothing else can hold (0 = any
  // free port) or is checked too: start-up names every taken port, so the one held here is named
  // whatever else happens on the machine.
  it("exits non-zero naming the port", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    const blocked = (blocker.address() as net.AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-port-"));
    try {
      const [queue, table] = await freePorts(2);
      const run = await runStart({
        AILZ_HOST_PORT: "0",
        AILZ_EMULATOR_PORT: "0",
        AILZ_SINK_PORT: "0",
        AILZ_AZURITE_BLOB_PORT: String(blocked),
        AILZ_AZURITE_QUEUE_PORT: String(queue),
        AILZ_AZURITE_TABLE_PORT: String(table),
        AILZ_ESTATE: "false",
        AILZ_DATA_DIR: dataDir,
        AILZ_APP_ENTRY: APP,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^ailz: /);
      expect(run.stderr).toContain(`Port ${blocked} (Azurite blob, AILZ_AZURITE_BLOB_PORT) is already in use. Stop whatever is listening there or set AILZ_AZURITE_BLOB_PORT to a free port.`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
