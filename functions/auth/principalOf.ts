import type { HttpRequest } from "@azure/functions";
import { z } from "zod";
import { HttpError } from "../http/HttpError";

const ClientPrincipal = z.object({
  auth_typ: z.string().optional(),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })).default([]),
});

/** A caller Easy Auth validated. */
export interface Principal {
  /** Entra object id (`oid`). */
  objectId: string;
  /** UPN or name, for audit records; the object id when the token has neither. */
  name: string;
  roles: string[];
}

const OID_CLAIMS = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];
const NAME_CLAIMS = ["preferred_username", "upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "name"];

/**
 * The caller as Easy Auth describes it in `x-ms-client-principal` (base64 JSON with `claims`;
 * roles are the claims of type `role_typ` or `roles`), or undefined when the request carries no
 * principal. Only `authorize` calls this, and only once it knows Easy Auth set the header.
 */
export function principalOf(request: HttpRequest): Principal | undefined {
  const raw = request.headers.get("x-ms-client-principal");
  if (!raw) return undefined;
  let parsed: z.infer<typeof ClientPrincipal>;
  try {
    parsed = ClientPrincipal.parse(JSON.parse(Buffer.from(raw, "base64").toString("utf8")));
  } catch {
    throw new HttpError(400, "InvalidRequest", "x-ms-client-principal: not base64 JSON with claims", "x-ms-client-principal");
  }
  const claim = (types: string[]) => parsed.claims.find((c) => types.includes(c.typ))?.val;
  const objectId = claim(OID_CLAIMS);
  if (!objectId) throw new HttpError(401, "Unauthorized", "x-ms-client-principal: the principal has no object id (oid) claim", "x-ms-client-principal");
  const roleTypes = new Set(["roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", ...(parsed.role_typ ? [parsed.role_typ] : [])]);
  return {
    objectId,
    name: claim(NAME_CLAIMS) ?? objectId,
    roles: parsed.claims.filter((c) => roleTypes.has(c.typ)).map((c) => c.val),
  };
}
