import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ROLES } from "../../../functions/auth/appRoles";
import { requestBody } from "../../orchestrations/vending/vendingWorld";
import { asPerson, asRoles, forgedPrincipal } from "../../support/appAuth";
import { spawnLocal, type LocalProcess } from "../../support/spawnLocal";

// Who may do what, through the real host (which plays Easy Auth) and the whole app on the demo
// estate: every HTTP route against every role. Allowed calls carry input the route refuses
// after the role check (a bad query, an id that does not exist), so a 400/404 proves the caller
// got past authorization and nothing is changed; a refused call is exactly 401 or 403.

type Who = "nobody" | "signedIn" | "reader" | "operator" | "approver";
const WHO: Record<Exclude<Who, "nobody">, Record<string, string>> = {
  signedIn: asRoles([], { upn: "visitor@contoso.com" }),
  reader: asRoles([APP_ROLES.reader]),
  operator: asRoles([APP_ROLES.operator]),
  approver: asRoles([APP_ROLES.approver]),
};

const GUID = "c0c0c0c0-0000-4000-8000-0000000000ff";
/** Every HTTP function: how to call it, and who may (the route's declared access). */
const ROUTES: Record<string, { method: string; path: string; body?: unknown; allowed: Who[] }> = {
  findings: { method: "GET", path: "findings?status=maybe", allowed: ["reader", "operator", "approver"] },
  audit: { method: "GET", path: "audit?limit=0", allowed: ["reader", "operator", "approver"] },
  reports: { method: "GET", path: "reports/2001-01-01", allowed: ["reader", "operator", "approver"] },
  metricsVending: { method: "GET", path: "metrics/vending", allowed: ["reader", "operator", "approver"] },
  metricsAdoption: { method: "GET", path: "metrics/adoption", allowed: ["reader", "operator", "approver"] },
  exemptionsList: { method: "GET", path: "exemptions/no-such-exemption", allowed: ["reader", "operator", "approver"] },
  exemptionsCreate: { method: "POST", path: "exemptions", body: {}, allowed: ["approver"] },
  exemptionsDelete: { method: "DELETE", path: "exemptions/no-such-exemption", allowed: ["approver"] },
  sweepsStart: { method: "POST", path: "sweeps?dryRun=perhaps", allowed: ["operator"] },
  sweepsGet: { method: "GET", path: "sweeps/2001-01-01", allowed: ["reader", "operator", "approver"] },
  quotaReclaimGet: { method: "GET", path: "quota-reclaims/no-such-reclaim", allowed: ["reader", "operator", "approver"] },
  quotaReclaimList: { method: "GET", path: "quota-reclaims?bogus=1", allowed: ["reader", "operator", "approver"] },
  sandboxesList: { method: "GET", path: "sandboxes", allowed: ["reader", "operator", "approver"] },
  budgets: { method: "GET", path: "budgets?subscription=not-a-guid", allowed: ["reader", "operator", "approver"] },
  directory: { method: "GET", path: "directory?bogus=1", allowed: ["reader", "operator", "approver"] },
  policyPreview: { method: "POST", path: "policy/preview", body: "guardrails: [", allowed: ["reader", "operator", "approver"] },
  // Owner routes: any signed-in caller reaches the owner check, which needs the resource (404 here).
  quotaReclaimKeep: { method: "POST", path: "quota-reclaims/no-such-reclaim/keep", body: { reason: "x" }, allowed: ["signedIn", "reader", "operator", "approver"] },
  idleGpuKeep: { method: "POST", path: "idle-gpu-compute/keep", body: { resourceId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-none/providers/Microsoft.Compute/virtualMachines/vm-none", until: "2999-01-01", reason: "x" }, allowed: ["signedIn", "reader", "operator", "approver"] },
  sandboxExtendSubscription: { method: "POST", path: `sandboxes/${GUID}/extend`, body: {}, allowed: ["signedIn", "reader", "operator", "approver"] },
  sandboxExtendResourceGroup: { method: "POST", path: `sandboxes/${GUID}/resourceGroups/rg-none/extend`, body: {}, allowed: ["signedIn", "reader", "operator", "approver"] },
  vendingGet: { method: "GET", path: "vending/requests/no-such-request", allowed: ["signedIn", "reader", "operator", "approver"] },
  vendingCancel: { method: "POST", path: "vending/requests/no-such-request/cancel", allowed: ["signedIn", "reader", "operator", "approver"] },
  vendingSubmit: { method: "POST", path: "vending/requests", body: {}, allowed: ["signedIn", "reader", "operator", "approver"] },
  vendingList: { method: "GET", path: "vending/requests?status=Nope", allowed: ["reader", "operator", "approver"] },
  vendingApprove: { method: "POST", path: "vending/requests/no-such-request/approve", allowed: ["approver"] },
  vendingReject: { method: "POST", path: "vending/requests/no-such-request/reject", body: { reason: "x" }, allowed: ["approver"] },
  vendingRetry: { method: "POST", path: "vending/requests/no-such-request/retry", allowed: ["operator"] },
  // The function key alone: an action group cannot sign in.
  budgetAlertsWebhook: { method: "POST", path: "budget-alerts", body: {}, allowed: ["nobody", "signedIn", "reader", "operator", "approver"] },
  console: { method: "GET", path: "console", allowed: ["nobody", "signedIn", "reader", "operator", "approver"] },
  consoleAssets: { method: "GET", path: "console/assets/console.js", allowed: ["nobody", "signedIn", "reader", "operator", "approver"] },
};

let world: LocalProcess;

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${world.hostUrl}/api/${path}`, {
    method: init.method ?? "GET",
    headers: { "x-functions-key": world.functionKey, "content-type": "application/json", ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // HTML or script
  }
  return { status: res.status, body, text };
}

beforeAll(async () => {
  world = await spawnLocal({ estate: true });
}, 180_000);
afterAll(async () => world?.stop());

describe("route by role (the local host plays Easy Auth)", () => {
  it("the table covers every HTTP function the app registers", async () => {
    const fns = (await (await fetch(`${world.hostUrl}/admin/functions`, { headers: { "x-functions-key": world.functionKey } })).json()) as Array<{ name: string; trigger: string }>;
    expect(fns.filter((f) => f.trigger.toLowerCase() === "httptrigger").map((f) => f.name).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  for (const [name, r] of Object.entries(ROUTES)) {
    it(`${name}: ${r.method} /api/${r.path.split("?")[0]} allows ${r.allowed.join(", ")}`, async () => {
      for (const who of ["nobody", ...Object.keys(WHO)] as Who[]) {
        const res = await call(r.path, { method: r.method, body: r.body, headers: who === "nobody" ? {} : WHO[who as Exclude<Who, "nobody">] });
        expect(res.text, `${who} -> ${name}`).not.toMatch(/\n\s+at /);
        if (r.allowed.includes(who)) {
          expect([401, 403], `${who} must be allowed on ${name}: ${res.text.slice(0, 300)}`).not.toContain(res.status);
          expect(res.status, `${who} -> ${name}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
        } else {
          expect(res.status, `${who} must be refused on ${name}: ${res.text.slice(0, 300)}`).toBe(who === "nobody" ? 401 : 403);
          expect(res.body.error.field).toBe("x-ms-client-principal");
        }
      }
    });
  }

  it("the function key alone is not an identity; a forged x-ms-client-principal is dropped by Easy Auth", async () => {
    const forged = { "x-ms-client-principal": forgedPrincipal("99999999-0000-4000-8000-000000000009", [APP_ROLES.approver]), "x-ms-client-principal-name": "platform.lead@contoso.com" };
    const r = await call("exemptions", { method: "POST", headers: forged, body: { scope: `/subscriptions/${GUID}`, guardrail: "*", until: "2099-01-01", justification: "forged" } });
    expect(r.status).toBe(401);
    const all = (await call("exemptions", { headers: asPerson("platform.lead") })).body.value as Array<{ justification: string }>;
    expect(all.filter((e) => e.justification === "forged")).toEqual([]);
  });

  it("a token for another audience, or an expired one, is refused with 401 by Easy Auth", async () => {
    const { makeToken } = await import("../../../local/arm/tokens");
    const mgmt = makeToken({ oid: "0a0a0a0a-0000-4000-8000-000000000001", upn: "admin@contoso.com", roles: [APP_ROLES.approver] });
    const wrongAud = await call("findings", { headers: { authorization: `Bearer ${mgmt}` } });
    expect(wrongAud.status).toBe(401);
    expect(wrongAud.body.error.message).toContain("audience");
    const { appToken } = await import("../../../local/demo/demoAppRoles");
    const expired = appToken({ oid: "0a0a0a0a-0000-4000-8000-000000000001", upn: "x@contoso.com", roles: [APP_ROLES.reader], exp: 1_000_000 });
    expect((await call("findings", { headers: { authorization: `Bearer ${expired}` } })).body.error.message).toContain("expired");
  });

  it("identity comes from the principal: an exemption records its signed-in creator, and 'by' in a body is refused by name", async () => {
    const made = await call("exemptions", { method: "POST", headers: asPerson("platform.lead"), body: { scope: `/subscriptions/${GUID}`, guardrail: "*", until: "2099-01-01", justification: "route test" } });
    expect(made.status).toBe(201);
    expect(made.body.createdBy).toBe("platform.lead@contoso.com");
    const sneaky = await call("exemptions", { method: "POST", headers: asPerson("platform.lead"), body: { scope: `/subscriptions/${GUID}`, guardrail: "*", until: "2099-01-01", justification: "x", createdBy: "someone.else@contoso.com" } });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.field).toBe("createdBy");
    const keep = await call("quota-reclaims/any/keep", { method: "POST", headers: asPerson("omar"), body: { reason: "x", by: "sara@contoso.com" } });
    expect(keep.status).toBe(400);
    expect(keep.body.error.field).toBe("by");
    const extend = await call(`sandboxes/${GUID}/extend`, { method: "POST", headers: asPerson("omar"), body: { by: "dave@contoso.com" } });
    expect(extend.status).toBe(400);
    expect(extend.body.error.field).toBe("by");
    expect((await call(`exemptions/${made.body.id}`, { method: "DELETE", headers: asPerson("platform.lead") })).status).toBe(204);
  });

  it("vending: the requester reads and cancels its own request; another signed-in person may not; a Reader reads", async () => {
    const submitted = await call("vending/requests", { method: "POST", headers: { ...asPerson("pipeline"), "idempotency-key": `route-${process.pid}` }, body: requestBody("corp", { owners: ["omar@contoso.com"], environment: "prod", regions: { primary: "eastus2", secondary: "swedencentral" } }) });
    expect(submitted.status, submitted.text).toBe(202);
    const id = submitted.body.id as string;
    const mine = await call(`vending/requests/${id}`, { headers: asPerson("pipeline") });
    expect(mine.status).toBe(200);
    expect(mine.body.requestedBy).toBe("ailz-pipeline");
    expect((await call(`vending/requests/${id}`, { headers: WHO.signedIn })).status).toBe(403);
    expect((await call(`vending/requests/${id}`, { headers: asPerson("omar") })).status).toBe(200);
    const cancelByOther = await call(`vending/requests/${id}/cancel`, { method: "POST", headers: asPerson("omar") });
    expect(cancelByOther.status).toBe(403);
    expect(cancelByOther.body.error.message).toContain("ailz-pipeline");
  });
});

