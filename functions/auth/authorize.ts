import type { HttpRequest } from "@azure/functions";
import { HttpError } from "../http/HttpError";
import { APP_ROLES, hasRole, type AppRole } from "./appRoles";
import { easyAuthStatus } from "./easyAuthStatus";
import { principalOf, type Principal } from "./principalOf";

/**
 * What a route needs beyond the function key:
 * - an app role (Approver and Operator include Reader);
 * - `owner`: a validated principal; the handler then calls `requireOwnerOrApprover` once it
 *   knows the resource's owner;
 * - `signedIn`: any validated principal of the tenant (a workload team asking for a subscription);
 * - `webhook`: the function key alone, for callers that cannot sign in (Event Grid, action groups);
 * - `anonymous`: pages that hold no data (the console's HTML and assets).
 */
export type Access = AppRole | "owner" | "signedIn" | "webhook" | "anonymous";

/** The validated caller, or the 503/401/403 that explains why there is none good enough. */
export function authorize(request: HttpRequest, access: Exclude<Access, "webhook" | "anonymous">): Principal {
  const status = easyAuthStatus();
  if (!status.enabled) throw new HttpError(503, "AuthenticationNotConfigured", status.reason!);
  const principal = principalOf(request);
  if (!principal) {
    throw new HttpError(401, "Unauthorized", "x-ms-client-principal: sign in with Microsoft Entra ID (an Authorization: Bearer token for the app, or an Easy Auth session); the function key alone does not identify a caller", "x-ms-client-principal");
  }
  if (access !== "owner" && access !== "signedIn" && !hasRole(principal.roles, access)) {
    throw new HttpError(403, "Forbidden", `x-ms-client-principal: ${principal.name} lacks the app role ${access} this route needs (has ${principal.roles.length ? principal.roles.join(", ") : "no ailz role"})`, "x-ms-client-principal");
  }
  return principal;
}

/** The resource's owner (by UPN or object id, case-insensitive) or a holder of `role` (default Approver); else 403. */
export function requireOwnerOrApprover(principal: Principal, owner: string | undefined, what: string, role: AppRole = APP_ROLES.approver): void {
  if (hasRole(principal.roles, role)) return;
  const o = owner?.trim().toLowerCase();
  if (o && (o === principal.name.toLowerCase() || o === principal.objectId.toLowerCase())) return;
  throw new HttpError(
    403,
    "Forbidden",
    `x-ms-client-principal: only ${o ? `the owner of ${what} (${owner})` : `a holder of ${role} (${what} has no owner)`}${o ? ` or a holder of ${role}` : ""} may do this; ${principal.name} is neither`,
    "x-ms-client-principal",
  );
}
