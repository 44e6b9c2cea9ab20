import type { Emulator } from "../Emulator";
import { ancestorScopes, isWithin } from "../routes/scopes";
import { normalizeId } from "../state/resourceIds";
import { builtInRole } from "../state/builtInRoles";

/**
 * `data.authorization.evidence` of a resource event: the caller's role assignment that covers the
 * resource (at its scope, a parent, or a management group above). In `record` mode (RBAC not
 * enforced) a caller without one gets no evidence rather than an invented one.
 */
export function authorizationEvidence(emu: Emulator, principalId: string, resourceUri: string): Record<string, string> | undefined {
  const pid = principalId.toLowerCase();
  const groups = new Set(ancestorScopes(emu, resourceUri).map(normalizeId));
  let best: { scope: string; doc: { id: string; name: string; properties?: Record<string, any> } } | undefined;
  for (const a of emu.state.roleAssignments.values()) {
    const p = (a.properties ?? {}) as Record<string, any>;
    if (String(p.principalId ?? "").toLowerCase() !== pid) continue;
    const scope = String(p.scope ?? "");
    if (!isWithin(resourceUri, scope) && !groups.has(normalizeId(scope))) continue;
    if (!best || scope.length > best.scope.length) best = { scope, doc: a };
  }
  if (!best) return undefined;
  const p = best.doc.properties ?? {};
  return {
    role: builtInRole(String(p.roleDefinitionId ?? ""))?.roleName ?? "Custom role",
    roleAssignmentScope: best.scope,
    roleAssignmentId: best.doc.name.replace(/-/g, ""),
    roleDefinitionId: String(p.roleDefinitionId ?? "").split("/").pop()!.replace(/-/g, ""),
    principalId: pid.replace(/-/g, ""),
    principalType: String(p.principalType ?? "User"),
  };
}
