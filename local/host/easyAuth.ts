// The local host plays App Service Authentication (Easy Auth) the way it stands in front of an
// app in Azure: every client-sent `x-ms-client-principal*` / `x-ms-token-*` header is dropped; a
// bearer token (or the session cookie `/.auth/login` sets) for the app's audience becomes
// `x-ms-client-principal` (base64 JSON `{auth_typ, name_typ, role_typ, claims}`) plus
// `x-ms-client-principal-id|name|idp`. Tokens are the local world's unsigned JWTs (as the ARM
// emulator reads them): the host checks audience and expiry, not signatures. Unauthenticated
// requests pass without a principal (authsettingsV2 `AllowAnonymous`): the app's own role checks
// answer 401/403. Requests with a token that fails the checks get 401, as Easy Auth answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError, sendJson } from "./httpUtil";

const SESSION_COOKIE = "AppServiceAuthSession";
/** The audience of the local app registration (in Azure: `api://<client id>`, infra/app/auth.bicep). */
export const LOCAL_APP_AUDIENCE = "api://ailz-local";
const ROLE_TYP = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
const NAME_TYP = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";

export interface EasyAuthOptions {
  /** Default true: the host plays Easy Auth. False: headers pass through untouched, as with no Easy Auth in front. */
  enabled?: boolean;
  /** The token audience the app accepts (authsettingsV2 `allowedAudiences`). */
  audience: string;
  /** `/.auth/login/aad?as=<name>`: the token claims of a local person, or undefined when there is none by that name. */
  signIn?: (name: string) => Record<string, unknown> | undefined;
  /** Mints the session token for `signIn`'s claims (the local world's unsigned JWT). */
  mintToken?: (claims: Record<string, unknown>) => string;
}

export interface EasyAuth {
  enabled: boolean;
  /**
   * The headers the app sees: client-sent principal headers removed, Easy Auth's set from a valid
   * token. `{error}` when a token was offered and is not acceptable.
   */
  headersFor(headers: Record<string, string>): { headers: Record<string, string> } | { error: string };
  /** Serves `/.auth/login/aad`, `/.auth/logout`, `/.auth/me`; false when the path is not one. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
}

function decodeJwt(token: string): Record<string, unknown> | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    return payload && typeof payload === "object" && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

/** Easy Auth's claim list for a token's payload: every claim, arrays (roles, groups) one entry per value. */
function claimsOf(payload: Record<string, unknown>): Array<{ typ: string; val: string }> {
  const out: Array<{ typ: string; val: string }> = [];
  for (const [typ, v] of Object.entries(payload)) {
    for (const val of Array.isArray(v) ? v : [v]) {
      if (typeof val === "string" || typeof val === "number" || typeof val === "boolean") out.push({ typ: typ === "roles" ? ROLE_TYP : typ, val: String(val) });
    }
  }
  return out;
}

export function createEasyAuth(opts: EasyAuthOptions): EasyAuth {
  const enabled = opts.enabled !== false;

  function validate(token: string): Record<string, unknown> | string {
    const p = decodeJwt(token);
    if (!p) return "the bearer token is not a JWT";
    const aud = Array.isArray(p.aud) ? p.aud : [p.aud];
    if (!aud.includes(opts.audience)) return `the token's audience (${String(p.aud)}) is not this app's (${opts.audience})`;
    // Token lifetimes are real time (Entra issues them; `npm run token` and tests mint them outside
    // the world's clock), so expiry is checked against the real clock, not the shifted Date
    // (local/clock.ts) a test may have moved days ahead.
    if (typeof p.exp === "number" && p.exp * 1000 < performance.timeOrigin + performance.now()) return "the token has expired";
    if (typeof p.oid !== "string") return "the token has no oid claim";
    return p;
  }

  function headersFor(headers: Record<string, string>): { headers: Record<string, string> } | { error: string } {
    if (!enabled) return { headers };
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (!/^x-ms-client-principal|^x-ms-token-/i.test(k)) out[k] = v;
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
    const token = bearer ?? cookie(headers.cookie, SESSION_COOKIE);
    if (!token) return { headers: out };
    const p = validate(token);
    if (typeof p === "string") return { error: p };
    const name = (p.preferred_username ?? p.upn ?? p.name ?? p.oid) as string;
    const principal = { auth_typ: "aad", name_typ: NAME_TYP, role_typ: ROLE_TYP, claims: claimsOf(p) };
    out["x-ms-client-principal"] = Buffer.from(JSON.stringify(principal)).toString("base64");
    out["x-ms-client-principal-id"] = p.oid as string;
    out["x-ms-client-principal-name"] = name;
    out["x-ms-client-principal-idp"] = "aad";
    return { headers: out };
  }

  function handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const path = url.pathname.toLowerCase();
    if (!path.startsWith("/.auth/")) return false;
    if (!enabled) {
      sendError(res, 404, "NotFound", "App Service Authentication is off on this host (AILZ_EASY_AUTH=off)");
      return true;
    }
    // Only a same-site path: an open redirect would let a link send a signed-in person anywhere.
    const back = url.searchParams.get("post_login_redirect_uri") ?? "/api/console";
    const target = back.startsWith("/") && !back.startsWith("//") ? back : "/api/console";
    if (path === "/.auth/login/aad") {
      const who = url.searchParams.get("as") ?? "";
      const claims = opts.signIn?.(who);
      if (!claims || !opts.mintToken) {
        sendError(res, 400, "InvalidRequest", `as: no local person '${who}' to sign in as (see local/README.md, "Acting as a person")`, { field: "as" });
        return true;
      }
      res.writeHead(302, { location: target, "set-cookie": `${SESSION_COOKIE}=${encodeURIComponent(opts.mintToken(claims))}; Path=/; HttpOnly; SameSite=Lax` });
      res.end();
      return true;
    }
    if (path === "/.auth/logout") {
      res.writeHead(302, { location: target, "set-cookie": `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` });
      res.end();
      return true;
    }
    if (path === "/.auth/me") {
      const token = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""))?.[1] ?? cookie(req.headers.cookie, SESSION_COOKIE);
      const p = token ? validate(token) : undefined;
      if (!p || typeof p === "string") {
        sendError(res, 401, "Unauthorized", p ?? "not signed in");
        return true;
      }
      sendJson(res, 200, [{ provider_name: "aad", user_id: (p.preferred_username ?? p.upn ?? p.oid) as string, user_claims: claimsOf(p) }]);
      return true;
    }
    sendError(res, 404, "NotFound", `Nothing is served at ${url.pathname}`);
    return true;
  }

  return { enabled, headersFor, handle };
}
