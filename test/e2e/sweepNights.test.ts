import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTIONS, FAMILY, subId } from "../../local/demo/demoIds";
import { createStores } from "../../shared/store/createStores";
import { seedDemoHistory, demoHistory } from "../../local/demo/seedHistory";
import { createAzureActions } from "../../shared/actions/createAzureActions";
import { createLocalAzureClients } from "../../local/azure/createLocalAzureClients";
import { quotaReclaimId } from "../../shared/estate/QuotaReclaimState";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { demoSlice } from "../support/demoSlice";
import { asPerson, asPlatformAdmin } from "../support/appAuth";

// 45 nights of the real sweep through the local host, the durable backend and the emulator on a
// compact slice of the Contoso demo estate (6 subscriptions), with its 45 days of ailz history.
// Each night the clock moves to 03:00 (the 02:00 timer starts the night's sweep), we POST
// /api/sweeps (which must not start a second one) and wait for it; then we read the emulator.

const DAY = 86_400_000;
const NIGHTS = 45;
const KEYS = ["doc-intel-dev", "analytics-dev", "fraud-ml-prod", "sbx-alice", "sbx-carol", "sbx-dave"] as const;
const sub = (key: string) => subId(DEMO_SUBSCRIPTIONS.find((s) => s.key === key)!.n);

let world: LocalProcess;
let start: Date;
let actions: ReturnType<typeof createAzureActions>;
let stores: ReturnType<typeof createStores>;
const api = (p: string, init?: RequestInit) => fetch(`${world.hostUrl}/api/${p}${p.includes("?") ? "&" : "?"}code=${world.functionKey}`, { ...init, headers: { ...asPlatformAdmin(), ...(init?.headers as Record<string, string> | undefined) } });
const emu = (p: string, init?: RequestInit) => fetch(`${world.emulatorUrl}/_emulator/${p}`, { ...init, headers: { "content-type": "application/json" } });
const nightAt = (k: number) => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1 + k, 3, 0));
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

async function setClock(at: Date) {
  const r = await emu("clock", { method: "PUT", body: JSON.stringify({ now: at.toISOString() }) });
  expect(r.status).toBe(200);
}

async function waitSweep(id: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const r = await api(`sweeps/${id}`);
    if (r.status === 200) {
      const s = (await r.json()) as any;
      if (s.runtimeStatus === "Completed") return s;
      if (s.runtimeStatus === "Failed") throw new Error(`sweep ${id} failed: ${JSON.stringify(s)}`);
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`sweep ${id} did not complete`);
}

async function runSweep(dryRun = false): Promise<{ id: string; started: boolean; status: any }> {
  const r = await api(`sweeps${dryRun ? "?dryRun=true" : ""}`, { method: "POST" });
  const text = await r.text();
  expect([200, 202], text + world.output().slice(-3000)).toContain(r.status);
  const body = JSON.parse(text) as { id: string; started: boolean };
  return { ...body, status: await waitSweep(body.id) };
}

async function sinkMessages(): Promise<any[]> {
  return ((await (await fetch(`${world.sinkUrl}/messages?channel=webhook`)).json()) as { messages: any[] }).messages;
}

async function estateText(): Promise<string> {
  const text = await (await emu("estate")).text();
  // Cost accrual and the clock are not changes a sweep makes.
  return text.split("\n").map((l) => l.replace(/"costRecords":\[[^\]]*\],?/, "")).join("\n");
}

const flaggedTag = async (id: string) => (await actions.getTags(id))["ailz-flagged"];
/** The subscription's parent management group, as the emulator holds it. */
async function parentOf(s: string): Promise<string | undefined> {
  const estate = (await (await emu("estate")).json()) as { subscriptions?: { subscriptionId: string; managementGroupId?: string }[] };
  return (estate.subscriptions ?? []).find((x) => x.subscriptionId.toLowerCase() === s)?.managementGroupId;
}
const allocation = async (key: string, family: string) => (await actions.quotaAllocation({ managementGroupId: "alz", name: "gpu-pool" }, sub(key), "eastus2", family))?.limit;

