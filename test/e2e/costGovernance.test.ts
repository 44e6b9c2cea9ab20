import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalAzureClients } from "../../local/azure/createLocalAzureClients";
import { createAzureActions } from "../../shared/actions/createAzureActions";
import { queryCost } from "../../shared/azure/costManagement/queryCost";
import { asPerson } from "../support/appAuth";
import { asPlatformAdmin } from "../support/appAuth";
import { demoSlice, demoSub } from "../support/demoSlice";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";

// Cost governance on a slice of the demo estate, over nights that cross a month boundary on the
// shared clock: the real sweep through the local host and the emulator, budgetAlerts in enforce.
// Tag-group budgets: spend per cost-center value from the emulator's cost records (what Cost
// Management would answer), each actual threshold fired once per period, routed to the value's owners.
// Sandbox cost cap: the resource-group sandbox rg-sbx-nina-features gets an ailz-budget tag below
// its spend; a forced dry run reports the deallocation and changes nothing, the night's sweep
// deallocates its VM and records CostCapped, which holds until nina lifts it with a new cap.

const KEYS = ["genai-chat-prod", "fraud-ml-prod", "search-test", "recs-dev"] as const;
const NINA_RG = `/subscriptions/${demoSub("recs-dev")}/resourceGroups/rg-sbx-nina-features`;
/** The sandbox's VM, read from the slice. */
let NINA_VM: string;
/** Nights (days after the start) with a sweep: enough to cross thresholds and one month boundary. */
const NIGHTS = [1, 6, 11, 16, 21, 26, 31, 32, 36];
/** guardrails.yaml's cost-center budgets for the slice's values; cc-2600 gets an Azure budget below. */
const POLICY_BUDGETS: Record<string, number> = { "cc-2100": 30000, "cc-2400": 12000, "(untagged)": 3000 };
const AZURE_BUDGET = { value: "cc-2600", amount: 4000, contact: "search-finance@contoso.com" };
const ACTUAL = [50, 75, 90, 100];

let world: LocalProcess;
let start: Date;
let clients: ReturnType<typeof createLocalAzureClients>;
let actions: ReturnType<typeof createAzureActions>;
/** Reports by night, kept for the sandbox checks. */
const reports = new Map<number, any>();
const sandbox: { capNight?: number; dry?: any; powerAfterDry?: string; powerAfterCap?: string; stateAfter: Record<number, any>; noCap?: Response; lift?: Response; mtd?: number } = { stateAfter: {} };
const api = (p: string, init?: RequestInit) => fetch(`${world.hostUrl}/api/${p}${p.includes("?") ? "&" : "?"}code=${world.functionKey}`, { ...init, headers: { ...asPlatformAdmin(), ...(init?.headers as Record<string, string> | undefined) } });
const emu = (p: string, init?: RequestInit) => fetch(`${world.emulatorUrl}/_emulator/${p}`, { ...init, headers: { "content-type": "application/json" } });
const nightAt = (k: number) => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + k, 3, 0));
const day = (d: Date) => d.toISOString().slice(0, 10);

