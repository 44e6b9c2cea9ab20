import { createHash } from "node:crypto";
import { assignRole } from "../../../shared/azure/authorization/roleAssignments";
import { AzureError, paged } from "../../../shared/azure/AzureError";
import type { AzureClients } from "../../../shared/azure/clientFactory";
import { inStep } from "../inStep";
import { readRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";
import { ownersOf } from "./loadRequest";
import { completedSteps } from "../../../shared/vending/withStep";

/** Built-in role ids are the same in every tenant; others are looked up by name. */
const BUILT_IN: Record<string, string> = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
};

async function roleIdFor(clients: AzureClients, subscriptionId: string, roleName: string): Promise<string> {
  const known = BUILT_IN[roleName.toLowerCase()];
  if (known) return known;
  const scope = `subscriptions/${subscriptionId}`;
  for await (const d of paged(clients.authorization(subscriptionId).roleDefinitions.list(scope, { filter: `roleName eq '${roleName}'` }))) {
    if (d.name) return d.name;
  }
  throw new AzureError("RoleDefinitionNotFound", `role '${roleName}' does not exist`, 404, false);
}

/** A deterministic assignment name (a GUID from request, principal and role) makes the PUT idempotent. */
function assignmentName(requestId: string, principalId: string, roleId: string): string {
  const h = createHash("sha1").update(`${requestId}|${principalId}|${roleId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The owners' role per archetype at subscription scope. PrincipalNotFound (replication lag of a
 * fresh principal) surfaces as a retryable error: the orchestrator's RBAC retry policy backs off.
 */
export async function assignOwners(deps: VendingDeps, input: { requestId: string; subscriptionId: string }) {
  const s = await readRequest(deps, input.requestId);
  const owners = ownersOf(completedSteps(s));
  const roleName = deps.vending.archetypes[s.request.archetype].ownerRole;
  return inStep(deps, input.requestId, "rbac", async () => {
    const roleId = await roleIdFor(deps.clients, input.subscriptionId, roleName);
    const assignments: Array<{ principalId: string; role: string; id: string }> = [];
    for (const o of owners) {
      const ra = await assignRole(deps.clients.authorization(input.subscriptionId), {
        scope: `/subscriptions/${input.subscriptionId}`,
        roleDefinitionId: roleId,
        principalId: o.objectId,
        principalType: o.type,
        name: assignmentName(input.requestId, o.objectId, roleId),
      });
      assignments.push({ principalId: o.objectId, role: roleName, id: ra.id });
    }
    return { assignments };
  });
}
