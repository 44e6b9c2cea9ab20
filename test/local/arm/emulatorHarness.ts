import { startEmulator, type RunningEmulator } from "../../../local/arm/startEmulator";
import type { EstateJson } from "../../../local/arm/state/schemas";
import { makeToken } from "../../../local/arm/tokens";

export const SUB = "11111111-1111-4111-8111-111111111111";
export const SUB2 = "22222222-2222-4222-8222-222222222222";
export const USER_OID = "aaaaaaaa-0000-4000-8000-000000000001";
export const APP_OID = "bbbbbbbb-0000-4000-8000-000000000002";
export const APP_ID = "cccccccc-0000-4000-8000-000000000003";

export const userToken = makeToken({ oid: USER_OID, upn: "alice@contoso.com", name: "Alice Example", idtyp: "user" });
export const appToken = makeToken({ oid: APP_OID, appid: APP_ID, idtyp: "app" });

export interface Harness extends RunningEmulator {
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any; headers: Headers }>;
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export const baseEstate = (): EstateJson => ({
  managementGroups: [{ name: "landingzones", displayName: "Landing Zones", parent: undefined }, { name: "corp", displayName: "Corp", parent: "landingzones" }],
  subscriptions: [
    { subscriptionId: SUB, displayName: "corp-ai-01", managementGroupId: "corp" },
    { subscriptionId: SUB2, displayName: "sandbox-01" },
  ],
  resourceGroups: [{ id: `/subscriptions/${SUB}/resourceGroups/rg-ai`, name: "rg-ai", type: "Microsoft.Resources/resourceGroups", location: "eastus", properties: { provisioningState: "Succeeded" } }],
});

/** Appends api-version when the path has none, so tests read like ARM paths. */
function withApiVersion(path: string): string {
  if (path.startsWith("/_emulator") || /[?&]api-version=/.test(path)) return path;
  return path + (path.includes("?") ? "&" : "?") + "api-version=2024-03-01";
}

export async function startHarness(opts: Parameters<typeof startEmulator>[0] = {}): Promise<Harness> {
  const emu = await startEmulator({ estate: baseEstate(), ...opts });
  const call: Harness["call"] = async (method, path, body, token = userToken) => {
    const url = /^https?:/.test(path) ? path : emu.url + withApiVersion(path);
    const res = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const control: Harness["control"] = async (method, path, body) => {
    const res = await fetch(emu.url + path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { ...emu, call, control };
}

export const rgPath = (sub = SUB, rg = "rg-ai") => `/subscriptions/${sub}/resourceGroups/${rg}`;
