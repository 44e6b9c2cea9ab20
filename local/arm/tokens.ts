import { randomUUID } from "node:crypto";
import type { Caller } from "./types";

// Tokens are unsigned JWTs ("alg":"none"): the emulator reads who is calling but never checks
// signatures, so tests can act as a portal user or as a pipeline's service principal.

export interface TokenClaims {
  oid: string;
  tid?: string;
  idtyp?: "user" | "app";
  appid?: string;
  upn?: string;
  name?: string;
  [claim: string]: unknown;
}

export const DEFAULT_TENANT_ID = "7a11ce00-0000-4000-8000-000000000001";

function b64url(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString("base64url");
}

/** An unsigned JWT carrying these claims, valid for a day from the real time. */
export function makeToken(claims: TokenClaims): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload = {
    aud: "https://management.azure.com/",
    iss: `https://sts.windows.net/${claims.tid ?? DEFAULT_TENANT_ID}/`,
    iat,
    nbf: iat,
    exp: iat + 86_400,
    tid: DEFAULT_TENANT_ID,
    idtyp: claims.upn ? "user" : "app",
    appid: claims.appid ?? (claims.upn ? "c44b4083-3bb0-49c1-b47d-974e53cbdf3c" : undefined),
    uti: randomUUID().replace(/-/g, "").slice(0, 22),
    ver: "1.0",
    ...claims,
  };
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.`;
}

export class TokenError extends Error {}

/** Reads the caller from an `Authorization: Bearer <jwt>` header. */
export function callerFromAuthorization(header: string | undefined): Caller {
  if (!header) throw new TokenError("Authentication failed. The 'Authorization' header is missing.");
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m) throw new TokenError("Authentication failed. The 'Authorization' header is provided in an invalid format.");
  const parts = m[1]!.split(".");
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8"));
  } catch {
    throw new TokenError("Authentication failed. The access token is not a JWT.");
  }
  if (!claims || typeof claims !== "object") throw new TokenError("Authentication failed. The access token payload is not an object.");
  const oid = typeof claims.oid === "string" ? claims.oid : undefined;
  if (!oid) throw new TokenError("Authentication failed. The access token has no 'oid' claim.");
  const str = (k: string) => (typeof claims[k] === "string" ? (claims[k] as string) : undefined);
  const upn = str("upn") ?? str("unique_name");
  const idtyp = str("idtyp") === "app" || (!str("idtyp") && !upn) ? "app" : "user";
  return { objectId: oid, tenantId: str("tid") ?? DEFAULT_TENANT_ID, idtyp, appId: str("appid") ?? str("azp"), upn, name: str("name"), claims };
}
