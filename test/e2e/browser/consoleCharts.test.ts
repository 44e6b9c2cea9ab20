import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "../../support/browser";
import { asPlatformAdmin } from "../../support/appAuth";
import { spawnLocal, type LocalProcess } from "../../support/spawnLocal";

// The console's TypeScript front end (console/src/dashboard.ts, bundled with Chart.js at start-up)
// in Debian's Chromium over the demo estate after a real sweep: the charts draw the estate's
// numbers, the sandboxes table names each sandbox and its Extend acts and is audited, and the
// page fits 1280 px without sideways scrolling.

const SCREENSHOTS = path.resolve(__dirname, "../../../.ailz/screenshots");
let world: LocalProcess;
let chrome: LaunchedBrowser;
// The platform team, signed in through the local host's Easy Auth.
const api = async (p: string, init?: RequestInit) => (await fetch(`${world.hostUrl}/api/${p}`, { ...init, headers: { "x-functions-key": world.functionKey, ...asPlatformAdmin() } })).json() as Promise<any>;

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
