import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { makeToken } from "../../local/arm/tokens";
import { LOCAL_IDENTITY_OBJECT_ID } from "../../shared/azure/azureConfig";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { asPlatformAdmin } from "../support/appAuth";

// The first night of the real sweep over resource-group sandboxes that ailz has never seen a
// write in (events not wired: ailz deployed onto an existing estate). Resource Graph rows carry no
// change times; the sweep reads the `resourcechanges` table (one query per batch) that the
// emulator fills as ARM writes happen, so it knows each sandbox's last write from night one.

const TENANT = "7a11ce00-0000-4000-8000-000000000001";
const CORP = "c0c0c0c0-0000-4000-8000-0000000e0101";
const DAY = 86_400_000;
const rgId = (rg: string) => `/subscriptions/${CORP}/resourceGroups/${rg}`;
const SANDBOX_TAGS = { "ailz-sandbox": "true", owner: "dana@contoso.com" };
const person = makeToken({ oid: "1a2b3c4d-0000-4000-8000-00000000d001", upn: "dana@contoso.com", name: "Dana Lopez", idtyp: "user" });
const ailz = makeToken({ oid: LOCAL_IDENTITY_OBJECT_ID, appid: LOCAL_IDENTITY_OBJECT_ID, idtyp: "app" });

let world: LocalProcess;
let start: number;
const api = (p: string, init?: RequestInit) => fetch(`${world.hostUrl}/api/${p}${p.includes("?") ? "&" : "?"}code=${world.functionKey}`, { ...init, headers: { ...asPlatformAdmin(), ...(init?.headers as Record<string, string> | undefined) } });
const emu = (p: string, init?: RequestInit) => fetch(`${world.emulatorUrl}/_emulator/${p}`, { ...init, headers: { "content-type": "application/json" } });
const clockTo = async (ms: number) => expect((await emu("clock", { method: "PUT", body: JSON.stringify({ now: new Date(ms).toISOString() }) })).status).toBe(200);
async function arm(method: string, id: string, body: unknown, token: string, apiVersion: string) {
  const res = await fetch(`${world.emulatorUrl}${id}?api-version=${apiVersion}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, await res.text()).toBeLessThan(300);
}
/** A sandbox group with a storage account in it, written by the person at the current emulator time. */
async function sandbox(rg: string) {
  await arm("PUT", rgId(rg), { location: "eastus2", tags: SANDBOX_TAGS }, person, "2024-03-01");
  await arm("PUT", `${rgId(rg)}/providers/Microsoft.Storage/storageAccounts/st${rg.replace(/[^a-z0-9]/g, "")}`, { location: "eastus2", kind: "StorageV2", sku: { name: "Standard_LRS" }, properties: {} }, person, "2023-05-01");
}

beforeAll(async () => {
  start = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-first-night-"));
  const mg = (name: string, parent: string) => ({ name, displayName: name, parent });
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify({
    version: 1,
    tenantId: TENANT,
    managementGroups: [mg("alz", TENANT), mg("landingzones", "alz"), mg("corp", "landingzones"), mg("online", "landingzones"), mg("sandbox", "alz"), mg("decommissioned", "alz"), mg("platform", "alz")],
    subscriptions: [{ subscriptionId: CORP, displayName: "corp-research", managementGroupId: "corp", tags: { owner: "research@contoso.com" } }],
    // Made before ailz and never written since: no change record at all.
    resourceGroups: [{ id: rgId("rg-sbx-seeded"), name: "rg-sbx-seeded", type: "Microsoft.Resources/resourceGroups", location: "eastus2", tags: SANDBOX_TAGS }],
    resources: [],
    quotaGroups: [{ managementGroupId: "alz", name: "gpu-pool", displayName: "GPU pool", limits: [{ location: "eastus2", family: "standardNCADSA100v4Family", limit: 96 }], allocations: [] }],
  }));
  const doc = parseDocument(fs.readFileSync(path.join(__dirname, "../../guardrails.yaml"), "utf8"));
  doc.setIn(["guardrails", "sandboxLifecycle", "mode"], "enforce");
  // Only the sweep this test starts runs (the nightly timer would fire as the clock jumps days): Feb 29 at 02:00.
  doc.setIn(["sweep", "schedule"], "0 0 2 29 2 *");
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), doc.toString());
  world = await spawnLocal({ estate: path.join(dir, "estate.json"), env: { AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml"), AILZ_WIRE_EVENTS: "false" } });
}, 180_000);
afterAll(async () => world?.stop());

describe("first night of the sweep: sandbox activity from Resource Graph's change records", () => {
  it("flags the idle sandboxes on night one and leaves the recently written one, in one resourcechanges query", async () => {
    await sandbox("rg-sbx-old");
    await clockTo(start + 17 * DAY);
    // ailz's own write (a tag) is not activity.
    await arm("PATCH", `${rgId("rg-sbx-old")}/providers/Microsoft.Resources/tags/default`, { operation: "Merge", properties: { tags: { "cost-center": "cc-7" } } }, ailz, "2024-03-01");
    await sandbox("rg-sbx-recent");
    await clockTo(start + 20 * DAY);
    expect((await emu("counters", { method: "DELETE" })).status).toBeLessThan(300);

    const r = await api("sweeps", { method: "POST" });
    const { id } = (await r.json()) as { id: string };
    let status: any;
    for (let i = 0; i < 600 && status?.runtimeStatus !== "Completed"; i++) {
      const s = await api(`sweeps/${id}`);
      if (s.status === 200) status = await s.json();
      if (status?.runtimeStatus === "Failed") throw new Error(JSON.stringify(status));
      await new Promise((res) => setTimeout(res, 200));
    }
    expect(status?.runtimeStatus).toBe("Completed");

    const findings = ((await (await api(`findings?status=open&guardrail=sandboxLifecycle&subscription=${CORP}`)).json()) as { value: any[] }).value;
    const on = (rg: string) => findings.filter((f) => f.resourceId.toLowerCase() === rgId(rg).toLowerCase());
    // Last written 20 days ago (ailz's tag three days ago does not count): older than the 14-day change history.
    expect(on("rg-sbx-old").map((f) => f.rule)).toEqual(["inactive"]);
    expect(on("rg-sbx-old")[0].reason).toContain("no activity for at least 14 days");
    expect(on("rg-sbx-seeded").map((f) => f.rule)).toEqual(["inactive"]);
    // Written three days ago: active, not flagged.
    expect(on("rg-sbx-recent")).toEqual([]);

    const tags = async (rg: string) => ((await (await fetch(`${world.emulatorUrl}${rgId(rg)}?api-version=2024-03-01`, { headers: { authorization: `Bearer ${person}` } })).json()) as { tags?: Record<string, string> }).tags ?? {};
    expect((await tags("rg-sbx-old"))["ailz-flagged"]).toBeDefined();
    expect((await tags("rg-sbx-recent"))["ailz-flagged"]).toBeUndefined();

    const counters = (await (await emu("counters")).json()) as Record<string, number> | { value: Record<string, number> };
    const byName = "value" in counters && typeof counters.value === "object" ? (counters.value as Record<string, number>) : (counters as Record<string, number>);
    expect(byName["resourceGraph.resourcechanges"]).toBe(1);
  }, 120_000);
});
