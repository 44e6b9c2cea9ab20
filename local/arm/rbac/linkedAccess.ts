import { armError, type ArmErrorResponse } from "../armError";
import type { Emulator } from "../Emulator";
import { parseResourceId } from "../state/resourceIds";
import type { Caller } from "../types";
import { checkAccess } from "./checkAccess";

// Linked access: ARM also checks the caller on resources a request body references, not only on
// the resource it names (ARM answers 403 LinkedAuthorizationFailed). The operations and their
// linked actions, from Microsoft's docs:
//   - a peering on network A to network B needs `virtualNetworks/peer/action` on B
//     (learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering#permissions); ailz
//     creates both halves of a hub peering, so it needs the action on the hub and on the spoke
//   - a network that names a DDoS protection plan needs `ddosProtectionPlans/join/action` on the
//     plan, on every later write of that network too
//     (learn.microsoft.com/azure/ddos-protection/manage-permissions)
//   - a resource placed in a subnet (network interface, private endpoint, an app's VNet
//     integration) needs `virtualNetworks/subnets/join/action` on the subnet
//     (learn.microsoft.com/azure/private-link/rbac-permissions,
//     learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet#permissions)
//   - a resource given a user-assigned identity needs `userAssignedIdentities/assign/action` on
//     the identity, the operation of the Managed Identity Operator role
//     (learn.microsoft.com/azure/role-based-access-control/built-in-roles/identity#managed-identity-operator)

export interface LinkedAction {
  action: string;
  /** The referenced resource the action is checked on. */
  scope: string;
}

const PEER = "Microsoft.Network/virtualNetworks/peer/action";
const DDOS_JOIN = "Microsoft.Network/ddosProtectionPlans/join/action";
const SUBNET_JOIN = "Microsoft.Network/virtualNetworks/subnets/join/action";
const IDENTITY_ASSIGN = "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action";

type Props = Record<string, any>;
const idOf = (ref: unknown): string | undefined => (ref && typeof ref === "object" && typeof (ref as { id?: unknown }).id === "string" ? (ref as { id: string }).id : undefined);
const list = (v: unknown): Props[] => (Array.isArray(v) ? v.filter((x): x is Props => !!x && typeof x === "object") : []);

const byType: Record<string, (p: Props) => LinkedAction[]> = {
  "microsoft.network/virtualnetworks/virtualnetworkpeerings": (p) => one(PEER, idOf(p.remoteVirtualNetwork)),
  "microsoft.network/virtualnetworks": (p) => one(DDOS_JOIN, idOf(p.ddosProtectionPlan)),
  "microsoft.network/networkinterfaces": (p) => list(p.ipConfigurations).flatMap((c) => one(SUBNET_JOIN, idOf(c.properties?.subnet))),
  "microsoft.network/privateendpoints": (p) => one(SUBNET_JOIN, idOf(p.subnet)),
  "microsoft.web/sites": (p) => one(SUBNET_JOIN, typeof p.virtualNetworkSubnetId === "string" ? p.virtualNetworkSubnetId : undefined),
};

function one(action: string, scope: string | undefined): LinkedAction[] {
  return scope ? [{ action, scope }] : [];
}

/** The actions ARM checks on resources the body of a write to `path` references. */
export function linkedActions(path: string, body: unknown): LinkedAction[] {
  const type = parseResourceId(path).type?.toLowerCase();
  const b = (body ?? {}) as { properties?: unknown; identity?: { userAssignedIdentities?: unknown } };
  const props = b.properties && typeof b.properties === "object" ? (b.properties as Props) : undefined;
  const assigned = b.identity?.userAssignedIdentities;
  const identities = assigned && typeof assigned === "object" ? Object.keys(assigned).map((scope) => ({ action: IDENTITY_ASSIGN, scope })) : [];
  if (!type) return [];
  const seen = new Set<string>();
  return [...(props ? (byType[type]?.(props) ?? []) : []), ...identities].filter((l) => {
    const key = `${l.action}|${l.scope}`.toLowerCase();
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * Azure's refusal when the caller may write the named resource but not act on a linked one
 * (ARM's LinkedAuthorizationFailed, the message as ARM words it).
 */
function linkedAuthorizationFailed(caller: Caller, action: string, scope: string, linked: LinkedAction): ArmErrorResponse {
  const client = caller.idtyp === "user" ? (caller.upn ?? caller.objectId) : (caller.appId ?? caller.objectId);
  return armError(
    403,
    "LinkedAuthorizationFailed",
    `The client '${client}' with object id '${caller.objectId}' has permission to perform action '${action}' on scope '${scope}'; however, it does not have permission to perform action(s) '${linked.action}' on the linked scope(s) '${linked.scope}' (respectively) or the linked scope(s) are invalid.`,
  );
}

/** The 403 to answer when RBAC is enforced and a linked action is not granted; else undefined. */
export function checkLinkedAccess(emu: Emulator, caller: Caller, action: string, scope: string, linked: LinkedAction): ArmErrorResponse | undefined {
  return checkAccess(emu, caller, linked.action, linked.scope) ? linkedAuthorizationFailed(caller, action, scope, linked) : undefined;
}
