// The whole local world as a child process: Azurite, durable backend and host over the fixture
// app; generated key persisted across a crash and restart; durable client binding end to end;
// a taken port stops start-up with a message naming it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../../support/freePort";
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
    expect(world.output()).toContain("AILZ_READY");
  });
});

describe("start-up with a taken port", () => {
  it("exits non-zero naming the port", async () => {
    const [blocked, host, emulator, queue, table] = await freePorts(5);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(blocked, "127.0.0.1", () => resolve()));
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "local/start.ts"], {
        cwd: path.resolve(__dirname, "../../.."),
        env: {
          ...process.env,
          AILZ_HOST_PORT: String(host),
          AILZ_EMULATOR_PORT: String(emulator),
          AILZ_AZURITE_BLOB_PORT: String(blocked),
          AILZ_AZURITE_QUEUE_PORT: String(queue),
          AILZ_AZURITE_TABLE_PORT: String(table),
          AILZ_ESTATE: "false",
          AILZ_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "ailz-port-")),
          AILZ_APP_ENTRY: APP,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
      expect(code).not.toBe(0);
      expect(stderr).toContain(`Port ${blocked} (Azurite blob) is already in use`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
