import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnEmulator, type EmulatorProcess } from "../../../bench/support/spawnEmulator";
import { makeToken } from "../../../local/arm/tokens";
import { buildDemoEstate } from "../../../local/demo/buildDemoEstate";
import { estate } from "../../functions/support/eventsWorld";

// An acknowledged write survives a crash: the emulator (its own process, a data dir) answers a
// PUT only once the state is on disk, so a SIGKILL right after the 2xx loses nothing and the
// restarted emulator on the same data dir serves the resource. No wait between answer and kill.

const SUB = "c0c0c0c0-0000-4000-8000-0000000e0001";
let dir: string;
const running: EmulatorProcess[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-durable-"));
});
afterAll(async () => {
  for (const p of running) await p.kill().catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(estateFile: string, dataDir: string): Promise<EmulatorProcess> {
  const p = await spawnEmulator(estateFile, 120_000, { dataDir });
  running.push(p);
  return p;
}

const auth = { authorization: `Bearer ${makeToken({ oid: "0a0a0a0a-0000-4000-8000-000000000001", upn: "admin@contoso.com", idtyp: "user" })}` };
const put = (url: string, id: string, body: unknown) => fetch(`${url}${id}?api-version=2024-07-01`, { method: "PUT", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify(body) });
const get = (url: string, id: string) => fetch(`${url}${id}?api-version=2024-07-01`, { headers: auth });

describe("durable writes", () => {
  it("a PUT answered 2xx is still there after a SIGKILL straight after the answer (20 times in a row)", async () => {
    const estateFile = path.join(dir, "estate.json");
    fs.writeFileSync(estateFile, JSON.stringify(estate()));
    const dataDir = path.join(dir, "data");
    let emu = await start(estateFile, dataDir);
    for (let i = 0; i < 20; i++) {
      const id = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stdurable${i}`;
      const res = await put(emu.url, id, { location: "eastus2", kind: "StorageV2", sku: { name: "Standard_LRS" }, tags: { n: String(i) } });
      expect(res.status, await res.text()).toBeLessThan(300);
      await emu.kill();
      emu = await start(estateFile, dataDir);
      const got = await get(emu.url, id);
      expect(got.status, `write ${i} lost by the SIGKILL`).toBe(200);
      expect(((await got.json()) as { tags: Record<string, string> }).tags.n).toBe(String(i));
    }
    // Writes before the last ones are there too, and a delete is as durable as a put.
    const first = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stdurable0`;
    expect((await get(emu.url, first)).status).toBe(200);
    const del = await fetch(`${emu.url}${first}?api-version=2024-07-01`, { method: "DELETE", headers: auth });
    expect(del.status).toBeLessThan(300);
    await emu.kill();
    emu = await start(estateFile, dataDir);
    expect((await get(emu.url, first)).status).toBe(404);
  }, 300_000);

  it("a write to the demo estate costs a save of milliseconds, not of its 30 MB of cost records", async () => {
    const estateFile = path.join(dir, "demo.json");
    fs.writeFileSync(estateFile, JSON.stringify(buildDemoEstate(new Date("2026-06-01T00:00:00Z"))));
    const emu = await start(estateFile, path.join(dir, "demo-data"));
    // The 2xx of the first write waits for the first save (the cost records' file included).
    const demoSub = JSON.parse(fs.readFileSync(estateFile, "utf8")).subscriptions[0].subscriptionId as string;
    const id = (i: number) => `/subscriptions/${demoSub}/resourceGroups/rg-durable/providers/Microsoft.Storage/storageAccounts/stdemo${i}`;
    await fetch(`${emu.url}/subscriptions/${demoSub}/resourceGroups/rg-durable?api-version=2024-07-01`, { method: "PUT", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ location: "eastus2" }) });
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      const res = await put(emu.url, id(i), { location: "eastus2", kind: "StorageV2", sku: { name: "Standard_LRS" } });
      times.push(performance.now() - t);
      expect(res.status).toBeLessThan(300);
    }
    times.sort((a, b) => a - b);
    const median = times[5]!;
    process.stdout.write(`durable write to the demo estate: median ${median.toFixed(1)} ms, max ${times[9]!.toFixed(1)} ms\n`);
    expect(median).toBeLessThan(500);
    // Durable there too (not the big-estate fallback): the last write survives a SIGKILL.
    await emu.kill();
    const again = await start(estateFile, path.join(dir, "demo-data"));
    expect((await get(again.url, id(9))).status).toBe(200);
    const costs = JSON.parse(fs.readFileSync(path.join(dir, "demo-data", "estate.costs.json"), "utf8")) as { costRecords: unknown[] };
    expect(costs.costRecords.length).toBeGreaterThan(1000);
  }, 300_000);
});
