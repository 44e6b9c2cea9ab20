import { normalizeId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";
import { BUILT_IN_ROLES, builtInRole, type BuiltInRole } from "../state/builtInRoles";
import type { Emulator } from "../Emulator";
import type { EmuRequest, Router } from "../types";
import { requireObjectBody, requireWritableSubscription } from "./guards";
import { ancestorScopes, isWithin, resolveScope } from "./scopes";

const RA = "{*scope}/providers/Microsoft.Authorization/roleAssignments";
const RD = "/providers/Microsoft.Authorization/roleDefinitions";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function roleView(scope: string, r: BuiltInRole) {
  return {
    id: `${scope}${RD}/${r.id}`,
    type: "Microsoft.Authorization/roleDefinitions",
    name: r.id,
    properties: {
      roleName: r.roleName,
      type: "BuiltInRole",
      description: r.description,
      assignableScopes: ["/"],
      permissions: [{ actions: r.actions, notActions: r.notActions ?? [], dataActions: r.dataActions ?? [], notDataActions: [] }],
      createdOn: "2015-02-02T21:55:09.8806423Z",
      updatedOn: "2024-01-01T00:00:00.0000000Z",
    },
  };
}

function listRoles(req: EmuRequest, emu: Emulator, scope: string) {
  const filter = req.query.get("$filter");
  let roles = BUILT_IN_ROLES;
  if (filter) {
    const byName = /roleName\s+eq\s+'([^']*)'/i.exec(filter);
    const byType = /type\s+eq\s+'([^']*)'/i.exec(filter);
    if (!byName && !byType) return emu.armError(400, "InvalidFilterInQueryString", `The $filter '${filter}' is not supported.`);
    if (byName) roles = roles.filter((r) => r.roleName.toLowerCase() === byName[1]!.toLowerCase());
    if (byType && byType[1]!.toLowerCase() !== "builtinrole") roles = [];
  }
  return { status: 200, body: emu.page(req, roles.map((r) => roleView(scope, r))) };
}

