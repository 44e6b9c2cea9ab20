import type { Caller } from "../estate/Caller";

// ARM forwards the caller's token claims with the long WS-Federation URI names for some of them
// and the short JWT names for others; both spellings are accepted.
const OID = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];
const TID = ["http://schemas.microsoft.com/identity/claims/tenantid", "tid"];
const UPN = ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "upn", "unique_name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"];
const SCOPE = ["http://schemas.microsoft.com/identity/claims/scope", "scp"];
const APPID = ["appid", "azp"];

const first = (claims: Record<string, unknown>, names: readonly string[]): string | undefined => {
  for (const n of names) {
    const v = claims[n];
    if (typeof v === "string" && v.trim() !== "") return v.trim();
  }
  return undefined;
};

/**
 * The caller of an ARM operation from `data.claims`. Kind: the `idtyp` claim when present
 * (`user` / `app`), otherwise a delegated token (scope or upn claim) is a user and an app-only
 * token an app. Undefined when the claims name no object id (ARN events carry no claims).
 */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  if (!claims) return undefined;
  const objectId = first(claims, OID);
  if (!objectId) return undefined;
  const idtyp = first(claims, ["idtyp"])?.toLowerCase();
  const upnClaim = first(claims, UPN);
  const delegated = first(claims, SCOPE) !== undefined || upnClaim !== undefined;
  const kind = idtyp === "user" || idtyp === "app" ? idtyp : delegated ? "user" : "app";
  const caller: Caller = { objectId, kind };
  const appId = first(claims, APPID);
  if (appId) caller.appId = appId;
  // A UPN-shaped value only: the `name` URI claim of app tokens holds the object id.
  if (kind === "user" && upnClaim && upnClaim.includes("@")) caller.upn = upnClaim;
  const name = first(claims, ["name"]) ?? (() => {
    const given = first(claims, ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "given_name"]);
    const sur = first(claims, ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "family_name"]);
    return given || sur ? [given, sur].filter(Boolean).join(" ") : undefined;
  })();
  if (name) caller.name = name;
  const tenantId = first(claims, TID);
  if (tenantId) caller.tenantId = tenantId;
  return caller;
}
