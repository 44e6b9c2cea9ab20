import { asPlatformAdmin } from "../support/appAuth";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSlice, demoSub } from "../support/demoSlice";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";

// Microsoft's documented budget-alert samples (test/fixtures/budgetAlerts) through the real HTTP
// route with function-key auth, against the local world: the subscription id and budget name are
// swapped for the demo estate's, and the amounts scaled to its budget in the samples' own
// proportions (the demo sizes its budgets by the day of the month, the samples are for $50).

const KEY = "fraud-ml-prod";
const SUB = demoSub(KEY);
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "../fixtures/budgetAlerts", name), "utf8");
const SAMPLE_BUDGET = 50;
let budgetAmount = SAMPLE_BUDGET;
const dollars = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const asDemo = (text: string, budget = `budget-${KEY}`) => {
  const alert = JSON.parse(text.replaceAll("11111111-1111-1111-1111-111111111111", SUB).replace(/Test_(actual_cost|forcasted)_budget/g, budget));
  const data = alert.data.alertContext.AlertData as Record<string, string>;
  for (const field of ["BudgetThreshold", "NotificationThresholdAmount", "SpentAmount", "ForecastedTotalForPeriod"]) {
    if (data[field]) data[field] = dollars((Number(data[field].replace(/[$,]/g, "")) * budgetAmount) / SAMPLE_BUDGET);
  }
  return alert;
};

let world: LocalProcess;
const post = (body: unknown, key = world.functionKey) =>
  fetch(`${world.hostUrl}/api/budget-alerts?code=${key}`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
const messages = async () => ((await (await fetch(`${world.sinkUrl}/messages`)).json()) as { messages: any[] }).messages;
const clock = (iso: string) => fetch(`${world.emulatorUrl}/_emulator/clock`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: iso }) });

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-budget-webhook-"));
  const estate = demoSlice(new Date(), [KEY]);
  budgetAmount = Number(estate.budgets.find((b) => b.name === `budget-${KEY}`)!.properties!.amount);
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(estate));
  world = await spawnLocal({ estate: path.join(dir, "estate.json") });
}, 180_000);
afterAll(async () => world?.stop());

describe("POST /api/budget-alerts (Azure Monitor common alert schema, CostAlerts)", () => {
  it("needs the function key", async () => {
    expect((await post(asDemo(fixture("actual.commonAlertSchema.json")), "wrong")).status).toBe(401);
  });

  it("an actual-cost alert fires its threshold once through the engine, routed to the subscription's owner, naming the top drivers; a redelivery is a duplicate", async () => {
    const alert = asDemo(fixture("actual.commonAlertSchema.json"));
    const r = await post(alert);
    const body = (await r.json()) as any;
    expect(r.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe("handled");
    expect(body.scope.toLowerCase()).toBe(`/subscriptions/${SUB}`);
    expect(body.thresholdType).toBe("Actual");
    expect(body.threshold).toBe(50);
    expect(body.fired.length).toBeGreaterThan(0);
    expect(body.topDrivers.length).toBeGreaterThan(0);
    const sent = (await messages()).filter((m) => JSON.stringify(m).includes("budgetAlerts"));
    expect(sent.length).toBeGreaterThan(0);
    const text = JSON.stringify(sent);
    expect(text).toContain("omar");
    expect(text).toContain("top drivers");

    const again = await post(alert);
    expect(again.status).toBe(200);
    expect(((await again.json()) as any).status).toBe("duplicate");
    expect((await messages()).filter((m) => JSON.stringify(m).includes("budgetAlerts")).length).toBe(sent.length);

    const findings = (await (await fetch(`${world.hostUrl}/api/findings?guardrail=budgetAlerts&subscription=${SUB}&code=${world.functionKey}`, { headers: asPlatformAdmin() })).json()) as { value: any[] };
    expect(findings.value.some((f) => f.rule === "actual-50")).toBe(true);
  }, 60_000);

  it("a forecasted alert early in a period waits for forecastMinDays and says so; later in the month it fires", async () => {
    const now = new Date();
    expect((await clock(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 2, 9)).toISOString())).status).toBe(200);
    const early = await post(asDemo(fixture("forecasted.commonAlertSchema.json")));
    const e = (await early.json()) as any;
    expect(early.status, JSON.stringify(e)).toBe(200);
    // The shared clock: the host's own `new Date()` is on the 2nd of next month too.
    expect(e.fired).toEqual([]);
    expect(e.heldBack).toContain("forecast thresholds wait for 5 day(s)");
    expect(e.heldBack).toContain("it has 1");

    // The 20th of that month: Azure alerts again (a new alert id); now the forecast threshold fires, saying what it rests on.
    expect((await clock(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 20, 9)).toISOString())).status).toBe(200);
    const later = asDemo(fixture("forecasted.commonAlertSchema.json"));
    later.data.essentials.alertId = later.data.essentials.alertId.replace("Test_Alert", "Test_Alert_2");
    const l = (await (await post(later)).json()) as any;
    expect(l.status, JSON.stringify(l)).toBe("handled");
    expect(l.fired.length).toBeGreaterThan(0);
    expect(l.fired.every((k: string) => k.includes("|Forecasted|"))).toBe(true);
    expect(JSON.stringify(await messages())).toContain("forecast from Azure Cost Management's forecast for the period, from usage history and 19 day(s)");
  }, 60_000);

  it("an unknown budget is a 404 naming BudgetId; a malformed body is a 400 naming the field", async () => {
    const unknown = await post(asDemo(fixture("actual.commonAlertSchema.json"), "no-such-budget"));
    const u = (await unknown.json()) as any;
    expect(unknown.status).toBe(404);
    expect(u.error.code).toBe("UnknownBudget");
    expect(u.error.field).toBe("data.alertContext.AlertData.BudgetId");

    const metric = asDemo(fixture("actual.commonAlertSchema.json"));
    metric.data.essentials.monitoringService = "Platform";
    const bad = (await (await post(metric)).json()) as any;
    expect(bad.error.field).toBe("data.essentials.monitoringService");

    const noSpend = asDemo(fixture("actual.commonAlertSchema.json"));
    noSpend.data.alertContext.AlertData.SpentAmount = "lots";
    const r2 = await post(noSpend);
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as any).error.field).toBe("data.alertContext.AlertData.SpentAmount");

    const r3 = await post("{not json");
    expect(r3.status).toBe(400);
    expect(((await r3.json()) as any).error.field).toBe("body");
  }, 60_000);
});
