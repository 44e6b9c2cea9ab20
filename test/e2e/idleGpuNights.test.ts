import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoHistory } from "../../local/demo/seedHistory";
import { createAzureActions } from "../../shared/actions/createAzureActions";
import { createLocalAzureClients } from "../../local/azure/createLocalAzureClients";
import { createStores } from "../../shared/store/createStores";
import { ids } from "../support/demoExpectations";
import { demoSlice } from "../support/demoSlice";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";
import { asPerson, asPlatformAdmin } from "../support/appAuth";
import { sweepReport } from "../support/sweepReport";

// idleGpuCompute in enforce through the real sweep (local host, durable backend, emulator with
// its workload-profile metrics) on the demo estate's GPU subscriptions, over four nights at 03:00
// inside the policy's off-hours window: a dry run first, then the stopped A100 deallocated and
// the warm AML cluster's minimum dropped to 0 on night 0, the idle dev A100 and the idle sandbox
// T4 noticed on night 0 and deallocated when their grace is over unless the owner kept them, the
// busy H100 left alone, and a further night that changes nothing.

const KEYS = ["analytics-dev", "sbx-bob", "fraud-ml-prod", "ml-training-prod"] as const;
const GRACE = 2;

let world: LocalProcess;
let start: Date;
let actions: ReturnType<typeof createAzureActions>;
const api = (p: string, init?: RequestInit) => fetch(`${world.hostUrl}/api/${p}${p.includes("?") ? "&" : "?"}code=${world.functionKey}`, { ...init, headers: { ...asPlatformAdmin(), ...(init?.headers as Record<string, string> | undefined) } });
const runSweep = (dryRun = false) => sweepReport(api, dryRun);
const emu = (p: string, init?: RequestInit) => fetch(`${world.emulatorUrl}/_emulator/${p}`, { ...init, headers: { "content-type": "application/json" } });
const nightAt = (k: number) => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1 + k, 3, 0));
const dateOf = (d: Date) => d.toISOString().slice(0, 10);


async function night(k: number): Promise<{ real: any }> {
  expect((await emu("clock", { method: "PUT", body: JSON.stringify({ now: nightAt(k).toISOString() }) })).status).toBe(200);
  return { real: await runSweep() };
}

/** The emulator's estate without what time alone changes (cost accrual and its watermark). */
async function estateText(): Promise<string> {
  const { costRecords: _c, accrual: _a, ...rest } = (await (await emu("estate")).json()) as Record<string, unknown>;
  return JSON.stringify(rest);
}

const gpuItems = (report: any) => (report.items as any[]).filter((i) => i.guardrail === "idleGpuCompute");
const itemOn = (report: any, id: string) => gpuItems(report).find((i) => i.resourceId.toLowerCase() === id.toLowerCase());
const sinkText = async () => JSON.stringify(((await (await fetch(`${world.sinkUrl}/messages?channel=webhook`)).json()) as { messages: unknown[] }).messages);

