import type { HttpRequest } from "@azure/functions";
import { z } from "zod";
import { HttpError } from "./http/HttpError";

const ClientPrincipal = z.object({
  auth_typ: z.string().optional(),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })).default([]),
});

export interface VendingCaller {
  /** Object id, UPN or name; "function-key" when only the key authenticated the call. */
  id: string;
  objectId?: string;
  roles: string[];
  authenticated: boolean;
}

const OID_CLAIMS = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];
const NAME_CLAIMS = ["preferred_username", "upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "name"];

/**
 * The caller as App Service Authentication (Easy Auth) describes it: `x-ms-client-principal` is
 * base64 JSON with `claims`; roles are the claims whose type is `role_typ` (or `roles`). Easy Auth
 * strips any client-sent copy of this header in Azure; locally there is no Easy Auth, so whoever
 * holds the function key can set it (that is how local tests act as an approver).
 */
export function vendingCallerOf(request: HttpRequest): VendingCaller {
  const raw = request.headers.get("x-ms-client-principal");
  if (!raw) return { id: request.headers.get("x-ms-client-principal-name") ?? request.headers.get("x-ms-client-principal-id") ?? "function-key", objectId: request.headers.get("x-ms-client-principal-id") ?? undefined, roles: [], authenticated: false };
  let parsed: z.infer<typeof ClientPrincipal>;
  try {
    parsed = ClientPrincipal.parse(JSON.parse(Buffer.from(raw, "base64").toString("utf8")));
  } catch {
    throw new HttpError(400, "InvalidRequest", "x-ms-client-principal: not base64 JSON with claims", "x-ms-client-principal");
  }
  const claim = (types: string[]) => parsed.claims.find((c) => types.includes(c.typ))?.val;
  const roleTypes = new Set(["roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", ...(parsed.role_typ ? [parsed.role_typ] : [])]);
  const objectId = claim(OID_CLAIMS) ?? request.headers.get("x-ms-client-principal-id") ?? undefined;
  return {
    id: claim(NAME_CLAIMS) ?? objectId ?? "unknown",
    objectId,
    roles: parsed.claims.filter((c) => roleTypes.has(c.typ)).map((c) => c.val),
    authenticated: true,
  };
}

/** Approvers: the configured app role, or an object id on the policy's approvers list. */
export function isApprover(caller: VendingCaller, role: string, approvers: readonly string[]): boolean {
  if (caller.roles.includes(role)) return true;
  return caller.objectId !== undefined && approvers.some((a) => a.toLowerCase() === caller.objectId!.toLowerCase());
}
