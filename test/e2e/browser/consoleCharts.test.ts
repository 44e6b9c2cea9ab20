import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../../support/browser";
import { asPlatformAdmin } from "../../support/appAuth";
import { spawnLocal, type LocalProcess } from "../../support/spawnLocal";

// The console's TypeScript front end (console/src/views, bundled with Chart.js at start-up)
// in Debian's Chromium over the demo estate after a real sweep: the charts draw the estate's
// numbers, the sandboxes table names each sandbox and its Extend acts and is audited, and the
// page fits 1280 px without sideways scrolling.

const SCREENSHOTS = path.resolve(__dirname, "../../../.ailz/screenshots");
let world: LocalProcess;
let chrome: LaunchedBrowser;
// The platform team, signed in through the local host's Easy Auth.
const api = async (p: string, init?: RequestInit) => (await fetch(`${world.hostUrl}/api/${p}`, { ...init, headers: { "x-functions-key": world.functionKey, "content-type": "application/json", ...asPlatformAdmin(), ...(init?.headers as Record<string, string> | undefined) } })).json() as Promise<any>;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const POLICY = fs.readFileSync(path.resolve(__dirname, "../../../guardrails.yaml"), "utf8");

async function open(): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const page = await chrome.context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${world.hostUrl}/api/console?code=${encodeURIComponent(world.functionKey)}`);
  await page.waitForSelector("body[data-dashboard=loaded]", { timeout: 30_000 });
  return { page, dialogs, errors };
}

/** Pixels a canvas has drawn (alpha > 0): a chart with data draws thousands, an empty canvas none. */
const inked = (page: Page, selector: string) =>
  // (The callback runs in the page; this project's types have no DOM, so the canvas is untyped.)
  page.$eval(selector, (canvas: any) => {
    const data: Uint8ClampedArray = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const [w, c] = await Promise.allSettled([spawnLocal({ estate: true }), launchBrowser()]);
  if (w.status === "fulfilled") world = w.value;
  if (c.status === "fulfilled") chrome = c.value;
  if (w.status === "rejected") throw w.reason;
  if (c.status === "rejected") throw c.reason;
  // Easy Auth's sign-in as the local host plays it: the browser holds Pat's session (ailz.Approver), so Extend and Keep may act.
  const login = await chrome.context.newPage();
  expect((await login.goto(`${world.hostUrl}/.auth/login/aad?as=platform.lead&post_login_redirect_uri=/api/health`))?.status()).toBe(200);
  await login.close();
  const s = await api("sweeps", { method: "POST" });
  for (let i = 0; i < 900; i++) {
    if ((await api(`sweeps/${s.id}`)).runtimeStatus === "Completed") return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the sweep did not complete");
}, 300_000);

afterAll(async () => {
  await chrome?.close();
  await world?.stop();
});

describe("console charts and sandboxes", () => {
  it("draws findings over time, by severity, the shadow-AI trend and budget burn from the estate's data", async () => {
    const { page, dialogs, errors } = await open();
    expect(await page.locator("#trends canvas").count()).toBe(3);
    expect(await page.locator("#budgets canvas").count()).toBe(1);
    for (const sel of ["#trends figure:nth-of-type(1) canvas", "#trends figure:nth-of-type(2) canvas", "#trends figure:nth-of-type(3) canvas", "#budgets canvas"]) {
      expect(await inked(page, sel), sel).toBeGreaterThan(1000);
    }
    // The numbers behind the charts are the API's: today's open findings per guardrail.
    const openNow = (await api("findings?status=open&pageSize=1000")).value as Array<{ guardrail: string }>;
    const counts = new Map<string, number>();
    for (const f of openNow) counts.set(f.guardrail, (counts.get(f.guardrail) ?? 0) + 1);
    const rows = await page.locator("#trends figure:nth-of-type(2) tbody tr").allTextContents();
    expect(rows.length).toBe(new Set((await api("findings?pageSize=1000")).value.map((f: any) => f.guardrail)).size);
    const severityRows = await page.locator("#trends figure:nth-of-type(2) tbody tr").evaluateAll((trs: any[]) => trs.map((tr) => [...tr.children].map((td: any) => String(td.textContent ?? ""))));
    for (const [g, ...n] of severityRows) expect(n.reduce((a, b) => a + Number(b), 0), g).toBe(counts.get(g!) ?? 0);
    // Budgets by subscription name, not id.
    const budgetRows = await page.locator("#budgets tbody tr td:first-child").allTextContents();
    const budgets = (await api("budgets")).value as unknown[];
    expect(budgetRows.length).toBe(budgets.length);
    expect(budgetRows.some((t) => /^[0-9a-f-]{36}$/.test(t))).toBe(false);
    expect(budgetRows).toContain("corp-genai-chat-prod");
    // Fits 1280 px.
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(1280);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "console-charts.png"), fullPage: true });
    await page.close();
  }, 120_000);

  it("lists sandboxes by name; Extend extends one through the API and the audit log records it", async () => {
    const { page } = await open();
    const tracked = (await api("sandboxes")).value as Array<{ id: string; status: string; extensions: number; maxExtensions: number }>;
    expect(await page.locator("#sandboxes tbody tr").count()).toBe(tracked.length);
    const target = tracked.find((s) => s.status === "Flagged" && s.extensions < s.maxExtensions)!;
    expect(target, "a flagged sandbox to extend").toBeDefined();
    const button = page.locator(`#sandboxes button[data-sandbox="${target.id}"]`);
    const row = page.locator("#sandboxes tbody tr", { has: page.locator(`button[data-sandbox="${target.id}"]`) });
    expect(await row.locator("[data-col=name]").getAttribute("title")).toBe(target.id);
    expect(await row.locator("[data-col=name]").textContent()).not.toMatch(/^\/subscriptions/);
    await button.focus();
    await page.keyboard.press("Enter");
    await expect.poll(async () => page.locator(`#sandboxes tbody tr:has(button[data-sandbox="${target.id}"]) [data-col=extensions]`).textContent(), { timeout: 20_000 }).toBe(`${target.extensions + 1}/${target.maxExtensions}`);
    await expect.poll(() => page.locator(`#sandboxes tbody tr:has(button[data-sandbox="${target.id}"]) [data-col=state]`).textContent()).toBe("Active");
    const after = ((await api("sandboxes")).value as typeof tracked).find((s) => s.id === target.id)!;
    expect(after).toMatchObject({ status: "Active", extensions: target.extensions + 1 });
    const audit = (await api(`audit?resourceId=${encodeURIComponent(target.id)}`)).value as Array<{ action: string; reason: string }>;
    expect(audit.some((a) => a.action === "sandbox.extend" && a.reason === "extended from the console")).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "console-sandboxes.png"), fullPage: true });
    await page.close();
  }, 120_000);

  it("shows the adoption metrics against their targets, with experiments, models and the shadow-AI trend from the sweep", async () => {
    const { page, errors } = await open();
    const a = await api("metrics/adoption");
    expect(a.facts, "the sweep's facts").not.toBeNull();
    for (const m of ["provisioning", "selfService", "experiments", "models", "shadowAi"]) expect(await page.locator(`#adoption [data-metric=${m}]`).count(), m).toBe(1);
    expect(await page.locator("#adoption [data-metric=experiments] b").textContent()).toBe(a.experiments.averagePerExperiment === null ? "n/a" : `${a.experiments.averagePerExperiment.toFixed(2)} ${a.experiments.currency}`);
    expect(await page.locator("#adoption [data-metric=models] b").textContent()).toBe(`${a.models.production} / ${a.models.experiments}`);
    expect(a.experiments.count, "the demo estate's sandboxes").toBeGreaterThan(0);
    expect(a.models.production + a.models.experiments, "the demo estate's model deployments").toBeGreaterThan(0);
    expect(await inked(page, "#adoption figure:nth-of-type(1) canvas")).toBeGreaterThan(1000);
    expect(await inked(page, "#adoption figure:nth-of-type(2) canvas")).toBeGreaterThan(1000);
    expect(await page.locator("#adoption tbody tr").last().locator("td").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.locator("#adoption").screenshot({ path: path.join(SCREENSHOTS, "console-adoption.png") });
    await page.close();
  }, 120_000);

  it("creates and revokes an exemption from the console; a bad scope is refused naming the field; both are audited by name", async () => {
    const { page } = await open();
    const sub = ((await api("directory")).subscriptions as Array<{ id: string; name: string }>).find((s) => s.name === "corp-genai-chat-prod")!;
    const scope = `/subscriptions/${sub.id}`;
    await page.locator("#exemption-scope").fill("not-a-scope");
    await page.locator("#exemption-guardrail").selectOption("requiredTags");
    await page.locator("#exemption-until").fill(day(10));
    await page.locator("#exemption-reason").fill("migration window");
    await page.click("#exemptions button[type=submit]");
    await expect.poll(() => page.locator("#exemptions [data-role=exemption-status]").textContent()).toMatch(/Not created: HTTP 400: scope: /);
    await page.locator("#exemption-scope").fill(scope);
    await page.locator("#exemption-ref").fill("CHG-42");
    await page.click("#exemptions button[type=submit]");
    const row = page.locator("#exemptions tbody tr", { hasText: "CHG-42" });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain("requiredTags");
    const created = ((await api("exemptions")).value as Array<{ id: string; scope: string; ref?: string; createdBy: string }>).find((x) => x.ref === "CHG-42")!;
    expect(created.scope).toBe(scope);
    await row.locator("button", { hasText: "Revoke" }).click();
    await expect.poll(() => page.locator("#exemptions tbody tr", { hasText: "CHG-42" }).count(), { timeout: 20_000 }).toBe(0);
    expect(((await api("exemptions")).value as Array<{ id: string }>).some((x) => x.id === created.id)).toBe(false);
    const audit = (await api(`audit?resourceId=${encodeURIComponent(scope)}`)).value as Array<{ action: string; actor: string }>;
    expect(audit.map((x) => x.action)).toEqual(expect.arrayContaining(["exemption.create", "exemption.delete"]));
    // The audit view names the person who did it, with the id on hover.
    await page.click("#refresh");
    const actor = page.locator("#audit tbody tr", { hasText: "exemption.delete" }).first().locator("[data-col=actor]");
    await actor.waitFor({ timeout: 20_000 });
    expect(await actor.getAttribute("title")).toBe(created.createdBy);
    await page.close();
  }, 120_000);

  it("shows a vending request's step timeline; an approver approves it from the console and it provisions", async () => {
    const body = { workloadName: "console-prod", archetype: "corp", environment: "prod", owners: ["alice@contoso.com"], costCenter: "cc-1234", budget: { amount: 5000 }, regions: { primary: "eastus2", secondary: "swedencentral" }, gpuQuota: [], network: { size: 24 }, dataClassification: "internal", justification: "console test" };
    const submitted = await api("vending/requests", { method: "POST", body: JSON.stringify(body), headers: { "idempotency-key": "console-prod-1" } });
    expect(submitted.id, JSON.stringify(submitted)).toBeTruthy();
    for (let i = 0; i < 150 && (await api(`vending/requests/${submitted.id}`)).status !== "AwaitingApproval"; i++) await new Promise((r) => setTimeout(r, 200));
    const { page } = await open();
    const row = page.locator("#vending tbody tr", { hasText: submitted.id });
    expect(await row.locator("[data-col=status]").textContent()).toContain("AwaitingApproval");
    expect(await row.locator(".timeline li").count()).toBeGreaterThan(0);
    await row.locator("button[data-action=reject]").click();
    expect(await row.textContent()).toContain("Give a reason to reject.");
    await row.locator("button[data-action=approve]").click();
    await expect.poll(async () => (await api(`vending/requests/${submitted.id}`)).status, { timeout: 60_000, interval: 500 }).toBe("Completed");
    await page.click("#refresh");
    await expect.poll(() => page.locator("#vending tbody tr", { hasText: submitted.id }).locator("[data-col=status]").textContent(), { timeout: 20_000 }).toContain("Completed");
    const steps = await page.locator("#vending tbody tr", { hasText: submitted.id }).locator(".timeline li").allTextContents();
    expect(steps.some((t) => t.includes("approval"))).toBe(true);
    expect(steps.every((t) => /succeeded|skipped/.test(t))).toBe(true);
    expect(await page.locator("#vending figure canvas").count()).toBe(1);
    await page.locator("#vending").screenshot({ path: path.join(SCREENSHOTS, "console-vending.png") });
    await page.close();
  }, 180_000);

  it("previews a proposed policy: the page lists what the API predicts; a broken one names its line", async () => {
    const { page } = await open();
    // privateLinkCoverage off resolves the sweep's findings; sandboxLifecycle in enforce runs whatever decommissions are due.
    const proposal = POLICY.replace(/(\n  sandboxLifecycle:\n    mode:) \w+/, "$1 enforce").replace(/(\n  privateLinkCoverage:\n    mode:) \w+/, "$1 off");
    const expected = await (await fetch(`${world.hostUrl}/api/policy/preview?days=7`, { method: "POST", headers: { "x-functions-key": world.functionKey, "content-type": "application/yaml", ...asPlatformAdmin() }, body: proposal })).json() as any;
    const resolving = [...expected.findings.resolve, ...expected.events.findings.resolve].filter((f: any) => f.guardrail === "privateLinkCoverage").length;
    expect(resolving, "the demo estate has privateLinkCoverage findings").toBeGreaterThan(0);
    await page.getByLabel("Proposed guardrails.yaml").fill(proposal);
    await page.click("#preview button[type=submit]");
    await page.locator("#preview [data-role=preview-summary]").waitFor({ timeout: 60_000 });
    expect(await page.locator("#preview tbody tr", { hasText: "finding would resolve" }).filter({ hasText: "privateLinkCoverage" }).count()).toBe(resolving);
    expect(await page.locator("#preview tbody tr", { hasText: "action would run" }).count()).toBe(expected.actions.start.length + expected.events.actions.start.length);
    await page.locator("#preview").screenshot({ path: path.join(SCREENSHOTS, "console-preview.png") });
    await page.getByLabel("Proposed guardrails.yaml").fill(POLICY.replace(/(\n  sandboxLifecycle:\n    mode:) \w+/, "$1 sometimes"));
    await page.click("#preview button[type=submit]");
    await expect.poll(() => page.locator("#preview [data-role=preview-error]").textContent(), { timeout: 30_000 }).toMatch(/HTTP 400: line \d+, column \d+: guardrails\.sandboxLifecycle\.mode/);
    await page.close();
  }, 120_000);

  it("shows GPU quota allocated vs peak with Keep: a reason is required, and Keep reaches the reclaim", async () => {
    const { page } = await open();
    const reclaims = (await api("quota-reclaims")).value as Array<{ id: string; status: string; limit: number }>;
    const pending = reclaims.find((r) => r.status === "Notified")!;
    expect(pending, "the demo sweep starts a reclaim").toBeDefined();
    expect(await inked(page, "#quota canvas")).toBeGreaterThan(1000);
    expect(await page.locator("#quota tbody tr").count()).toBe(reclaims.length * 2);
    const button = page.locator(`#quota button[data-reclaim="${pending.id}"]`);
    await button.click();
    expect(await page.locator("#quota [data-role=note]").textContent()).toMatch(/^Give a reason/);
    const input = page.getByLabel("Reason").first();
    await input.fill("training run next week");
    await button.click();
    await expect.poll(() => page.locator("#quota [data-role=note]").textContent()).toMatch(/^Keeping /);
    await expect.poll(async () => ((await api(`quota-reclaims/${encodeURIComponent(pending.id)}`)) as { status: string }).status, { timeout: 30_000 }).toBe("Kept");
    await page.screenshot({ path: path.join(SCREENSHOTS, "console-quota.png"), fullPage: true });
    await page.close();
  }, 120_000);
});