function getRole(req: EmuRequest, emu: Emulator, scope: string) {
  const r = builtInRole(req.params.roleDefinitionId!);
  if (!r) return emu.armError(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${req.params.roleDefinitionId}' does not exist.`);
  return { status: 200, body: roleView(scope, r) };
}

function scopeOfAssignment(a: ArmResource): string {
  return String((a.properties as { scope?: string }).scope ?? "");
}

export function register(router: Router): void {
  const rdRead = { kind: "read" as const, rbacAction: "Microsoft.Authorization/roleDefinitions/read" };
  router.add("GET", RD, (req, emu) => listRoles(req, emu, ""), { ...rdRead, operation: "roleDefinitions.list" });
  router.add("GET", `{*scope}${RD}`, (req, emu) => { resolveScope(emu, req.params.scope!); return listRoles(req, emu, req.params.scope!); }, { ...rdRead, operation: "roleDefinitions.list" });
  router.add("GET", `${RD}/{roleDefinitionId}`, (req, emu) => getRole(req, emu, ""), { ...rdRead, operation: "roleDefinitions.get" });
  router.add("GET", `{*scope}${RD}/{roleDefinitionId}`, (req, emu) => getRole(req, emu, req.params.scope!), { ...rdRead, operation: "roleDefinitions.get" });

  router.add("PUT", `${RA}/{roleAssignmentName}`, (req, emu) => {
    const scope = req.params.scope!;
    const target = resolveScope(emu, scope);
    if ("subscriptionId" in target) requireWritableSubscription(emu, target.subscriptionId);
    const name = req.params.roleAssignmentName!;
    if (!GUID.test(name)) return emu.armError(400, "InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
    const props = requireObjectBody(requireObjectBody(req.body).properties);
    if (typeof props.roleDefinitionId !== "string") return emu.armError(400, "InvalidRequestContent", "The request content was invalid: 'properties.roleDefinitionId' is required.");
    if (typeof props.principalId !== "string" || !GUID.test(props.principalId)) return emu.armError(400, "InvalidPrincipalId", "A valid principal ID must be provided in 'properties.principalId' for role assignment.");
    const role = builtInRole(props.roleDefinitionId);
    if (!role) return emu.armError(400, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${props.roleDefinitionId.split("/").pop()}' does not exist.`);
    const principal = emu.state.principals.get(props.principalId.toLowerCase());
    // A principal created moments ago has not replicated to ARM yet (RBAC propagation delay).
    if (principal?.createdAt && Date.parse(principal.createdAt) + emu.state.settings.principalPropagationDelayMs > emu.now()) {
      return emu.armError(400, "PrincipalNotFound", `Principal ${props.principalId.replace(/-/g, "")} does not exist in the directory ${emu.state.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`);
    }
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    const existing = emu.state.roleAssignments.get(normalizeId(id));
    const ep = existing?.properties as Record<string, string> | undefined;
    if (existing) {
      if (ep!.principalId?.toLowerCase() !== props.principalId.toLowerCase() || builtInRole(ep!.roleDefinitionId!)?.id !== role.id) {
        return emu.armError(400, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
      }
      return { status: 201, body: existing };
    }
    for (const a of emu.state.roleAssignments.values()) {
      const p = a.properties as Record<string, string>;
      if (normalizeId(scopeOfAssignment(a)) === normalizeId(scope) && p.principalId?.toLowerCase() === props.principalId.toLowerCase() && builtInRole(p.roleDefinitionId!)?.id === role.id) {
        return emu.armError(409, "RoleAssignmentExists", "The role assignment already exists.");
      }
    }
    const by = req.caller.objectId;
    const at = emu.nowIso();
    const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
    const doc: ArmResource = {
      id,
      type: "Microsoft.Authorization/roleAssignments",
      name,
      properties: {
        roleDefinitionId: sub ? `/subscriptions/${sub}${RD}/${role.id}` : `${RD}/${role.id}`,
        principalId: props.principalId,
        principalType: props.principalType ?? (principal?.type ?? "User"),
        scope,
        condition: props.condition ?? null,
        conditionVersion: props.conditionVersion ?? null,
        description: props.description ?? null,
        createdOn: at,
        updatedOn: at,
        createdBy: by,
        updatedBy: by,
        delegatedManagedIdentityResourceId: null,
      },
    };
    emu.state.roleAssignments.set(normalizeId(id), doc);
    return { status: 201, body: doc };
  }, { kind: "write", rbacAction: "Microsoft.Authorization/roleAssignments/write", operation: "roleAssignments.create" });

  router.add("GET", `${RA}/{roleAssignmentName}`, (req, emu) => {
    const a = emu.state.roleAssignments.get(normalizeId(req.path));
    if (!a) return emu.armError(404, "RoleAssignmentNotFound", "The role assignment '" + req.params.roleAssignmentName + "' is not found.");
    return { status: 200, body: a };
  }, { kind: "read", rbacAction: "Microsoft.Authorization/roleAssignments/read", operation: "roleAssignments.get" });

  router.add("DELETE", `${RA}/{roleAssignmentName}`, (req, emu) => {
    const key = normalizeId(req.path);
    const a = emu.state.roleAssignments.get(key);
    if (!a) return { status: 204 };
    emu.state.roleAssignments.delete(key);
    return { status: 200, body: a };
  }, { kind: "delete", rbacAction: "Microsoft.Authorization/roleAssignments/delete", operation: "roleAssignments.delete" });

  // List for a scope: assignments at, above (inherited, including management groups) and below it;
  // `atScope()` keeps at-and-above; `principalId eq '...'` / `assignedTo('...')` filter by principal.
  router.add("GET", RA, (req, emu) => {
    const scope = req.params.scope!;
    resolveScope(emu, scope);
    const filter = req.query.get("$filter") ?? "";
    const atScope = /atScope\(\)/i.test(filter);
    const principal = /(?:principalId\s+eq\s+|assignedTo\()'([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
    if (filter && !atScope && !principal) return emu.armError(400, "InvalidFilterInQueryString", `The $filter '${filter}' is not supported.`);
    const above = ancestorScopes(emu, scope).map(normalizeId);
    const rows = [...emu.state.roleAssignments.values()].filter((a) => {
      const s = scopeOfAssignment(a);
      const inherited = isWithin(scope, s) || above.includes(normalizeId(s));
      if (!inherited && (atScope || !isWithin(s, scope))) return false;
      return !principal || String((a.properties as Record<string, unknown>).principalId).toLowerCase() === principal;
    });
    return { status: 200, body: emu.page(req, rows) };
  }, { kind: "read", rbacAction: "Microsoft.Authorization/roleAssignments/read", operation: "roleAssignments.list" });
}