beforeAll(async () => {
  start = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-idlegpu-e2e-"));
  const policyText = fs
    .readFileSync(path.join(__dirname, "../../guardrails.yaml"), "utf8")
    .replace(/(\n  idleGpuCompute:\n    mode:) dryRun\n    params: \{ /, `$1 enforce\n    params: { graceDays: ${GRACE}, offHours: { from: 1, to: 6 }, `);
  expect(policyText).toContain("mode: enforce\n    params: { graceDays: 2");
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), policyText);
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(demoSlice(start, KEYS)));
  world = await spawnLocal({ estate: path.join(dir, "estate.json"), env: { AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml") } });
  await seedDemoHistory(createStores({ connectionString: world.storageConnectionString }), start);
  actions = createAzureActions(createLocalAzureClients(world.emulatorUrl!, { AILZ_ARM_RETRY_DELAY_MS: "20" }));
}, 180_000);
afterAll(async () => world?.stop());

describe("idle GPU compute over sweep nights", () => {
  it("dry run says would deallocate; enforce deallocates stopped VMs and idle dev/sandbox VMs after the grace unless kept, drops the AML minimum, and does nothing twice", async () => {
    const due = dateOf(new Date(nightAt(0).getTime() + GRACE * 86_400_000));

    // Night 0, a dry run at 01:00 (before the 02:00 timer starts the night's sweep): every rule reported, nothing changed.
    expect((await emu("clock", { method: "PUT", body: JSON.stringify({ now: new Date(nightAt(0).getTime() - 2 * 3_600_000).toISOString() }) })).status).toBe(200);
    const before = await estateText();
    const dry = await runSweep(true);
    expect(dry.dryRun).toBe(true);
    expect(await estateText()).toBe(before);
    expect(itemOn(dry, ids.analyticsIdleA100)?.reason).toContain(`would deallocate on ${due} unless kept`);
    expect(itemOn(dry, ids.bobT4)?.reason).toMatch(/idle by CPU and network/);
    expect(itemOn(dry, ids.analyticsStoppedA100)?.outcome).toBe("wouldDo");
    expect(itemOn(dry, ids.fraudWarmCluster)?.outcome).toBe("wouldDo");
    expect(itemOn(dry, ids.trainH100)).toBeUndefined();

    const n0 = await night(0);
    // Night 0, enforce: stopped-not-deallocated and the warm cluster are acted on at once.
    expect(itemOn(n0.real, ids.analyticsStoppedA100)?.outcome).toBe("done");
    expect(itemOn(n0.real, ids.fraudWarmCluster)?.outcome).toBe("done");
    expect(await actions.vmPowerState(ids.analyticsStoppedA100)).toBe("deallocated");
    expect(await actions.amlMinNodes(ids.fraudWarmCluster)).toBe(0);
    // The idle ones get a notice, not an action.
    for (const id of [ids.analyticsIdleA100, ids.bobT4]) {
      expect(itemOn(n0.real, id)?.reason).toContain(`would deallocate on ${due} unless kept`);
      expect(await actions.vmPowerState(id)).toBe("running");
    }
    expect(await actions.vmPowerState(ids.trainH100)).toBe("running");
    expect(await sinkText()).toContain(`would deallocate on ${due} unless kept`);
    expect(await estateText()).not.toBe(before);
    // The morning report carries the GPU utilisation section, per subscription.
    const md = await (await api(`reports/${dateOf(nightAt(0))}?format=md`)).text();
    expect(md).toContain("## GPU utilisation");
    expect(md).toMatch(/\| corp-analytics-dev \(\S+\) \| 112 \| 24 \| /);
    expect(md).toMatch(/\| corp-ml-training-prod \(\S+\) \| 256 \| 192 \| (8|9)\d(\.\d)?% \(1 of 2 measured\) \| 0 h of 2 × 72 h \| 0 USD \|/);
    // And the GPU spend by team, one line per cost-center with GPU compute.
    const json = (await (await api(`reports/${dateOf(nightAt(0))}?format=json`)).json()) as { gpuByTeam: Array<{ team: string; monthlyCost: number }> };
    expect(json.gpuByTeam.length).toBeGreaterThan(0);
    expect(md).toContain("## GPU spend by team (cost-center)");
    for (const t of json.gpuByTeam) expect(md).toContain(`| ${t.team} |`);

    // bob keeps his T4 running; only the owner (or an Approver) may, and not beyond maxKeepDays.
    const keep = (who: string, until: string) =>
      api("idle-gpu-compute/keep", { method: "POST", headers: asPerson(who), body: JSON.stringify({ resourceId: ids.bobT4, until, reason: "demo for the vision review next week" }) });
    // The emulator's clock runs ahead of the host's wall clock; the route checks dates against the host's.
    expect((await keep("sara", dateOf(new Date(Date.now() + 10 * 86_400_000)))).status).toBe(403);
    const tooLong = await keep("bob", dateOf(new Date(Date.now() + 200 * 86_400_000)));
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as any).error.field).toBe("until");
    const kept = await keep("bob", dateOf(new Date(Date.now() + 10 * 86_400_000)));
    expect(kept.status, await kept.clone().text()).toBe(201);
    expect(((await kept.json()) as any).by).toBe("bob@contoso.com");

    // Night 1: inside the grace, nothing deallocated.
    const n1 = await night(1);
    expect(itemOn(n1.real, ids.analyticsIdleA100)?.reason).toContain(`would deallocate on ${due}`);
    expect(await actions.vmPowerState(ids.analyticsIdleA100)).toBe("running");
    expect(itemOn(n1.real, ids.analyticsStoppedA100)).toBeUndefined();
    expect(itemOn(n1.real, ids.fraudWarmCluster)?.outcome ?? "ok").not.toBe("done");

    // Night 2 (the due date): the unkept A100 is deallocated; bob's kept T4 keeps running.
    const n2 = await night(GRACE);
    expect(itemOn(n2.real, ids.analyticsIdleA100)?.outcome).toBe("done");
    expect(await actions.vmPowerState(ids.analyticsIdleA100)).toBe("deallocated");
    expect(itemOn(n2.real, ids.bobT4)?.outcome).toBe("exempt");
    expect(await actions.vmPowerState(ids.bobT4)).toBe("running");
    expect(await actions.vmPowerState(ids.trainH100)).toBe("running");

    // Nights 3 and 4: nothing left to do, nothing done twice (night 3 closes the findings of what was acted on).
    const n3 = await night(GRACE + 1);
    expect(gpuItems(n3.real).filter((i) => i.outcome === "done")).toEqual([]);
    const settled = await estateText();
    const n4 = await night(GRACE + 2);
    expect(gpuItems(n4.real).filter((i) => i.outcome === "done")).toEqual([]);
    expect(await estateText()).toBe(settled);
  }, 600_000);
});
