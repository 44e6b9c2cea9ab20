import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkStartUp, type StartUpPlan } from "../../local/checkStartUp";
import { freePort } from "../support/freePort";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-check-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const APP = path.resolve(__dirname, "../fixtures/apps/host/index.ts");

async function listening(): Promise<net.Server> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
  return s;
}

const plan = (over: Partial<StartUpPlan>): StartUpPlan => ({ dataDir: path.join(tmp, "data"), appEntry: APP, ports: [], ...over });

describe("checkStartUp", () => {
  it("names every taken port, with its role and variable, in one error", async () => {
    const [a, b] = [await listening(), await listening()];
    try {
      const pa = (a.address() as net.AddressInfo).port;
      const pb = (b.address() as net.AddressInfo).port;
      const free = await freePort();
      const ports = [
        { role: "Functions host", port: pa, setting: "AILZ_HOST_PORT" },
        { role: "notification sink", port: free, setting: "AILZ_SINK_PORT" },
        { role: "Azurite table", port: pb, setting: "AILZ_AZURITE_TABLE_PORT" },
        { role: "ARM emulator", port: 0, setting: "AILZ_EMULATOR_PORT" },
      ];
      const err = (await checkStartUp(plan({ ports })).catch((e: Error) => e)) as Error;
      expect(err.message.split("\n")).toEqual([
        "2 ports are already in use:",
        `  Port ${pa} (Functions host, AILZ_HOST_PORT) is already in use. Stop whatever is listening there or set AILZ_HOST_PORT to a free port.`,
        `  Port ${pb} (Azurite table, AILZ_AZURITE_TABLE_PORT) is already in use. Stop whatever is listening there or set AILZ_AZURITE_TABLE_PORT to a free port.`,
      ]);
    } finally {
      a.close();
      b.close();
    }
  });

  it("refuses two parts on one port, naming both variables", async () => {
    const ports = [
      { role: "Azurite blob", port: 10000, setting: "AILZ_AZURITE_BLOB_PORT" },
      { role: "Azurite queue", port: 10000, setting: "AILZ_AZURITE_QUEUE_PORT" },
    ];
    await expect(checkStartUp(plan({ ports }))).rejects.toThrow("AILZ_AZURITE_BLOB_PORT and AILZ_AZURITE_QUEUE_PORT are both 10000");
  });

  it("refuses a missing app entry or estate file and a data folder that is a file", async () => {
    await expect(checkStartUp(plan({ appEntry: path.join(tmp, "nope.ts") }))).rejects.toThrow(/^AILZ_APP_ENTRY: no such file/);
    await expect(checkStartUp(plan({ estateFile: path.join(tmp, "estate.json") }))).rejects.toThrow(/^AILZ_ESTATE: no such file/);
    const file = path.join(tmp, "a-file");
    fs.writeFileSync(file, "");
    await expect(checkStartUp(plan({ dataDir: file }))).rejects.toThrow(`AILZ_DATA_DIR: ${file} exists and is not a directory`);
  });

  it("passes a valid plan and writes nothing", async () => {
    await checkStartUp(plan({ policyFile: path.resolve(__dirname, "../../guardrails.yaml"), ports: [{ role: "Functions host", port: await freePort(), setting: "AILZ_HOST_PORT" }] }));
    expect(fs.existsSync(path.join(tmp, "data"))).toBe(false);
  });
});
