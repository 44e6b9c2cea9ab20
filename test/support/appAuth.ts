import { APP_ROLES } from "../../functions/auth/appRoles";
import { appToken, demoAppClaims } from "../../local/demo/demoAppRoles";

// Headers that sign a test in through the local host's Easy Auth, as a browser session or a
// pipeline's bearer token does in Azure. The host validates the token and hands the app only
// the principal it read from it.

/** As a demo person (local/demo/demoAppRoles.ts: platform.lead approves, netops operates, the rest read) or `pipeline`. */
export const asPerson = (key: string): Record<string, string> => ({ authorization: `Bearer ${appToken(demoAppClaims(key))}` });

/** As a made-up principal holding exactly these app roles. */
export function asRoles(roles: string[], who: { oid?: string; upn?: string } = {}): Record<string, string> {
  const upn = who.upn ?? `${roles.length ? roles.map((r) => r.replace("ailz.", "").toLowerCase()).join("-") : "nobody"}@contoso.com`;
  return { authorization: `Bearer ${appToken({ oid: who.oid ?? "0a0a0a0a-0000-4000-8000-00000000ad01", upn, preferred_username: upn, name: upn, idtyp: "user", roles })}` };
}

/** The platform team in the e2e suites: approves, operates and reads. */
export const asPlatformAdmin = (): Record<string, string> => asRoles([APP_ROLES.approver, APP_ROLES.operator, APP_ROLES.reader], { upn: "platform.admin@contoso.com" });

/**
 * An `x-ms-client-principal` header as a caller would forge it (the shape Easy Auth sets). The
 * local host's Easy Auth drops it; with Easy Auth off, the app must not believe it.
 */
export function forgedPrincipal(objectId: string, roles: string[] = []): string {
  const claims = [
    { typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: objectId },
    { typ: "preferred_username", val: `${objectId}@contoso.com` },
    ...roles.map((r) => ({ typ: "roles", val: r })),
  ];
  return Buffer.from(JSON.stringify({ auth_typ: "aad", name_typ: "preferred_username", role_typ: "roles", claims })).toString("base64");
}
