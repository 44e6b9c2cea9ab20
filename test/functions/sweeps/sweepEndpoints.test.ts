import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnLocal, type LocalProcess } from "../../support/spawnLocal";
import { asPlatformAdmin } from "../../support/appAuth";

// Bad input to the sweep endpoints: 4xx with a message naming the field, never a stack trace.
let world: LocalProcess;
const api = (p: string, init?: RequestInit) => fetch(`${world.hostUrl}/api/${p}${p.includes("?") ? "&" : "?"}code=${world.functionKey}`, { ...init, headers: { ...asPlatformAdmin(), ...(init?.headers as Record<string, string> | undefined) } });
const SANDBOX = "c0c0c0c0-0000-4000-8000-000000000033";

async function errorOf(r: Response) {
  const text = await r.text();
  expect(text).not.toMatch(/\n\s+at /);
  return { status: r.status, text };
}

beforeAll(async () => {
  world = await spawnLocal({ estate: true });
}, 180_000);
afterAll(async () => world?.stop());

describe("sweep endpoints reject bad input", () => {
  it("POST /api/sweeps: bad dryRun value, bad date", async () => {
    const a = await errorOf(await api("sweeps?dryRun=yes", { method: "POST" }));
    expect(a.status).toBe(400);
    expect(a.text).toMatch(/dryRun/);
    const b = await errorOf(await api("sweeps?date=2025-02-30", { method: "POST" }));
    expect(b.status).toBe(400);
    expect(b.text).toMatch(/date/);
  });

  it("GET /api/sweeps/{id}: an id that is not a date", async () => {
    for (const id of ["yesterday", "2025-13-01", "2025-01-01-wet"]) {
      const r = await errorOf(await api(`sweeps/${id}`));
      expect(r.status).toBe(400);
      expect(r.text).toMatch(/\bid\b/);
    }
    expect((await api("sweeps/2001-01-01")).status).toBe(404);
  });

  it("POST /api/quota-reclaims/{id}/keep without a reason", async () => {
    for (const body of ["{}", JSON.stringify({ reason: "   " })]) {
      const r = await errorOf(await api("quota-reclaims/x/keep", { method: "POST", body, headers: { "content-type": "application/json" } }));
      expect(r.status).toBe(400);
      expect(r.text).toMatch(/reason/);
    }
  });

  it("POST /api/sandboxes/{id}/extend: bad subscription id, unknown field, and beyond the maximum extensions", async () => {
    const bad = await errorOf(await api("sandboxes/not-a-guid/extend", { method: "POST", body: "{}" }));
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/subscriptionId/);
    const extra = await errorOf(await api(`sandboxes/${SANDBOX}/extend`, { method: "POST", body: JSON.stringify({ days: 90 }) }));
    expect(extra.status).toBe(400);
    expect(extra.text).toMatch(/days/);

    // The sweep tracks the sandboxes; the policy allows 2 extensions.
    const start = await api("sweeps", { method: "POST" });
    const { id } = (await start.json()) as { id: string };
    for (let i = 0; i < 300; i++) {
      const s = (await (await api(`sweeps/${id}`)).json()) as { runtimeStatus: string };
      if (s.runtimeStatus === "Completed") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const n of [1, 2]) {
      const ok = await api(`sandboxes/${SANDBOX}/extend`, { method: "POST", body: "{}" });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { extensions: number }).extensions).toBe(n);
    }
    const third = await errorOf(await api(`sandboxes/${SANDBOX}/extend`, { method: "POST", body: "{}" }));
    expect(third.status).toBe(409);
    expect(third.text).toMatch(/maxExtensions|all 2 extensions/);
  });
});
