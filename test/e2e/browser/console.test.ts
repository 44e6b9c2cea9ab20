import fs from "node:fs";
import path from "node:path";
import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeToken } from "../../../local/arm/tokens";
import { subId, user } from "../../../local/demo/demoIds";
import { gpuVmBody, until } from "../../functions/support/eventsWorld";
import { launchBrowser, type LaunchedBrowser } from "../../support/browser";
import { spawnLocal, type LocalProcess } from "../../support/spawnLocal";
import { asPlatformAdmin } from "../../support/appAuth";

// The operator console in Debian's Chromium against a whole local world (Contoso demo estate,
// the full app). A person creates a GPU VM in a Corp subscription; the emulator's Event Grid
// delivers the write to ailz, which opens findings; the console must show them, filter them,
// render a script-bearing tag value as text, start a dry-run sweep and link its report.

const SCREENSHOTS = path.resolve(__dirname, "../../../.ailz/screenshots");
const SUB = subId(14); // corp-fraud-ml-prod
const RG = `/subscriptions/${SUB}/resourceGroups/rg-console-e2e`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/gpu-console-xss`;
const XSS = "<img src=x onerror=window.__xss=1>";
const ADMIN = makeToken({ oid: "0a0a0a0a-0000-4000-8000-000000000001", upn: "admin@contoso.com", name: "Admin", idtyp: "user" });
const omar = user("omar");
const PERSON = makeToken({ oid: omar.objectId, upn: omar.upn, name: omar.displayName, idtyp: "user" });

let world: LocalProcess;
let chrome: LaunchedBrowser;

async function arm(method: string, id: string, body: unknown, token: string, apiVersion: string): Promise<void> {
  const res = await fetch(`${world.emulatorUrl}${id}?api-version=${apiVersion}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`ARM ${method} ${id}: ${res.status} ${await res.text()}`);
}

async function openFindings(): Promise<Array<{ guardrail: string; resourceId: string; evidence?: Record<string, unknown> }>> {
  const res = await fetch(`${world.hostUrl}/api/findings?status=open&subscription=${SUB}`, { headers: { "x-functions-key": world.functionKey, ...asPlatformAdmin() } });
  return ((await res.json()) as { value: [] }).value;
}

/** Opens a page that records every request it makes and any dialog (an XSS would raise one or set window.__xss). */
async function openPage(url: string): Promise<{ page: Page; requests: Request[]; dialogs: string[] }> {
  const page = await chrome.context.newPage();
  const requests: Request[] = [];
  const dialogs: string[] = [];
  page.on("request", (r) => requests.push(r));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector("body[data-loaded=true]", { timeout: 20_000 });
  return { page, requests, dialogs };
}

/** Easy Auth's sign-in as the local host plays it: a session cookie for the browser context (Noor, netops, holds ailz.Operator). */
async function signIn(person: string): Promise<void> {
  const page = await chrome.context.newPage();
  const res = await page.goto(`${world.hostUrl}/.auth/login/aad?as=${person}&post_login_redirect_uri=/api/health`);
  expect(res?.status()).toBe(200);
  await page.close();
}

const findingGuardrails = (page: Page) => page.locator("#findings tbody [data-col=guardrail]").allTextContents();

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // estate: true = startLocal's default, the Contoso demo estate (AILZ_ESTATE unset).
  const [w, c] = await Promise.allSettled([spawnLocal({ estate: true }), launchBrowser()]);
  if (w.status === "fulfilled") world = w.value;
  if (c.status === "fulfilled") chrome = c.value;
  if (w.status === "rejected") throw w.reason;
  if (c.status === "rejected") throw c.reason;
  await signIn("netops");
  // startLocal wires every subscription's resource events to ailz, as postdeploy does in Azure.
  await arm("PUT", RG, { location: "swedencentral" }, ADMIN, "2021-04-01");
  // A person makes a GPU VM by hand; its malformed ailz-exempt tag carries an HTML payload
  // that ailz quotes in the findings' evidence.
  await arm("PUT", VM, { ...gpuVmBody({ "ailz-exempt": `shadowAi;until=${XSS};ref=T-1` }), location: "swedencentral" }, PERSON, "2024-07-01");
  await until(async () => (await openFindings()).some((f) => f.guardrail === "shadowAi" && f.resourceId.toLowerCase() === VM.toLowerCase()), "a shadowAi finding for the hand-made VM");
  // Every event of that write (the VM, the group, ailz's own tag) is handled before the page reads
  // the findings: their count must hold still across a few polls.
  let last = -1;
  let steady = 0;
  await until(async () => {
    const n = (await openFindings()).length;
    steady = n === last ? steady + 1 : 0;
    last = n;
    return steady >= 15;
  }, "the open findings to settle");
});

