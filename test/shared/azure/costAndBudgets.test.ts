import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as clock from "../../../local/clock";
import { addDays, isoDay, monthStart } from "../../../local/arm/state/costPeriod";
import type { EstateJson } from "../../../local/arm/state/schemas";
import { AzureError } from "../../../shared/azure/AzureError";
import { queryCost } from "../../../shared/azure/costManagement/queryCost";
import { getBudget, listBudgets, upsertBudget } from "../../../shared/azure/consumption/budgets";
import { emulatorWithClients, rg, SUB_A, SUB_B, SUB_C, type EmulatorWithClients } from "./emulatorClients";

const MG = "landingzones";
let env: EmulatorWithClients;
let today: string;

/** Daily cost per subscription: A 10/day, B 5/day, C (outside the MG) 100/day, for 70 days up to today. */
function costRecords(): NonNullable<EstateJson["costRecords"]> {
  const out: NonNullable<EstateJson["costRecords"]> = [];
  const perDay: Record<string, number> = { [SUB_A]: 10, [SUB_B]: 5, [SUB_C]: 100 };
  for (let i = 0; i < 70; i++) {
    const date = addDays(today, -i);
    for (const [sub, cost] of Object.entries(perDay)) {
      for (const [n, cc] of [
        ["gpu", "ml"],
        ["web", "app"],
      ] as const) {
        out.push({
          date,
          subscriptionId: sub,
          resourceGroup: "work",
          resourceId: `/subscriptions/${sub}/resourceGroups/work/providers/Microsoft.Compute/virtualMachines/${n}`,
          resourceType: "Microsoft.Compute/virtualMachines",
          location: "eastus",
          meterCategory: "Virtual Machines",
          tags: { "cost-center": cc },
          cost: cost / 2,
          currency: "USD",
        });
      }
    }
  }
  return out;
}

beforeAll(async () => {
  today = isoDay(clock.now());
  env = await emulatorWithClients({
    managementGroups: [{ name: MG }, { name: "corp", parent: MG }],
    subscriptions: [
      { subscriptionId: SUB_A, displayName: "a", managementGroupId: "corp" },
      { subscriptionId: SUB_B, displayName: "b", managementGroupId: MG },
      { subscriptionId: SUB_C, displayName: "c" },
    ],
    resourceGroups: [rg(SUB_A, "work"), rg(SUB_B, "work")],
    costRecords: costRecords(),
  });
});
afterAll(() => env?.close());

/** Whole days of month-to-date data the emulator returns (cost data lags a day). */
function mtdDays(): number {
  return Math.round((Date.parse(today) - Date.parse(monthStart(today))) / 86_400_000);
}