describe("Easy Auth off: nothing trusts a header anyone can send", () => {
  let off: LocalProcess;
  beforeAll(async () => {
    off = await spawnLocal({ appEntry: "functions/vendingApp.ts", env: { AILZ_EASY_AUTH: "off" } });
  }, 180_000);
  afterAll(async () => off?.stop());

  it("role-protected routes answer 503 with the reason, even to a forged approver, and the start-up log warns", async () => {
    const forged = { "x-ms-client-principal": forgedPrincipal("99999999-0000-4000-8000-000000000009", [APP_ROLES.approver, APP_ROLES.reader]) };
    for (const [method, path] of [["GET", "vending/requests"], ["POST", "vending/requests/x/approve"], ["GET", "metrics/vending"]] as const) {
      const res = await fetch(`${off.hostUrl}/api/${path}`, { method, headers: { "x-functions-key": off.functionKey, ...forged } });
      const body = (await res.json()) as any;
      expect(res.status, path).toBe(503);
      expect(body.error.code).toBe("AuthenticationNotConfigured");
      expect(body.error.message).toContain("WEBSITE_AUTH_ENABLED");
    }
    expect(off.output()).toMatch(/role-protected routes will answer 503: App Service Authentication is not enabled/);
    expect((await fetch(`${off.hostUrl}/.auth/me`)).status).toBe(404);
  });
});
