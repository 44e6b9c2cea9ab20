import type { AuthorizationManagementClient } from "@azure/arm-authorization";
import { randomUUID } from "node:crypto";
import { call, paged, AzureError } from "../AzureError";
import { armScope } from "../armScope";

export interface RoleAssignmentInfo {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
}

export interface AssignRole {
  scope: string;
  /** Full role definition id, or a built-in role's GUID (expanded under the scope's subscription). */
  roleDefinitionId: string;
  principalId: string;
  principalType?: "User" | "Group" | "ServicePrincipal";
  /** Role assignment name (a GUID). Pass a deterministic one to make retries idempotent. */
  name?: string;
}

/**
 * Creates a role assignment. A principal created moments ago answers `PrincipalNotFound` until
 * Entra ID replicates it: that surfaces as a retryable AzureError so the caller backs off.
 * An assignment that already exists (same principal, role, scope) counts as success.
 */
export async function assignRole(client: AuthorizationManagementClient, request: AssignRole): Promise<RoleAssignmentInfo> {
  const name = request.name ?? randomUUID();
  const roleDefinitionId = request.roleDefinitionId.includes("/")
    ? request.roleDefinitionId
    : `${subscriptionScope(request.scope)}/providers/Microsoft.Authorization/roleDefinitions/${request.roleDefinitionId}`;
  try {
    const ra = await call(() =>
      client.roleAssignments.create(armScope(request.scope), name, {
        roleDefinitionId,
        principalId: request.principalId,
        principalType: request.principalType,
      }),
    );
    return toInfo(ra);
  } catch (e) {
    if (e instanceof AzureError && e.code === "RoleAssignmentExists") {
      const existing = (await listRoleAssignments(client, request.scope)).find(
        (r) => r.principalId === request.principalId && r.roleDefinitionId.toLowerCase().endsWith(roleDefinitionId.split("/").pop()!.toLowerCase()),
      );
      if (existing) return existing;
    }
    throw e;
  }
}

/** @internal Exported for the adapter test, which checks what assignRole created. */
export async function listRoleAssignments(client: AuthorizationManagementClient, scope: string): Promise<RoleAssignmentInfo[]> {
  const out: RoleAssignmentInfo[] = [];
  for await (const ra of paged(client.roleAssignments.listForScope(armScope(scope)))) out.push(toInfo(ra));
  return out;
}

function toInfo(ra: { id?: string; name?: string; scope?: string; roleDefinitionId?: string; principalId?: string; principalType?: string }): RoleAssignmentInfo {
  return {
    id: ra.id ?? "",
    name: ra.name ?? "",
    scope: ra.scope ?? "",
    roleDefinitionId: ra.roleDefinitionId ?? "",
    principalId: ra.principalId ?? "",
    principalType: ra.principalType,
  };
}

function subscriptionScope(scope: string): string {
  const m = /^\/subscriptions\/[^/]+/i.exec(scope);
  return m ? m[0] : "";
}
