import { asPlatformAdmin } from "../support/appAuth";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSlice, demoSub } from "../support/demoSlice";
import { spawnLocal, type LocalProcess } from "../support/spawnLocal";

// The nightly sweep in enforce creates the policy's default budget on a Corp subscription that has
// none (search-test), once: the next night the budget exists and nothing is created again; a
// subscription with its own budget (fraud-ml-prod) never gets a second one.

const NONE = demoSub("search-test");
const OWN = demoSub("fraud-ml-prod");
let world: LocalProcess;
let start: Date;
// The platform team (approves, operates, reads), signed in through the local host's Easy Auth.
const api = (p: string, init?: RequestInit) => fetch(`${world.hostUrl}/api/${p}${p.includes("?") ? "&" : "?"}code=${world.functionKey}`, { ...init, headers: { ...asPlatformAdmin(), ...(init?.headers ?? {}) } });
const emu = (p: string, init?: RequestInit) => fetch(`${world.emulatorUrl}${p}`, init);

async function sweepAt(at: Date): Promise<any> {
  expect((await emu("/_emulator/clock", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: at.toISOString() }) })).status).toBe(200);
  const r = (await (await api("sweeps", { method: "POST" })).json()) as { id: string };
  for (let i = 0; i < 600; i++) {
    const s = await api(`sweeps/${r.id}`);
    if (s.status === 200) {
      const status = (await s.json()) as any;
      if (status.runtimeStatus === "Completed") break;
      if (status.runtimeStatus === "Failed") throw new Error(JSON.stringify(status));
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  return (await api(`reports/${r.id}?format=json`)).json();
}
/** The subscription's budgets as the emulator holds them (its control API). */
const budgetsOf = async (sub: string) => (((await (await emu("/_emulator/estate")).json()) as { budgets?: any[] }).budgets ?? []).filter((b) => b.id.toLowerCase().startsWith(`/subscriptions/${sub}/`));

beforeAll(async () => {
  start = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ailz-missing-budget-"));
  const policy = fs.readFileSync(path.join(__dirname, "../../guardrails.yaml"), "utf8").replace(/(\n  budgetAlerts:\n    mode:) dryRun/, "$1 enforce");
  fs.writeFileSync(path.join(dir, "guardrails.yaml"), policy);
  fs.writeFileSync(path.join(dir, "estate.json"), JSON.stringify(demoSlice(start, ["search-test", "fraud-ml-prod"])));
  world = await spawnLocal({ estate: path.join(dir, "estate.json"), env: { AILZ_POLICY_PATH: path.join(dir, "guardrails.yaml") } });
}, 180_000);
afterAll(async () => world?.stop());

describe("missing budgets in enforce", () => {
  it("creates the default budget once, audited and in the report, and never a second time or over an existing budget", async () => {
    const ownBefore = await budgetsOf(OWN);
    expect(await budgetsOf(NONE)).toEqual([]);
    const night = (k: number) => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1 + k, 3));

    const first = await sweepAt(night(0));
    const created = (first.items as any[]).filter((i) => i.guardrail === "budgetAlerts" && i.rule === "missingBudget");
    expect(created.map((i) => [i.resourceId.toLowerCase(), i.outcome])).toEqual([[`/subscriptions/${NONE}`, "done"]]);
    const budgets = await budgetsOf(NONE);
    expect(budgets.map((b) => b.name)).toEqual(["ailz-default"]);
    expect(budgets[0].properties.amount).toBe(1000);
    expect(Object.values(budgets[0].properties.notifications).map((n: any) => `${n.thresholdType}${n.threshold}`).sort()).toEqual(["Actual100", "Actual50", "Actual75", "Actual90", "Forecasted100"]);

    const second = await sweepAt(night(1));
    expect((second.items as any[]).filter((i) => i.guardrail === "budgetAlerts" && i.rule === "missingBudget")).toEqual([]);
    expect((await budgetsOf(NONE)).map((b) => [b.name, b.eTag])).toEqual(budgets.map((b) => [b.name, b.eTag]));
    expect((await budgetsOf(OWN)).map((b) => [b.name, b.eTag])).toEqual(ownBefore.map((b) => [b.name, b.eTag]));

    const audit = ((await (await api(`audit?resourceId=${encodeURIComponent(`/subscriptions/${NONE}`)}`)).json()) as { value: any[] }).value;
    const creates = audit.filter((e) => e.action === "action.createBudget" && e.outcome === "succeeded");
    expect(creates).toHaveLength(1);
    expect(creates[0].dryRun).toBe(false);
  }, 300_000);
});