describe("cost query", () => {
  it("answers one management-group query grouped by subscription (descendants only, lagging a day)", async () => {
    const totals = new Map<string, number>();
    for await (const row of queryCost(env.clients.costManagement(), {
      scope: `/providers/Microsoft.Management/managementGroups/${MG}`,
      timeframe: "MonthToDate",
      groupBy: [{ dimension: "SubscriptionId" }],
    })) {
      const sub = String(row.SubscriptionId).toLowerCase();
      totals.set(sub, (totals.get(sub) ?? 0) + Number(row.PreTaxCost));
    }
    const days = mtdDays();
    if (days === 0) expect(totals.size).toBe(0);
    else expect(Object.fromEntries(totals)).toEqual({ [SUB_A.toLowerCase()]: 10 * days, [SUB_B.toLowerCase()]: 5 * days });
  });

  it("returns daily rows with UsageDate as yyyymmdd numbers, TagKey groups and Currency, across nextLink pages", async () => {
    const from = new Date(`${addDays(today, -60)}T00:00:00Z`);
    const to = new Date(`${addDays(today, -1)}T00:00:00Z`);
    const rows = [];
    for await (const r of queryCost(env.clients.costManagement(), {
      scope: `/subscriptions/${SUB_A}`,
      timeframe: "Custom",
      timePeriod: { from, to },
      granularity: "Daily",
      groupBy: [{ tagKey: "cost-center" }, { dimension: "ResourceGroupName" }],
      costColumn: "Cost",
    })) rows.push(r);
    expect(rows).toHaveLength(60 * 2);
    expect(rows[0]).toEqual({
      Cost: 5,
      UsageDate: Number(addDays(today, -60).replaceAll("-", "")),
      TagKey: "cost-center",
      TagValue: "app",
      ResourceGroupName: "work",
      Currency: "USD",
    });
  });

  it("answers spend without the tag as its own row: TagKey the tag, TagValue null (as Cost Management does)", async () => {
    const rows = [];
    for await (const r of queryCost(env.clients.costManagement(), { scope: `/providers/Microsoft.Management/managementGroups/${MG}`, timeframe: "MonthToDate", groupBy: [{ tagKey: "project" }, { dimension: "SubscriptionId" }] })) rows.push(r);
    if (mtdDays() === 0) return expect(rows).toEqual([]);
    expect(rows.map((r) => [r.TagKey, r.TagValue, String(r.SubscriptionId).toLowerCase(), r.PreTaxCost])).toEqual([
      ["project", null, SUB_A.toLowerCase(), 10 * mtdDays()],
      ["project", null, SUB_B.toLowerCase(), 5 * mtdDays()],
    ]);
  });

  it("pages large results through nextLink (POSTing the same query again)", async () => {
    // Outside the management group, so the budget tests below keep their numbers.
    const state = env.emu.emulator.state;
    for (let d = 1; d <= 60; d++) {
      for (let r = 0; r < 20; r++) {
        state.costRecords.push({
          date: addDays(today, -d),
          subscriptionId: SUB_C,
          resourceGroup: "bulk",
          resourceId: `/subscriptions/${SUB_C}/resourceGroups/bulk/providers/Microsoft.Storage/storageAccounts/sa${r}`,
          resourceType: "Microsoft.Storage/storageAccounts",
          location: "eastus",
          meterCategory: "Storage",
          tags: {},
          cost: 1,
          currency: "USD",
        });
      }
    }
    const before = env.emu.emulator.counters.get("CostManagement.query") ?? 0;
    const rows = [];
    for await (const r of queryCost(env.clients.costManagement(), {
      scope: `/subscriptions/${SUB_C}/resourceGroups/bulk`,
      timeframe: "Custom",
      timePeriod: { from: new Date(`${addDays(today, -60)}T00:00:00Z`), to: new Date(`${addDays(today, -1)}T00:00:00Z`) },
      granularity: "Daily",
      groupBy: [{ dimension: "ResourceId" }],
    })) rows.push(r);
    expect(rows).toHaveLength(1200);
    expect(new Set(rows.map((r) => `${r.UsageDate}|${r.ResourceId}`)).size).toBe(1200);
    expect((env.emu.emulator.counters.get("CostManagement.query") ?? 0) - before).toBe(2);
  });

  it("rejects an unknown grouping dimension with Azure's error shape", async () => {
    const err = await queryCost(env.clients.costManagement(), {
      scope: `/subscriptions/${SUB_A}`,
      timeframe: "MonthToDate",
      groupBy: [{ dimension: "Nonsense" as never }],
    })
      .next()
      .catch((e) => e);
    expect(err).toBeInstanceOf(AzureError);
    expect(err).toMatchObject({ code: "BadRequest", status: 400 });
    expect(err.message).toContain("dataset.grouping[0].name");
  });
});