async function sweepAt(at: Date): Promise<any> {
  expect((await emu("clock", { method: "PUT", body: JSON.stringify({ now: at.toISOString() }) })).status).toBe(200);
  const r = (await (await api("sweeps", { method: "POST" })).json()) as { id: string };
  for (let i = 0; i < 900; i++) {
    const s = await api(`sweeps/${r.id}`);
    if (s.status === 200) {
      const status = (await s.json()) as any;
      if (status.runtimeStatus === "Completed") return (await api(`reports/${r.id}?format=json`)).json();
      if (status.runtimeStatus === "Failed") throw new Error(JSON.stringify(status));
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`sweep ${r.id} did not complete`);
}

const sink = async (): Promise<any[]> => ((await (await fetch(`${world.sinkUrl}/messages?channel=webhook`)).json()) as { messages: any[] }).messages;

/** Spend per value of `tag` on the days [from, to) from the emulator's own cost records. */
async function spendByTag(tag: string, from: string, to: string): Promise<Record<string, number>> {
  const estate = (await (await emu("estate")).json()) as { costRecords: { date: string; tags?: Record<string, string>; cost: number }[] };
  const out: Record<string, number> = {};
  for (const r of estate.costRecords) {
    if (r.date < from || r.date >= to) continue;
    const key = Object.keys(r.tags ?? {}).find((k) => k.toLowerCase() === tag);
    const v = key ? r.tags![key]! : "(untagged)";
    out[v] = (out[v] ?? 0) + r.cost;
  }
  return out;
}
/** Month-to-date spend per cost-center value on the night `at` (data lags a day). */
const spendByCostCenter = (at: Date) => spendByTag("cost-center", `${day(at).slice(0, 8)}01`, day(at));
/** The previous month's same days as the night's month to date. */
function previousDays(at: Date): [string, string] {
  const start = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1);
  const days = at.getUTCDate() - 1;
  const end = Math.min(start + days * 86_400_000, Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  return [new Date(start).toISOString().slice(0, 10), days === 0 ? new Date(start).toISOString().slice(0, 10) : new Date(end).toISOString().slice(0, 10)];
}
const attribution: Array<{ k: number; at: Date; report: any; cc: Record<string, number>; project: Record<string, number>; prevCc: Record<string, number> }> = [];

beforeAll(async () => {
  start = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-cost-governance-"));
  const policy = fs.readFileSync(path.join(__dirname, "../../guardrails.yaml"), "utf8").replace(/(\n  (budgetAlerts|sandboxLifecycle):\n    mode:) dryRun/g, "$1 enforce");
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), policy);
  const slice = demoSlice(start, KEYS);
  NINA_VM = slice.resources.find((r) => r.type === "Microsoft.Compute/virtualMachines" && r.id.toLowerCase().startsWith(`${NINA_RG.toLowerCase()}/`))!.id;
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(slice));
  world = await spawnLocal({ estate: path.join(dir, "estate.json"), env: { AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml") } });
  // Finance's own budget for one cost center, at the root management group, filtered to the tag value.
  clients = createLocalAzureClients(world.emulatorUrl!, { AILZ_ARM_RETRY_DELAY_MS: "20" });
  actions = createAzureActions(clients);
  await clients.consumption(demoSub("search-test")).budgets.createOrUpdate("providers/Microsoft.Management/managementGroups/alz", "cc-2600-monthly", {
    category: "Cost",
    amount: AZURE_BUDGET.amount,
    timeGrain: "Monthly",
    timePeriod: { startDate: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)) },
    filter: { tags: { name: "cost-center", operator: "In", values: [AZURE_BUDGET.value] } },
    notifications: { actual90: { enabled: true, operator: "GreaterThanOrEqualTo", threshold: 90, contactEmails: [AZURE_BUDGET.contact] } },
  });
}, 180_000);
afterAll(async () => world?.stop());

