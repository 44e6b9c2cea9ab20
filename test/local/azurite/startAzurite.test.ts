import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TableClient } from "@azure/data-tables";
import { afterEach, describe, expect, it } from "vitest";
import { startAzurite, type Azurite } from "../../../local/azurite/startAzurite";
import { freePorts } from "../../support/freePort";

const running: Azurite[] = [];
afterEach(async () => {
  for (const a of running.splice(0)) await a.stop();
});

/** Starts Azurite on free ports, stores one entity, stops it; answers what its folder holds afterwards. */
async function storeOneAndStop(inMemory: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-azurite-mode-"));
  const [blob, queue, table] = await freePorts(3);
  const azurite = await startAzurite({ dataDir, ports: { blob: blob!, queue: queue!, table: table! }, inMemory });
  running.push(azurite);
  const client = TableClient.fromConnectionString(azurite.connectionString, "Kept", { allowInsecureConnection: true });
  await client.createTable();
  await client.createEntity({ partitionKey: "p", rowKey: "r", Value: "v" });
  expect((await client.getEntity<{ Value: string }>("p", "r")).Value).toBe("v");
  await azurite.stop();
  running.splice(running.indexOf(azurite), 1);
  const files = fs.readdirSync(azurite.location);
  fs.rmSync(dataDir, { recursive: true, force: true });
  return files;
}

describe("startAzurite", () => {
  it("keeps its tables under the data folder by default, and writes nothing there in memory mode", async () => {
    expect(await storeOneAndStop(false)).toContain("__azurite_db_table__.json");
    expect(await storeOneAndStop(true)).toEqual([]);
  });
});