describe("budgets", () => {
  const notification = (threshold: number) => ({ threshold, contactEmails: ["finops@contoso.example"] });

  it("creates, reads and lists a subscription budget with currentSpend and forecastSpend", async () => {
    const created = await upsertBudget(env.clients.consumption(SUB_A), `/subscriptions/${SUB_A}`, "monthly", {
      amount: 1000,
      startDate: `${monthStart(today)}`,
      notifications: { actual80: notification(80), forecast100: { ...notification(100), thresholdType: "Forecasted" } },
    });
    expect(created.amount).toBe(1000);
    const read = await getBudget(env.clients.consumption(SUB_A), `/subscriptions/${SUB_A}`, "monthly");
    expect(read?.currentSpend).toBe(10 * mtdDays());
    expect(read?.notifications.forecast100?.thresholdType).toBe("Forecasted");
    const all = [];
    for await (const b of listBudgets(env.clients.consumption(SUB_A), `/subscriptions/${SUB_A}`)) all.push(b.name);
    expect(all).toEqual(["monthly"]);
    // Update goes through with the eTag the adapter reads first.
    const updated = await upsertBudget(env.clients.consumption(SUB_A), `/subscriptions/${SUB_A}`, "monthly", {
      amount: 2000,
      startDate: `${monthStart(today)}`,
      notifications: { actual80: notification(80) },
    });
    expect(updated.amount).toBe(2000);
  });

  it("supports management-group and resource-group scopes", async () => {
    const mgScope = `/providers/Microsoft.Management/managementGroups/${MG}`;
    await upsertBudget(env.clients.consumption(SUB_A), mgScope, "lz", { amount: 5000, startDate: monthStart(today), notifications: { a: notification(90) } });
    expect((await getBudget(env.clients.consumption(SUB_A), mgScope, "lz"))?.currentSpend).toBe(15 * mtdDays());
    const rgScope = `/subscriptions/${SUB_B}/resourceGroups/work`;
    await upsertBudget(env.clients.consumption(SUB_B), rgScope, "rg", { amount: 50, startDate: monthStart(today), notifications: {} });
    expect((await getBudget(env.clients.consumption(SUB_B), rgScope, "rg"))?.currentSpend).toBe(5 * mtdDays());
  });

  it("a management-group budget filtered to one tag value counts only that value's spend; a bad filter is Azure's 400", async () => {
    const mgScope = `providers/Microsoft.Management/managementGroups/${MG}`;
    const budget = (filter: unknown) => ({
      category: "Cost",
      amount: 300,
      timeGrain: "Monthly",
      timePeriod: { startDate: new Date(`${monthStart(today)}T00:00:00Z`) },
      filter: filter as never,
      notifications: { a: { enabled: true, operator: "GreaterThan", threshold: 90, contactEmails: ["ml-finance@contoso.example"] } },
    });
    await env.clients.consumption(SUB_A).budgets.createOrUpdate(mgScope, "cc-ml", budget({ tags: { name: "cost-center", operator: "In", values: ["ml"] } }));
    const listed = [];
    for await (const b of listBudgets(env.clients.consumption(SUB_A), `/${mgScope}`)) if (b.name === "cc-ml") listed.push(b);
    // ml is half of A's 10/day and half of B's 5/day; C is outside the management group.
    expect(listed.map((b) => [b.currentSpend, b.tagFilters])).toEqual([[7.5 * mtdDays(), [{ name: "cost-center", values: ["ml"] }]]]);
    const err = await env.clients.consumption(SUB_A).budgets.createOrUpdate(mgScope, "bad", budget({ tags: { name: "cost-center", operator: "Contains", values: ["ml"] } })).catch((e) => e);
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain("properties.filter.tags.operator");
  });

  it("rejects more than 5 notifications at the service (Azure's 400), not only in the adapter", async () => {
    const six = Object.fromEntries([50, 60, 70, 80, 90, 100].map((t) => [`n${t}`, notification(t)]));
    // The adapter validates first...
    await expect(
      upsertBudget(env.clients.consumption(SUB_A), `/subscriptions/${SUB_A}`, "too-many", { amount: 10, startDate: monthStart(today), notifications: six }),
    ).rejects.toThrow(/at most 5 notifications/);
    // ...and the emulator refuses it the way Azure does when a caller skips that check.
    const err = await env.clients
      .consumption(SUB_A)
      .budgets.createOrUpdate(`subscriptions/${SUB_A}`, "too-many", {
        category: "Cost",
        amount: 10,
        timeGrain: "Monthly",
        timePeriod: { startDate: new Date(`${monthStart(today)}T00:00:00Z`) },
        notifications: Object.fromEntries(Object.entries(six).map(([k, v]) => [k, { enabled: true, operator: "GreaterThan", threshold: v.threshold, contactEmails: v.contactEmails }])),
      })
      .catch((e) => e);
    expect(err.statusCode).toBe(400);
    expect(err.message).toMatch(/at most 5 notifications/);
  });
});
