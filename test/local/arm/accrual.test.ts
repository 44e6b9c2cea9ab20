import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as clock from "../../../local/clock";
import { vmDailyPrice, DAILY } from "../../../local/arm/accrual/prices";
import { addDays, isoDay, monthStart } from "../../../local/arm/state/costPeriod";
import type { CostRecord, EstateJson } from "../../../local/arm/state/schemas";
import { startHarness, SUB, SUB2, type Harness } from "./emulatorHarness";

const D4 = vmDailyPrice("Standard_D4s_v5");
const A100 = vmDailyPrice("Standard_NC24ads_A100_v4");
const STORAGE = DAILY["microsoft.storage/storageaccounts"]!.perDay;

const rgId = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}`;
const vmId = (sub: string, rg: string, name: string) => `${rgId(sub, rg)}/providers/Microsoft.Compute/virtualMachines/${name}`;
const stId = (sub: string, rg: string, name: string) => `${rgId(sub, rg)}/providers/Microsoft.Storage/storageAccounts/${name}`;
const LONG_AGO = "2020-01-01T00:00:00.000Z";
const systemData = (modifiedAt = LONG_AGO) => ({ createdBy: "alice@contoso.com", createdByType: "User", createdAt: LONG_AGO, lastModifiedBy: "alice@contoso.com", lastModifiedByType: "User", lastModifiedAt: modifiedAt });
const tags = { "cost-center": "cc-1", owner: "alice@contoso.com" };

function vm(sub: string, rg: string, name: string, size: string, power: "running" | "deallocated") {
  return { id: vmId(sub, rg, name), name, type: "Microsoft.Compute/virtualMachines", location: "eastus", tags, systemData: systemData(), properties: { hardwareProfile: { vmSize: size }, extended: { instanceView: { powerState: { code: `PowerState/${power}` } } } } };
}

function record(date: string, sub: string, rg: string, resourceId: string, resourceType: string, meterCategory: string, cost: number): CostRecord {
  return { date, subscriptionId: sub, resourceGroup: rg, resourceId, resourceType, location: "eastus", meterCategory, tags: resourceId ? tags : {}, cost, currency: "USD" };
}

/**
 * SUB: a running D4s VM, a deallocated one, a storage account and a NIC (free) in rg-ai, one
 * seeded day of history (yesterday). SUB2: a running A100 VM whose month so far nearly fills
 * its budget.
 */
function estate(): EstateJson {
  const today = isoDay(clock.now());
  const yesterday = addDays(today, -1);
  const history: CostRecord[] = [
    record(yesterday, SUB, "rg-ai", vmId(SUB, "rg-ai", "vm-run"), "Microsoft.Compute/virtualMachines", "Virtual Machines", D4),
    record(yesterday, SUB, "rg-ai", stId(SUB, "rg-ai", "stai"), "Microsoft.Storage/storageAccounts", "Storage", STORAGE),
  ];
  for (let d = monthStart(today); d < today; d = addDays(d, 1)) history.push(record(d, SUB2, "rg-gpu", vmId(SUB2, "rg-gpu", "vm-a100"), "Microsoft.Compute/virtualMachines", "Virtual Machines", A100));
  return {
    subscriptions: [
      { subscriptionId: SUB, displayName: "corp-ai-01" },
      { subscriptionId: SUB2, displayName: "corp-gpu-01" },
    ],
    resourceGroups: [
      { id: rgId(SUB, "rg-ai"), name: "rg-ai", type: "Microsoft.Resources/resourceGroups", location: "eastus", properties: { provisioningState: "Succeeded" } },
      { id: rgId(SUB2, "rg-gpu"), name: "rg-gpu", type: "Microsoft.Resources/resourceGroups", location: "eastus", properties: { provisioningState: "Succeeded" } },
    ],
    resources: [
      vm(SUB, "rg-ai", "vm-run", "Standard_D4s_v5", "running"),
      vm(SUB, "rg-ai", "vm-off", "Standard_D4s_v5", "deallocated"),
      { id: stId(SUB, "rg-ai", "stai"), name: "stai", type: "Microsoft.Storage/storageAccounts", location: "eastus", tags, systemData: systemData(), properties: {} },
      { id: `${rgId(SUB, "rg-ai")}/providers/Microsoft.Network/networkInterfaces/nic1`, name: "nic1", type: "Microsoft.Network/networkInterfaces", location: "eastus", tags, systemData: systemData(), properties: {} },
      vm(SUB2, "rg-gpu", "vm-a100", "Standard_NC24ads_A100_v4", "running"),
    ],
    costRecords: history,
  };
}

const recordsOf = (h: Harness, id: string) => h.emulator.state.costRecords.filter((r) => r.resourceId.toLowerCase() === id.toLowerCase());
const daysOf = (rs: CostRecord[]) => rs.map((r) => r.date).sort();

async function advanceDays(h: Harness, days: number): Promise<void> {
  const res = await h.control("POST", "/_emulator/clock/advance", { days });
  expect(res.status).toBe(200);
}

async function mtd(h: Harness, sub: string): Promise<number> {
  const res = await h.call("POST", `/subscriptions/${sub}/providers/Microsoft.CostManagement/query?api-version=2023-11-01`, {
    type: "ActualCost",
    timeframe: "MonthToDate",
    dataset: { granularity: "None", aggregation: { totalCost: { name: "Cost", function: "Sum" } } },
  });
  expect(res.status).toBe(200);
  return res.body.properties.rows.length ? (res.body.properties.rows[0][0] as number) : 0;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

// The clock only moves forward and is shared by this file's tests: start on the 5th of a month
// at noon so month-to-date sums of the first test stay inside one month.
beforeAll(() => {
  const real = new Date(clock.now());
  clock.set(Date.UTC(real.getUTCFullYear(), real.getUTCMonth() + 1, 5, 12));
});

describe("cost accrual follows the emulator clock", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ estate: estate(), eventsEnabled: false });
  });
  afterAll(() => h?.close());

  it("adds one record a day for running resources, none for deallocated or free ones; month-to-date grows", async () => {
    const start = isoDay(clock.now());
    const before = await mtd(h, SUB);
    expect(before).toBeCloseTo(D4 + STORAGE, 2);
    await advanceDays(h, 3);
    const run = recordsOf(h, vmId(SUB, "rg-ai", "vm-run"));
    expect(daysOf(run)).toEqual([addDays(start, -1), start, addDays(start, 1), addDays(start, 2)]);
    for (const r of run) {
      expect(r.cost).toBeCloseTo(D4, 2);
      expect(r).toMatchObject({ subscriptionId: SUB, resourceGroup: "rg-ai", resourceType: "Microsoft.Compute/virtualMachines", meterCategory: "Virtual Machines", tags, currency: "USD" });
    }
    expect(daysOf(recordsOf(h, stId(SUB, "rg-ai", "stai")))).toHaveLength(4);
    expect(recordsOf(h, vmId(SUB, "rg-ai", "vm-off"))).toEqual([]);
    expect(recordsOf(h, `${rgId(SUB, "rg-ai")}/providers/Microsoft.Network/networkInterfaces/nic1`)).toEqual([]);
    expect(await mtd(h, SUB)).toBeCloseTo(4 * (D4 + STORAGE), 1);
    const accrual = await h.control("GET", "/_emulator/accrual");
    expect(accrual.body).toMatchObject({ enabled: true, through: addDays(start, 2), aggregated: false });
  });

  it("a budget near its amount crosses 100% once another day of spend accrues", async () => {
    const budget = `/subscriptions/${SUB2}/providers/Microsoft.Consumption/budgets/monthly?api-version=2023-11-01`;
    const today = isoDay(clock.now());
    const spent = await mtd(h, SUB2);
    const amount = Math.round(spent + A100 / 2);
    const put = await h.call("PUT", budget, { properties: { category: "Cost", amount, timeGrain: "Monthly", timePeriod: { startDate: `${monthStart(today)}T00:00:00Z` }, notifications: {} } });
    expect(put.status).toBe(201);
    expect(put.body.properties.currentSpend.amount).toBeLessThan(amount);
    await advanceDays(h, 1);
    const after = await h.call("GET", budget);
    expect(after.body.properties.currentSpend.amount).toBeGreaterThanOrEqual(amount);
    expect(after.body.properties.currentSpend.amount).toBeCloseTo(spent + A100, 1);
  });

  it("deallocating stops compute from the next day (the day itself bills up to the deallocation); deleting stops at once", async () => {
    const today = isoDay(clock.now());
    const dealloc = await h.call("POST", `${vmId(SUB, "rg-ai", "vm-run")}/deallocate`);
    expect(dealloc.status).toBe(202);
    const del = await h.call("DELETE", `${stId(SUB, "rg-ai", "stai")}?api-version=2023-05-01`);
    expect([200, 202]).toContain(del.status);
    const runBefore = recordsOf(h, vmId(SUB, "rg-ai", "vm-run")).length;
    const stBefore = recordsOf(h, stId(SUB, "rg-ai", "stai")).length;
    await advanceDays(h, 3);
    const run = recordsOf(h, vmId(SUB, "rg-ai", "vm-run"));
    expect(run).toHaveLength(runBefore + 1);
    const last = run[run.length - 1]!;
    expect(last.date).toBe(today);
    // The clock stood at noon (plus the seconds tests take): about half a day.
    expect(last.cost).toBeGreaterThan(D4 * 0.45);
    expect(last.cost).toBeLessThan(D4 * 0.6);
    expect(recordsOf(h, stId(SUB, "rg-ai", "stai"))).toHaveLength(stBefore);
  });

  it("a resource created mid-day bills from its creation", async () => {
    const today = isoDay(clock.now());
    const id = vmId(SUB2, "rg-gpu", "vm-new");
    const put = await h.call("PUT", id, { location: "eastus", properties: { hardwareProfile: { vmSize: "Standard_D4s_v5" } } });
    expect(put.status).toBe(201);
    await advanceDays(h, 2);
    const rs = recordsOf(h, id);
    expect(daysOf(rs)).toEqual([today, addDays(today, 1)]);
    expect(rs[0]!.cost).toBeLessThan(D4 * 0.6);
    expect(rs[1]!.cost).toBeCloseTo(D4, 2);
  });

  it("switching accrual off stops it; switching it on bills from then on, without back-filling", async () => {
    const off = await h.control("PUT", "/_emulator/accrual", { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    const count = h.emulator.state.costRecords.length;
    await advanceDays(h, 2);
    expect(await mtd(h, SUB2)).toBeGreaterThan(0);
    expect(h.emulator.state.costRecords.length).toBe(count);
    const on = await h.control("PUT", "/_emulator/accrual", { enabled: true });
    expect(on.body).toMatchObject({ enabled: true, through: addDays(isoDay(clock.now()), -1) });
    await advanceDays(h, 1);
    const added = h.emulator.state.costRecords.slice(count);
    expect(new Set(added.map((r) => r.date))).toEqual(new Set([addDays(isoDay(clock.now()), -1)]));
    expect(added.map((r) => r.resourceId.split("/").pop()).sort()).toEqual(["vm-a100", "vm-new"]);
  });

  it("rejects a bad toggle naming the field", async () => {
    const bad = await h.control("PUT", "/_emulator/accrual", { enabled: "yes" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/enabled/);
  });
});

describe("accrual state is persisted", () => {
  it("a restarted emulator neither double-accrues nor skips days", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "ailz-accrual-"));
    dirs.push(dir);
    let h = await startHarness({ estate: estate(), dataDir: dir, eventsEnabled: false });
    await advanceDays(h, 2);
    const count = h.emulator.state.costRecords.length;
    const through = (await h.control("GET", "/_emulator/accrual")).body.through;
    await h.close();
    h = await startHarness({ estate: estate(), dataDir: dir, eventsEnabled: false });
    try {
      expect(h.emulator.state.costRecords.length).toBe(count);
      expect((await h.control("GET", "/_emulator/accrual")).body.through).toBe(through);
      await mtd(h, SUB);
      expect(h.emulator.state.costRecords.length).toBe(count);
      await advanceDays(h, 1);
      const keys = h.emulator.state.costRecords.map((r) => `${r.date}|${r.resourceId}|${r.meterCategory}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(h.emulator.state.costRecords.slice(count).map((r) => r.date)).toEqual(Array(3).fill(addDays(through, 1)));
    } finally {
      await h.close();
    }
  });
});