afterAll(async () => {
  await chrome?.close();
  await world?.stop();
});

describe("operator console", () => {
  it("shows the open findings, filters them by guardrail, and renders user data as text", async () => {
    const { page, requests, dialogs } = await openPage(`${world.hostUrl}/api/console?code=${encodeURIComponent(world.functionKey)}`);
    const vmRows = page.locator("#findings tbody tr", { hasText: "gpu-console-xss" });
    expect(await vmRows.count()).toBeGreaterThanOrEqual(2);
    const shadow = vmRows.filter({ has: page.locator("[data-col=rule]", { hasText: /^unapprovedDeployer$/ }) });
    await expect.poll(() => shadow.count()).toBe(1);
    expect(await shadow.textContent()).toContain("not an approved deployer");
    // The subscription by name, the id below it.
    expect(await shadow.locator("[data-col=subscription]").textContent()).toBe("corp-fraud-ml-prod");

    // The payload is on the page as text, and nothing of it became markup or ran.
    expect(await page.locator("#findings").textContent()).toContain(`until "${XSS}" is not a date`);
    expect(await page.locator("#findings img").count()).toBe(0);
    expect(await page.evaluate("typeof window.__xss")).toBe("undefined");
    expect(dialogs).toEqual([]);

    const all = await findingGuardrails(page);
    expect(new Set(all)).toEqual(new Set(["shadowAi", "requiredTags"]));
    for (const g of ["shadowAi", "requiredTags"]) {
      await page.selectOption("#guardrail-filter", g);
      await expect.poll(async () => [...new Set(await findingGuardrails(page))]).toEqual([g]);
      expect(await findingGuardrails(page)).toHaveLength(all.filter((x) => x === g).length);
    }
    await page.selectOption("#guardrail-filter", "");
    await expect.poll(async () => (await findingGuardrails(page)).length).toBe(all.length);

    // Sections from the other APIs rendered (empty or not), none failed.
    for (const id of ["report", "sweeps", "vending", "exemptions", "audit"]) {
      expect(await page.locator(`#${id} .note.error`).count(), id).toBe(0);
      expect(await page.locator(`#${id}`).getAttribute("aria-busy"), id).toBe("false");
    }
    expect(await page.locator("#audit tbody tr").count()).toBeGreaterThan(0);

    // The key travels only in the x-functions-key header: the page's own URL is the one place it appears.
    const apiCalls = requests.filter((r) => new URL(r.url()).pathname.match(/^\/api\/(findings|audit|exemptions|reports|sweeps|vending|metrics)/));
    expect(apiCalls.length).toBeGreaterThanOrEqual(6);
    for (const r of apiCalls) expect(await r.headerValue("x-functions-key"), r.url()).toBe(world.functionKey);
    const leaks = requests.filter((r) => !new URL(r.url()).pathname.endsWith("/api/console") && (r.url().includes(world.functionKey) || r.url().includes(encodeURIComponent(world.functionKey))));
    expect(leaks.map((r) => r.url())).toEqual([]);
    expect(await page.content()).not.toContain(world.functionKey);

    await page.screenshot({ path: path.join(SCREENSHOTS, "console.png"), fullPage: true });
    await page.close();
  });

  it("starts a dry-run sweep, shows its progress to completion and links its report", async () => {
    const { page } = await openPage(`${world.hostUrl}/api/console?code=${encodeURIComponent(world.functionKey)}`);
    await page.click("#start-sweep");
    const row = page.locator("#sweeps tbody tr", { hasText: "-dryrun" });
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.locator(".pill").first().textContent(), { timeout: 60_000, interval: 250 }).toBe("Completed");
    expect(await row.textContent()).toMatch(/\d+ done, \d+ would do, \d+ flagged, 0 failed/);
    expect(await page.locator("#sweeps progress").getAttribute("value")).toBe(await page.locator("#sweeps progress").getAttribute("max"));

    // The report, shown in a sandboxed frame from HTML the page fetched with the key.
    await page.click("#sweeps [data-role=show-report]");
    const frame = page.frameLocator("#sweeps iframe.report-frame");
    await expect.poll(() => frame.locator("h1").textContent(), { timeout: 10_000 }).toMatch(/^Nightly sweep — \d{4}-\d{2}-\d{2}dry run$/);
    expect(await page.locator("#sweeps iframe.report-frame").getAttribute("sandbox")).toBe("");
    await frame.locator("h2", { hasText: "Readiness scorecard" }).waitFor({ state: "visible" });
    // An element shot: a full-page capture does not repaint the (out-of-process) sandboxed frame.
    await page.locator("#sweeps").screenshot({ path: path.join(SCREENSHOTS, "console-sweep.png") });

    // The report HTML itself, as the reports function serves it.
    const date = (await row.locator("code").first().textContent())!.replace(/-dryrun$/, "");
    const report = await chrome.context.newPage();
    await report.setExtraHTTPHeaders({ "x-functions-key": world.functionKey });
    const res = await report.goto(`${world.hostUrl}/api/reports/${date}?dryRun=true&format=html`);
    expect(res?.status()).toBe(200);
    expect(await report.locator("h2", { hasText: "Readiness scorecard" }).count()).toBe(1);
    await report.screenshot({ path: path.join(SCREENSHOTS, "report.png") });
    await report.close();
    await page.close();
  });

  it("without a key, or with a wrong one, shows how to add it and loads no data", async () => {
    for (const [query, detail] of [["", "has no key"], ["?code=not-the-key", "rejected (401)"]] as const) {
      const { page } = await openPage(`${world.hostUrl}/api/console${query}`);
      const hint = page.locator("#key-hint");
      expect(await hint.isVisible()).toBe(true);
      expect(await hint.textContent()).toContain("Add ?code=<function key> to this page's URL");
      await expect.poll(() => hint.locator("[data-role=detail]").textContent()).toContain(detail);
      expect(await page.locator("#sections").isVisible()).toBe(false);
      expect(await page.locator("#findings tbody tr").count()).toBe(0);
      await page.close();
    }
  });

  it("signed out, asks the person to sign in and loads no data; a Reader cannot start a sweep", async () => {
    await chrome.context.clearCookies();
    try {
      const { page } = await openPage(`${world.hostUrl}/api/console?code=${encodeURIComponent(world.functionKey)}`);
      await expect.poll(() => page.locator("#key-hint [data-role=detail]").textContent()).toContain("Sign in first (401)");
      expect(await page.locator("#findings tbody tr").count()).toBe(0);
      await page.close();
      await signIn("omar");
      const asReader = await openPage(`${world.hostUrl}/api/console?code=${encodeURIComponent(world.functionKey)}`);
      expect(await asReader.page.locator("#findings tbody tr").count()).toBeGreaterThan(0);
      await asReader.page.click("#start-sweep");
      await expect.poll(() => asReader.page.locator("#sweeps .note.error").textContent()).toContain("lacks the app role ailz.Operator");
      await asReader.page.close();
    } finally {
      await chrome.context.clearCookies();
      await signIn("netops");
    }
  });

  it("skips a section whose API is not deployed (404 from the host) with a note", async () => {
    const page = await chrome.context.newPage();
    await page.route("**/api/vending/requests", (route) => route.fulfill({ status: 404, contentType: "application/json", body: JSON.stringify({ error: { code: "FunctionNotFound", message: "No function matches GET /api/vending/requests" } }) }));
    await page.goto(`${world.hostUrl}/api/console?code=${encodeURIComponent(world.functionKey)}`);
    await page.waitForSelector("body[data-loaded=true]");
    expect(await page.locator("#vending .note").textContent()).toContain("not available: this ailz deployment has no such API (404)");
    expect(await page.locator("#vending .note.error").count()).toBe(0);
    expect(await page.locator("#findings tbody tr").count()).toBeGreaterThan(0);
    await page.close();
  });
});
