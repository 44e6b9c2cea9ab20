import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { EstateState } from "../state/EstateState";
import type { ArmResource } from "../state/schemas";

// What infra/roles/main.bicep grants ailz's identity, granted in the emulated estate from the same
// files the Bicep loads (ailz-operator.actions.json, ailz-log-sink.actions.json, builtin-roles.json
// and the role names the role Bicep files assign), so that with RBAC enforced ailz can do exactly
// what it could do in Azure: a grant removed from those files is an AuthorizationFailed here.
// Every assignment sits on the estate's root management groups (the tenant root and any top-level
// group without a parent; in Azure: the group the roles are deployed to, and the vending roles on
// the landing-zone groups below it) and on ailz's own subscription (`ownScopes`: in Azure it sits
// under that group), the log sink role on the platform workspace when one is named. The principal's other
// assignments (the demo estate's Contributor) are removed: ailz holds what infra gives it, no more.

interface ActionsFile {
  roleName: string;
  description?: string;
  actions: string[];
}

const ROLE_NAME_REF = /roles\['([^']+)'\]/g;
const READ_ROLES = /var readRoles = \[([\s\S]*?)\]/;

/** A stable GUID from its parts (Bicep's guid() is a name-based UUID too). */
function guidOf(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("|").toLowerCase()).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** Built-in role names the role Bicep files assign (`roles['<name>']` look-ups and the readRoles list). */
function assignedBuiltins(rolesDir: string): string[] {
  const names = new Set<string>();
  for (const file of fs.readdirSync(rolesDir).filter((f) => f.endsWith(".bicep"))) {
    const text = fs.readFileSync(path.join(rolesDir, file), "utf8");
    for (const m of text.matchAll(ROLE_NAME_REF)) names.add(m[1]!);
    const list = READ_ROLES.exec(text);
    if (list) for (const m of list[1]!.matchAll(/'([^']+)'/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

export interface InfraAccessOptions {
  principalId: string;
  /** The folder with infra/roles' files. */
  rolesDir: string;
  /** The platform Log Analytics workspace the log sink role is assigned on; default the root groups. */
  logSinkScope?: string;
  /** Scopes outside the estate's groups where ailz's own resources live (its identity's subscription). */
  ownScopes?: string[];
}

const MG = "/providers/Microsoft.Management/managementGroups/";

function rootScopes(state: EstateState): string[] {
  const roots = [state.rootManagementGroupId];
  for (const g of state.managementGroups.values()) {
    if (g.name.toLowerCase() !== state.rootManagementGroupId.toLowerCase() && (!g.parent || !state.managementGroups.has(g.parent.toLowerCase()))) roots.push(g.name);
  }
  return roots.map((g) => `${MG}${g}`);
}

/** Replaces the principal's role assignments with infra's (custom roles defined from the actions files). */
export function grantInfraAccess(state: EstateState, opts: InfraAccessOptions): void {
  const root = `${MG}${state.rootManagementGroupId}`;
  const scopes = [...rootScopes(state), ...(opts.ownScopes ?? [])];
  const pid = opts.principalId.toLowerCase();
  for (const [id, a] of state.roleAssignments) {
    if (String((a.properties as { principalId?: string } | undefined)?.principalId ?? "").toLowerCase() === pid) state.roleAssignments.delete(id);
  }
  const builtinIds = readJson<Record<string, string>>(path.join(opts.rolesDir, "builtin-roles.json"));
  const assign = (scope: string, roleDefinitionId: string) => {
    const name = guidOf(scope, pid, roleDefinitionId);
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    const doc: ArmResource = { id, name, type: "Microsoft.Authorization/roleAssignments", properties: { roleDefinitionId, principalId: opts.principalId, principalType: "ServicePrincipal", scope, description: "ailz: infra/roles" } };
    state.roleAssignments.set(id.toLowerCase(), doc);
  };
  const custom = (file: string, at: string[]) => {
    const role = readJson<ActionsFile>(path.join(opts.rolesDir, file));
    const name = guidOf(root, role.roleName);
    const roleDefinitionId = `${root}/providers/Microsoft.Authorization/roleDefinitions/${name}`;
    state.roleDefinitions.set(name, {
      id: roleDefinitionId,
      name,
      type: "Microsoft.Authorization/roleDefinitions",
      properties: { roleName: role.roleName, description: role.description, type: "CustomRole", permissions: [{ actions: role.actions, notActions: [], dataActions: [], notDataActions: [] }], assignableScopes: [root] },
    });
    for (const scope of at) assign(scope, roleDefinitionId);
  };
  custom("ailz-operator.actions.json", scopes);
  custom("ailz-log-sink.actions.json", opts.logSinkScope ? [opts.logSinkScope] : scopes);
  for (const roleName of assignedBuiltins(opts.rolesDir)) {
    const guid = builtinIds[roleName];
    if (!guid) throw new Error(`${opts.rolesDir}: the role Bicep assigns "${roleName}", which builtin-roles.json does not list`);
    for (const scope of scopes) assign(scope, `/providers/Microsoft.Authorization/roleDefinitions/${guid}`);
  }
}