describe("aggregated estates", () => {
  it("accrue one record per subscription, resource group and meter a day, like their history", async () => {
    const today = isoDay(clock.now());
    const vms = [1, 2, 3].map((i) => vm(SUB, "rg-ai", `vm-${i}`, "Standard_D4s_v5", i === 3 ? "deallocated" : "running"));
    const h = await startHarness({
      eventsEnabled: false,
      estate: {
        subscriptions: [{ subscriptionId: SUB, displayName: "s" }],
        resourceGroups: [{ id: rgId(SUB, "rg-ai"), name: "rg-ai", type: "Microsoft.Resources/resourceGroups", location: "eastus" }],
        resources: [...vms, { id: stId(SUB, "rg-ai", "st1"), name: "st1", type: "Microsoft.Storage/storageAccounts", location: "eastus", systemData: systemData() }],
        costRecords: [record(addDays(today, -1), SUB, "rg-ai", "", "Microsoft.Compute/virtualMachines", "Virtual Machines", 2 * D4)],
      },
    });
    try {
      await advanceDays(h, 2);
      const added = h.emulator.state.costRecords.slice(1);
      expect(added).toHaveLength(4);
      for (const r of added) expect(r.resourceId).toBe("");
      const compute = added.filter((r) => r.meterCategory === "Virtual Machines");
      expect(daysOf(compute)).toEqual([today, addDays(today, 1)]);
      for (const r of compute) expect(r.cost).toBeCloseTo(2 * D4, 2);
      expect(added.filter((r) => r.meterCategory === "Storage").map((r) => r.cost)).toEqual([STORAGE, STORAGE]);
    } finally {
      await h.close();
    }
  });

  it("an estate without cost history does not accrue until switched on", async () => {
    const h = await startHarness({ estate: { ...estate(), costRecords: [] }, eventsEnabled: false });
    try {
      await advanceDays(h, 1);
      expect(h.emulator.state.costRecords).toEqual([]);
      expect((await h.control("PUT", "/_emulator/accrual", { enabled: true })).body.enabled).toBe(true);
      await advanceDays(h, 1);
      expect(new Set(h.emulator.state.costRecords.map((r) => r.resourceId.split("/").pop()))).toEqual(new Set(["vm-run", "stai", "vm-a100"]));
    } finally {
      await h.close();
    }
  });
});
