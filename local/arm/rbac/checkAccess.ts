import { armError, type ArmErrorResponse } from "../armError";
import type { Emulator } from "../Emulator";
import { ancestorScopes, isWithin } from "../routes/scopes";
import { builtInRole } from "../state/builtInRoles";
import { normalizeId } from "../state/resourceIds";
import type { Caller } from "../types";

// Azure RBAC as ARM evaluates it for control-plane calls: a request is allowed when one of the
// caller's role assignments sits at the request's scope, a parent of it, or a management group
// above it, and its role's `actions` match the operation while its `notActions` do not.
// Conditions (ABAC) on assignments are not evaluated: an assignment with one grants as if it
// had none, which can only make the emulator more permissive than Azure, never stricter.

const SPECIAL = /[.+?^${}()|[\]\\/]/g;
const patternCache = new Map<string, RegExp>();

/** Case-insensitive; `*` matches any run of characters, across `/` too (`*\/read`, `Microsoft.Compute/*`). */
function matches(pattern: string, action: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split("*").map((p) => p.replace(SPECIAL, "\\$&")).join(".*")}$`, "i");
    patternCache.set(pattern, re);
  }
  return re.test(action);
}

interface Permissions {
  actions: string[];
  notActions: string[];
}

function permissionsOf(emu: Emulator, roleDefinitionId: string): Permissions | undefined {
  const builtIn = builtInRole(roleDefinitionId);
  if (builtIn) return { actions: builtIn.actions, notActions: builtIn.notActions ?? [] };
  const guid = roleDefinitionId.split("/").filter(Boolean).pop()?.toLowerCase() ?? "";
  const custom = emu.state.roleDefinitions.get(guid);
  if (!custom) return undefined;
  const perms = ((custom.properties ?? {}) as { permissions?: Array<{ actions?: string[]; notActions?: string[] }> }).permissions ?? [];
  return { actions: perms.flatMap((p) => p.actions ?? []), notActions: perms.flatMap((p) => p.notActions ?? []) };
}

/** Whether ARM checks this scope: tenant-level operations (Resource Graph, aliases, the subscription list) are open to every signed-in caller, their results filtered instead. */
export function isCheckedScope(scope: string): boolean {
  return /^\/subscriptions\/[^/]+/i.test(scope) || /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+/i.test(scope);
}

/** The role assignment (id) that grants `action` at `scope` to the principal, or undefined. */
export function grantingAssignment(emu: Emulator, principalId: string, action: string, scope: string): string | undefined {
  const pid = principalId.toLowerCase();
  const groups = new Set(ancestorScopes(emu, scope).map(normalizeId));
  for (const a of emu.state.roleAssignments.values()) {
    const p = (a.properties ?? {}) as Record<string, unknown>;
    if (String(p.principalId ?? "").toLowerCase() !== pid) continue;
    const at = String(p.scope ?? "");
    if (!isWithin(scope, at) && !groups.has(normalizeId(at))) continue;
    const perms = permissionsOf(emu, String(p.roleDefinitionId ?? ""));
    if (!perms) continue;
    if (perms.actions.some((x) => matches(x, action)) && !perms.notActions.some((x) => matches(x, action))) return a.id;
  }
  return undefined;
}

/**
 * Azure's refusal, word for word as ARM writes it
 * (learn.microsoft.com/azure/role-based-access-control/troubleshooting: "The client '…' with
 * object id '…' does not have authorization to perform action '…' over scope '…' or the scope is
 * invalid."); the client is the UPN for a user, the application id for a service principal.
 */
function authorizationFailed(caller: Caller, action: string, scope: string): ArmErrorResponse {
  const client = caller.idtyp === "user" ? (caller.upn ?? caller.objectId) : (caller.appId ?? caller.objectId);
  return armError(
    403,
    "AuthorizationFailed",
    `The client '${client}' with object id '${caller.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** The 403 to answer when RBAC is enforced and nothing grants the caller `action` at `scope`; else undefined. */
export function checkAccess(emu: Emulator, caller: Caller, action: string, scope: string): ArmErrorResponse | undefined {
  if (emu.state.settings.rbac !== "enforce" || !isCheckedScope(scope)) return undefined;
  if (grantingAssignment(emu, caller.objectId, action, scope)) return undefined;
  return authorizationFailed(caller, action, scope);
}