describe("cost governance across a month boundary", () => {
  it("tag-group budgets: each cost-center value's actual thresholds fire once per period, as its cost records say, routed to its owners", async () => {
    const fired: Array<{ night: number; value: string; threshold: number; period: string; resourceId: string; outcome: string }> = [];
    const expected: Array<{ night: number; value: string; threshold: number; period: string }> = [];
    const budgets = { ...POLICY_BUDGETS, [AZURE_BUDGET.value]: AZURE_BUDGET.amount };
    const crossedBefore = new Set<string>();
    let seen = 0;
    const messages: Array<{ night: number; m: any }> = [];
    for (const [i, k] of NIGHTS.entries()) {
      const at = nightAt(k);
      const report = await sweepAt(at);
      reports.set(k, report);
      if (k === sandbox.capNight) sandbox.powerAfterCap = await actions.vmPowerState(NINA_VM);
      sandbox.stateAfter[k] = ((await (await api("sandboxes")).json()) as { value: any[] }).value.find((x) => x.id.toLowerCase() === NINA_RG.toLowerCase());
      if (sandbox.capNight !== undefined && k === NIGHTS[NIGHTS.indexOf(sandbox.capNight) + 1]) {
        const extend = (body: unknown) => api(`sandboxes/${demoSub("recs-dev")}/resourceGroups/rg-sbx-nina-features/extend`, { method: "POST", body: JSON.stringify(body), headers: { ...asPerson("nina"), "content-type": "application/json" } });
        sandbox.noCap = await extend({ reason: "more experiments" });
        sandbox.lift = await extend({ reason: "more experiments", newCap: Math.ceil(sandbox.mtd! * 10) });
      }
      // After a night with two days of the month's data whose next night is in the same month: a
      // budget tag below the sandbox's spend, and a forced dry run now (the clock stays: moving it
      // back past 02:00 would let the timer start a real sweep); the next night's sweep caps it.
      const nextAt = NIGHTS[i + 1] === undefined ? undefined : nightAt(NIGHTS[i + 1]!);
      if (sandbox.capNight === undefined && i > 0 && i + 3 < NIGHTS.length && at.getUTCDate() >= 3 && nextAt && nextAt.getUTCMonth() === at.getUTCMonth()) {
        sandbox.capNight = NIGHTS[i + 1];
        let mtd = 0;
        for await (const r of queryCost(clients.costManagement(), { scope: NINA_RG, timeframe: "MonthToDate" })) mtd += Number(r.PreTaxCost ?? 0);
        expect(mtd).toBeGreaterThan(0);
        sandbox.mtd = mtd;
        await actions.mergeTags(NINA_RG, { "ailz-budget": String(Math.floor(mtd * 0.8)) });
        const dry = (await (await api("sweeps?dryRun=true", { method: "POST" })).json()) as { id: string };
        for (let n = 0; n < 900; n++) {
          const st = (await (await api(`sweeps/${dry.id}`)).json()) as any;
          if (st.runtimeStatus === "Completed") break;
          await new Promise((res) => setTimeout(res, 200));
        }
        sandbox.dry = await (await api(`reports/${day(at)}?dryRun=true&format=json`)).json();
        sandbox.powerAfterDry = await actions.vmPowerState(NINA_VM);
      }
      const period = day(at).slice(0, 7);
      for (const i of report.items as any[]) {
        const m = /^tag:cost-center=(.+):actual-(\d+)$/.exec(String(i.rule ?? ""));
        if (i.guardrail === "budgetAlerts" && m) fired.push({ night: k, value: m[1]!, threshold: Number(m[2]), period, resourceId: i.resourceId, outcome: i.outcome });
      }
      const spend = await spendByCostCenter(at);
      const [pf, pt] = previousDays(at);
      attribution.push({ k, at, report, cc: spend, project: await spendByTag("project", `${day(at).slice(0, 8)}01`, day(at)), prevCc: await spendByTag("cost-center", pf, pt) });
      for (const [value, amount] of Object.entries(budgets)) {
        for (const t of ACTUAL) {
          const key = `${period}|${value}|${t}`;
          if (((spend[value] ?? 0) / amount) * 100 >= t && !crossedBefore.has(key)) {
            crossedBefore.add(key);
            expected.push({ night: k, value, threshold: t, period });
          }
        }
      }
      const all = await sink();
      messages.push(...all.slice(seen).map((m) => ({ night: k, m })));
      seen = all.length;
    }

    // Exactly the crossings the cost records imply, each on the night it happened, once per period.
    const show = (xs: Array<{ night: number; value: string; threshold: number; period: string }>) => xs.map((x) => `${x.period} night ${x.night}: ${x.value} ${x.threshold}%`).sort();
    expect(show(fired)).toEqual(show(expected));
    expect(fired.every((f) => f.outcome === "done")).toBe(true);
    // The month boundary: a value that crossed a threshold last month crosses it again, afresh, this month.
    const periods = new Set(fired.map((f) => f.period));
    expect(periods.size).toBe(2);
    expect(new Set(fired.map((f) => f.value))).toEqual(new Set(Object.keys(budgets)));

    // Routing: the policy's values go to the owners of the subscriptions they were spent in; the
    // Azure budget's value to its contact; the Azure budget is the finding's resource.
    const tagMessages = messages.filter(({ m }) => /^Budget \d+% actual: tag:cost-center=/.test(String(m.title ?? "")));
    expect(tagMessages).toHaveLength(fired.length);
    const to = (value: string) => new Set(tagMessages.filter(({ m }) => String(m.title).endsWith(`=${value}`)).flatMap(({ m }) => m.to as string[]));
    expect(to("cc-2100")).toEqual(new Set(["priya@contoso.com"]));
    expect(to("cc-2400")).toEqual(new Set(["omar@contoso.com"]));
    expect(to(AZURE_BUDGET.value)).toEqual(new Set([AZURE_BUDGET.contact]));
    expect(new Set(fired.filter((f) => f.value === AZURE_BUDGET.value).map((f) => f.resourceId.toLowerCase()))).toEqual(new Set(["/providers/microsoft.management/managementgroups/alz/providers/microsoft.consumption/budgets/cc-2600-monthly"]));
    expect(new Set(fired.filter((f) => f.value !== AZURE_BUDGET.value).map((f) => f.resourceId))).toEqual(new Set(["/providers/Microsoft.Management/managementGroups/alz"]));
    // The alert names where the value was spent.
    expect(JSON.stringify(tagMessages.find(({ m }) => String(m.title).endsWith("=cc-2100"))!.m.body)).toContain("top drivers: corp-genai-chat-prod");
  }, 600_000);

  it("a resource-group sandbox over its cap: flagged in a dry run, deallocated and CostCapped in enforce, held until its owner lifts it with a new cap", async () => {
    const k = sandbox.capNight!;
    expect(sandbox.dry?.dryRun).toBe(true);
    expect(k).toBeDefined();
    const capItems = (r: any) => (r.items as any[]).filter((i) => i.guardrail === "sandboxLifecycle" && i.rule === "costCap" && i.resourceId.toLowerCase().startsWith(NINA_RG.toLowerCase()));
    const show = (r: any) => capItems(r).map((i) => `${i.resourceId.toLowerCase()}|${i.outcome}`).sort();
    // Dry run: the sandbox flagged and its VM a would-do; the VM still runs.
    expect(show(sandbox.dry)).toEqual([`${NINA_RG.toLowerCase()}|flagged`, `${NINA_VM.toLowerCase()}|wouldDo`].sort());
    expect(sandbox.powerAfterDry).toBe("running");
    // Enforce: deallocated, CostCapped, the owner told (the flag's reason names spend and budget).
    const capped = reports.get(k);
    expect(show(capped).filter((x) => x.startsWith(NINA_VM.toLowerCase()))).toEqual([`${NINA_VM.toLowerCase()}|done`]);
    expect(capItems(capped).find((i) => i.resourceId.toLowerCase() === NINA_RG.toLowerCase())?.reason).toMatch(/spend [\d.]+ USD is \d{3,}% of the sandbox's [\d.]+ USD budget \(tag; cap 100%\)/);
    expect(sandbox.powerAfterCap).toBe("deallocated");
    expect(sandbox.stateAfter[k]).toMatchObject({ status: "CostCapped", costCap: { basis: "actual", budget: Math.floor(sandbox.mtd! * 0.8) } });
    // Next night: still capped, nothing left to deallocate.
    const next = NIGHTS[NIGHTS.indexOf(k) + 1]!;
    expect(sandbox.stateAfter[next]).toMatchObject({ status: "CostCapped" });
    expect(show(reports.get(next))).toEqual([`${NINA_RG.toLowerCase()}|flagged`]);
    // Lifting needs a new cap; with one, Active again and no cap the night after.
    expect(sandbox.noCap!.status).toBe(409);
    expect(((await sandbox.noCap!.json()) as any).error.code).toBe("newCapRequired");
    expect(sandbox.lift!.status).toBe(200);
    expect(await sandbox.lift!.json()).toMatchObject({ status: "Active", cap: Math.ceil(sandbox.mtd! * 10) });
    const after = NIGHTS[NIGHTS.indexOf(k) + 2]!;
    expect(sandbox.stateAfter[after]).toMatchObject({ status: "Active" });
    expect(show(reports.get(after))).toEqual([]);
  });

  it("the budget-alert webhook caps a sandbox within minutes: Azure's alert on its resource group's budget deallocates its restarted VM and records CostCapped, no sweep needed", async () => {
    const sub = demoSub("recs-dev");
    const rgScope = `subscriptions/${sub}/resourceGroups/rg-sbx-nina-features`;
    await clients.consumption(sub).budgets.createOrUpdate(rgScope, "nina-monthly", {
      category: "Cost",
      amount: 50,
      timeGrain: "Monthly",
      timePeriod: { startDate: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)) },
      notifications: { actual100: { enabled: true, operator: "GreaterThanOrEqualTo", threshold: 100, contactEmails: ["nina@contoso.com"] } },
    });
    // Nina's cap was lifted; she starts her VM again.
    const vmName = NINA_VM.split("/").pop()!;
    await clients.compute(sub).virtualMachines.beginStartAndWait("rg-sbx-nina-features", vmName);
    expect(await actions.vmPowerState(NINA_VM)).toBe("running");
    const before = ((await (await api("sandboxes")).json()) as { value: any[] }).value.find((x) => x.id.toLowerCase() === NINA_RG.toLowerCase());
    // Lifted (the new cap held every night since); idle since, it may be flagged inactive by now.
    expect(["Active", "Flagged"]).toContain(before.status);
    const fixture = fs.readFileSync(path.join(__dirname, "../fixtures/budgetAlerts/actual.commonAlertSchema.json"), "utf8");
    const alert = JSON.parse(fixture.replaceAll("11111111-1111-1111-1111-111111111111/", `${sub}/resourceGroups/rg-sbx-nina-features/`).replace(/Test_actual_cost_budget/g, "nina-monthly"));
    const r = await fetch(`${world.hostUrl}/api/budget-alerts?code=${world.functionKey}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(alert) });
    const body = (await r.json()) as any;
    expect(r.status, JSON.stringify(body)).toBe(200);
    expect(body.scope.toLowerCase()).toBe(NINA_RG.toLowerCase());
    // Azure's 11,111 USD spent is over the 10x cap nina set: capped on the spot.
    expect(body.costCap, JSON.stringify(body)).toMatchObject({ status: "CostCapped" });
    expect(body.costCap.decisions.map((d: any) => d.resourceId.toLowerCase()).sort()).toEqual([NINA_RG.toLowerCase(), NINA_VM.toLowerCase()].sort());
    expect(await actions.vmPowerState(NINA_VM)).toBe("deallocated");
    const state = ((await (await api("sandboxes")).json()) as { value: any[] }).value.find((x) => x.id.toLowerCase() === NINA_RG.toLowerCase());
    expect(state).toMatchObject({ status: "CostCapped", costCap: { budget: Math.ceil(sandbox.mtd! * 10), spend: 11111 } });
  });

  it("the report's cost attribution: spend per cost-center and project value, month over month, totals as the emulator's cost records", () => {
    const round = (n: number) => Math.round(n * 100) / 100;
    const asMap = (lines: any[], field: "spend" | "previous") => Object.fromEntries(lines.filter((l) => l[field] !== 0).map((l) => [l.value, l[field]]));
    const expectMap = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v)]).filter(([, v]) => v !== 0));
    let checked = 0;
    for (const a of attribution) {
      const c = a.report.costAttribution;
      expect(c, `night ${a.k}`).toBeDefined();
      const cc = c.byTag.find((t: any) => t.tag === "cost-center");
      const project = c.byTag.find((t: any) => t.tag === "project");
      const close = (got: Record<string, number>, want: Record<string, number>) => {
        expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
        for (const [k, v] of Object.entries(want)) expect(Math.abs(got[k]! - v), `${k} night ${a.k}`).toBeLessThanOrEqual(0.01);
      };
      close(asMap(cc.lines, "spend"), expectMap(a.cc));
      close(asMap(project.lines, "spend"), expectMap(a.project));
      close(asMap(cc.lines, "previous"), expectMap(a.prevCc));
      const total = round(Object.values(a.cc).reduce((x, y) => x + y, 0));
      expect(Math.abs(cc.total - total)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(project.total - total)).toBeLessThanOrEqual(0.05);
      // Top movers: the largest absolute changes, largest first.
      const changes = cc.lines.concat(project.lines).map((l: any) => Math.abs(l.change)).filter((x: number) => x > 0).sort((x: number, y: number) => y - x);
      expect(c.topMovers.map((m: any) => Math.abs(m.change))).toEqual(changes.slice(0, 5));
      if (Object.keys(a.prevCc).length > 0 && total > 0) checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it("the report's cost per sandbox experiment: each tracked sandbox's spend since the window's start, closed ones included, as the cost records say", async () => {
    const last = attribution[attribution.length - 1]!;
    const sb = last.report.costAttribution.sandboxes;
    expect(sb).toBeDefined();
    const estate = (await (await emu("estate")).json()) as { costRecords: { date: string; subscriptionId: string; resourceGroup: string; cost: number }[] };
    const spendOf = (sub: string, rg: string) =>
      estate.costRecords.filter((r) => r.date >= sb.since && r.date < day(last.at) && r.subscriptionId.toLowerCase() === sub && r.resourceGroup.toLowerCase() === rg).reduce((n, r) => n + r.cost, 0);
    const row = (rg: string) => sb.rows.find((x: any) => x.id.toLowerCase().endsWith(`/resourcegroups/${rg}`));
    // jun's idle group was decommissioned (deleted) the first night: still listed, with its spend.
    expect(row("rg-sbx-jun-prompts")).toMatchObject({ status: "Decommissioned" });
    expect(Math.abs(row("rg-sbx-jun-prompts").spend - spendOf(demoSub("search-test"), "rg-sbx-jun-prompts"))).toBeLessThanOrEqual(0.01);
    expect(row("rg-sbx-jun-prompts").spend).toBeGreaterThan(0);
    expect(Math.abs(row("rg-sbx-nina-features").spend - spendOf(demoSub("recs-dev"), "rg-sbx-nina-features"))).toBeLessThanOrEqual(0.01);
  });

  it("the report's Markdown carries the cost attribution", async () => {
    const last = attribution[attribution.length - 1]!;
    const md = await (await api(`reports/${day(last.at)}?format=md`)).text();
    expect(md).toContain("## Cost attribution");
    expect(md).toContain("### By cost-center");
    expect(md).toContain("### By project");
    expect(md).toContain("### Cost per sandbox experiment");
  });
});