beforeAll(async () => {
  start = new Date();
  const slice = demoSlice(start, KEYS);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-sweep-e2e-"));
  const policyText = fs
    .readFileSync(path.join(__dirname, "../../guardrails.yaml"), "utf8")
    .replace(/(\n  (idleGpuQuota|sandboxLifecycle|budgetAlerts):\n    mode:) dryRun/g, "$1 enforce");
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), policyText);
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(slice));
  world = await spawnLocal({ estate: path.join(dir, "estate.json"), env: { AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml") } });
  stores = createStores({ connectionString: world.storageConnectionString });
  await seedDemoHistory(stores, start);
  const clients = createLocalAzureClients(world.emulatorUrl!, { AILZ_ARM_RETRY_DELAY_MS: "20" });
  actions = createAzureActions(clients);
}, 180_000);
afterAll(async () => world?.stop());

describe("45 nights of the sweep through the local host and the emulator", () => {
  it("flags and decommissions on the exact nights, reclaims after the grace period, fires thresholds once, honours extend/keep, dry run and faults", async () => {
    const history = demoHistory(start).sandboxActivity;
    const lastActivity = (key: string) => Date.parse(history.find((a) => a.sandboxId === `/subscriptions/${sub(key)}`)!.at);
    const firstNight = (from: number, days: number, since: number) => Array.from({ length: NIGHTS }, (_, k) => k).find((k) => k >= from && nightAt(k).getTime() - since >= days * DAY)!;

    const flaggedOn: Record<string, number[]> = {};
    const decommissionedOn: Record<string, number> = {};
    const doc: (number | undefined)[] = [];
    const analytics: (number | undefined)[] = [];
    const byNight: any[][] = [];
    const readAt: number[] = [];
    const reclaimOf = async (key: string, family: string) => (await stores.quotaReclaims.get(quotaReclaimId(sub(key), "eastus2", family)))?.value as any;
    const daveId = `/subscriptions/${sub("sbx-dave")}`;
    const daveExpiresOn = (await actions.getTags(daveId))["expires-on"]!;
    let daveBeforeExpiry: any;
    let extendedAt = 0;
    let keepStatus = 0;
    let seen = 0;
    let dryRunChecked = false;

    for (let k = 0; k < NIGHTS; k++) {
      if (k === 20) {
        // A dry run before the night's real sweep: same decisions, nothing changed in the emulator.
        await setClock(new Date(nightAt(k).getTime() - 2 * 3_600_000));
        const before = await estateText();
        const dry = await runSweep(true);
        expect(dry.id).toBe(`${dateOf(nightAt(k))}-dryrun`);
        expect(await estateText()).toBe(before);
        (globalThis as any).dryReport = (await (await api(`reports/${dateOf(nightAt(k))}?dryRun=true&format=json`)).json()) as any;
        // Faults tonight: a 429 storm on Resource Graph and 503s on budgets; nothing lost or doubled.
        expect((await emu("faults", { method: "POST", body: JSON.stringify({ pathPattern: "Microsoft.ResourceGraph/resources", status: 429, retryAfter: 1, count: 4 }) })).status).toBeLessThan(300);
        expect((await emu("faults", { method: "POST", body: JSON.stringify({ pathPattern: "Microsoft.Consumption/budgets", status: 503, count: 3 }) })).status).toBeLessThan(300);
      }
      await setClock(nightAt(k));
      const night = await runSweep();
      expect(night.id).toBe(dateOf(nightAt(k)));
      expect(night.status.progress.failedBatches).toEqual([]);
      if (k === 20) {
        const real = (await (await api(`reports/${dateOf(nightAt(k))}?format=json`)).json()) as any;
        const key = (i: any) => `${i.guardrail}|${i.rule}|${i.resourceId.toLowerCase()}`;
        const dry = (globalThis as any).dryReport;
        expect(dry.dryRun).toBe(true);
        expect(new Set(dry.items.map(key))).toEqual(new Set(real.items.map(key)));
        dryRunChecked = true;
      }
      if (k === 0 || k === 5) {
        // The same night again: no second sweep, no second action.
        const writes = await estateText();
        const again = await runSweep();
        expect(again.started).toBe(false);
        expect(await estateText()).toBe(writes);
      }

      for (const key of ["sbx-alice", "sbx-carol", "sbx-dave"]) {
        if (decommissionedOn[key] === undefined && (await parentOf(sub(key))) === "decommissioned") decommissionedOn[key] = k;
        if (await flaggedTag(`/subscriptions/${sub(key)}`)) (flaggedOn[key] ??= []).push(k);
      }
      doc.push(await allocation("doc-intel-dev", FAMILY.a100));
      analytics.push(await allocation("analytics-dev", FAMILY.t4));
      readAt.push(Date.parse(((await (await emu("clock")).json()) as { now: string }).now));
      if (decommissionedOn["sbx-dave"] === undefined) daveBeforeExpiry = (await stores.sandboxState.get(daveId.toLowerCase()))?.value;

      if (k === 3) {
        // Only the owner (dave, by the owner tag) or an Approver may extend; who extends is the
        // signed-in caller, never a body field.
        const asOmar = { headers: asPerson("omar") };
        const notOwner = await api(`sandboxes/${sub("sbx-dave")}/extend`, { method: "POST", body: "{}", ...asOmar });
        expect(notOwner.status).toBe(403);
        expect(((await notOwner.json()) as any).error.message).toContain("dave@contoso.com");
        const claimed = await api(`sandboxes/${sub("sbx-dave")}/extend`, { method: "POST", body: JSON.stringify({ by: "dave@contoso.com" }), ...asOmar });
        expect(claimed.status).toBe(400);
        expect(((await claimed.json()) as any).error.field).toBe("by");
        const r = await api(`sandboxes/${sub("sbx-dave")}/extend`, { method: "POST", body: "{}", headers: asPerson("dave") });
        expect(r.status).toBe(200);
        extendedAt = Date.parse(((await r.json()) as any).lastActivityAt);
        expect(await flaggedTag(`/subscriptions/${sub("sbx-dave")}`)).toBeUndefined();
      }
      if (k === 1) {
        const id = quotaReclaimId(sub("analytics-dev"), "eastus2", FAMILY.t4);
        const keep = (headers: Record<string, string>, body: unknown) => api(`quota-reclaims/${encodeURIComponent(id)}/keep`, { method: "POST", body: JSON.stringify(body), headers });
        const spoofed = await keep(asPerson("omar"), { reason: "notebook season starts next week", by: "platform.lead@contoso.com" });
        expect(spoofed.status).toBe(400);
        expect(((await spoofed.json()) as any).error.field).toBe("by");
        expect((await keep(asPerson("omar"), { reason: "notebook season starts next week" })).status).toBe(403);
        // sara owns analytics-dev (its owner tag).
        const r = await keep(asPerson("sara"), { reason: "notebook season starts next week" });
        keepStatus = r.status;
      }
      const all = await sinkMessages();
      byNight.push(all.slice(seen));
      seen = all.length;
    }

    // Sandboxes: carol and alice by their recorded activity, dave by his extension on night 3.
    const carolFlag = firstNight(0, 14, lastActivity("sbx-carol"));
    expect(flaggedOn["sbx-carol"]![0]).toBe(carolFlag);
    expect(decommissionedOn["sbx-carol"]).toBe(firstNight(carolFlag + 1, 30, lastActivity("sbx-carol")));
    const aliceFlag = firstNight(0, 14, lastActivity("sbx-alice"));
    expect(flaggedOn["sbx-alice"]![0]).toBe(aliceFlag);
    expect(decommissionedOn["sbx-alice"]).toBe(firstNight(aliceFlag + 1, 30, lastActivity("sbx-alice")));
    // The extension restarts dave's inactivity clock: flagged again 14 days after it, and his
    // inactivity decommission moves to 30 days after it. His `expires-on` date is a separate,
    // unconditional rule ("decommissioned at expiry") that an extension does not move, so he
    // goes on whichever night comes first.
    const daveFlag = firstNight(4, 14, extendedAt);
    expect(flaggedOn["sbx-dave"]!.filter((k) => k > 3)[0]).toBe(daveFlag);
    expect(daveBeforeExpiry?.lastActivityAt).toBe(new Date(extendedAt).toISOString());
    const daveInactive = firstNight(daveFlag + 1, 30, extendedAt);
    const daveExpiry = Array.from({ length: NIGHTS }, (_, k) => k).find((k) => nightAt(k).getTime() >= Date.parse(`${daveExpiresOn}T00:00:00Z`));
    const daveOut = Math.min(daveInactive ?? NIGHTS, daveExpiry ?? NIGHTS);
    expect(daveOut).toBeLessThan(NIGHTS);
    expect(decommissionedOn["sbx-dave"]).toBe(daveOut);
    expect((await stores.sandboxState.get(daveId.toLowerCase()))?.value).toMatchObject({ status: "Decommissioned", why: daveOut === daveExpiry ? "expired" : "inactive", lastActivityAt: new Date(extendedAt).toISOString() });
    const daveWithoutExtension = firstNight(1, 30, lastActivity("sbx-dave"));
    expect(decommissionedOn["sbx-dave"]).toBeGreaterThan(daveWithoutExtension);

    // Quota, use it or lose it: idle detected on a night -> owner notified -> 7-day durable timer
    // -> lowered to max(ceil(peak x 1.25), floor). The timer ends seconds after 03:00 seven nights
    // on, inside that night's own sweep, so that one night may read either limit; every read
    // before the grace ends shows the old limit, every night whose clock starts past it the new one.
    const params = { graceDays: 7, headroomFactor: 1.25, floor: 0 };
    const checkReclaim = (r: any, limits: (number | undefined)[]) => {
      expect(r).toMatchObject({ status: "Reclaimed", fromLimit: r?.limit, toLimit: Math.max(Math.ceil(r?.peakUsage * params.headroomFactor), params.floor) });
      const notifiedAt = Date.parse(r.notifiedAt);
      const graceEndsAt = Date.parse(r.graceEndsAt);
      expect(graceEndsAt - notifiedAt).toBe(params.graceDays * DAY);
      expect(Date.parse(r.reclaimedAt)).toBeGreaterThanOrEqual(graceEndsAt);
      limits.forEach((l, k) => {
        if (readAt[k]! < graceEndsAt) expect(l, `night ${k}`).toBe(r.fromLimit);
        if (nightAt(k).getTime() >= graceEndsAt) expect(l, `night ${k}`).toBe(r.toLimit);
      });
      return { notifiedAt, graceEndsAt };
    };
    const docReclaim = await reclaimOf("doc-intel-dev", FAMILY.a100);
    const docTimes = checkReclaim(docReclaim, doc);
    // Idle over the whole window in the seeded samples: noticed on the first night.
    expect(docTimes.notifiedAt).toBeGreaterThanOrEqual(nightAt(0).getTime());
    expect(docTimes.notifiedAt).toBeLessThan(nightAt(1).getTime());
    expect(doc.some((l) => l === docReclaim.toLimit)).toBe(true);

    // analytics' owner answered keep on night 1: the T4 allocation stays until the keep window
    // ends; the first sweep after that starts a new reclaim, and its grace runs in full.
    expect(keepStatus).toBe(202);
    const analyticsReclaim = await reclaimOf("analytics-dev", FAMILY.t4);
    expect(analyticsReclaim.keptAt).toBeDefined();
    const keptUntil = Date.parse(analyticsReclaim.keptUntil);
    expect(keptUntil).toBeGreaterThanOrEqual(nightAt(1).getTime() + 30 * DAY);
    analytics.forEach((l, k) => {
      if (readAt[k]! < keptUntil) expect(l, `night ${k}`).toBe(analytics[0]);
    });
    if (analyticsReclaim.status === "Reclaimed") {
      const t = checkReclaim(analyticsReclaim, analytics);
      expect(t.notifiedAt).toBeGreaterThanOrEqual(keptUntil);
      const firstAfter = Array.from({ length: NIGHTS }, (_, k) => k).find((k) => nightAt(k).getTime() >= keptUntil)!;
      expect(t.notifiedAt).toBeLessThan(nightAt(firstAfter + 1).getTime());
    } else {
      expect(analytics.every((l) => l === analytics[0]), `${analyticsReclaim.status} ${JSON.stringify(analytics)} kept until ${analyticsReclaim.keptUntil} reads ${JSON.stringify(readAt.map((t) => new Date(t!).toISOString().slice(0, 10)))}`).toBe(true);
    }

    // Budget thresholds: each (subscription, kind, threshold) once per month.
    const fires = byNight.flatMap((msgs, k) =>
      msgs.flatMap((m) => {
        const t = /^Budget (\d+)% (actual|forecasted): (\/subscriptions\/[^ ]+)$/.exec(String(m.title ?? ""));
        return t ? [{ k, key: `${dateOf(nightAt(k)).slice(0, 7)}|${t[3]}|${t[2]}|${t[1]}` }] : [];
      }),
    );
    const counts = new Map<string, number>();
    for (const f of fires) counts.set(f.key, (counts.get(f.key) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const fraud = `/subscriptions/${sub("fraud-ml-prod")}`;
    expect(fires.filter((f) => f.k === 0 && f.key.includes(`${fraud}|actual`)).map((f) => Number(f.key.split("|").pop())).sort((a, b) => a - b)).toEqual([50, 75, 90, 100]);

    // No message twice (faults on night 20 retried, reruns on nights 0 and 5).
    // A message is one title about one resource; budget titles recur in the next budget period.
    const keys = byNight.flatMap((msgs, k) => msgs.map((m) => `${m.body?.resourceId ?? ""}|${m.title}|${/^Budget /.test(String(m.title)) ? dateOf(nightAt(k)).slice(0, 7) : ""}`));
    expect(fires.length).toBeGreaterThan(0);
    expect(keys.length).toBe(new Set(keys).size);
    expect(dryRunChecked).toBe(true);
  }, 600_000);
});
