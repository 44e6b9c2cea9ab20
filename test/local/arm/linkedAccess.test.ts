import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ID, APP_OID, SUB, SUB2, USER_OID, appToken, baseEstate, rgPath, startHarness, type Harness } from "./emulatorHarness";

// Linked access over HTTP: a write whose body references another resource (a peering's remote
// network, a DDoS plan, a subnet) is also checked on that resource, answered with ARM's 403
// LinkedAuthorizationFailed when not granted, and logged as an entry of its own.

const NET_ROLE = "0c0c0c0c-0000-4000-8000-0000000000b1";
const LINK_ROLE = "0c0c0c0c-0000-4000-8000-0000000000b2";
const HUB_RG = rgPath(SUB2, "rg-hub");
const HUB = `${HUB_RG}/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const DDOS = `${HUB_RG}/providers/Microsoft.Network/ddosProtectionPlans/ddos-hub`;
const SPOKE = `${rgPath()}/providers/Microsoft.Network/virtualNetworks/vnet-spoke`;
const NV = "2024-05-01";

const role = (id: string, name: string, actions: string[]) => ({
  id: `/providers/Microsoft.Authorization/roleDefinitions/${id}`,
  name: id,
  type: "Microsoft.Authorization/roleDefinitions",
  properties: { roleName: name, type: "CustomRole", permissions: [{ actions, notActions: [] }] },
});
const assignment = (n: number, scope: string, principalId: string, roleId: string) => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-0000000001${n}0`,
  name: `00000000-0000-4000-8000-0000000001${n}0`,
  type: "Microsoft.Authorization/roleAssignments",
  properties: { scope, principalId, roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`, principalType: "User" },
});
const net = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id.split("/").pop()!, type: "Microsoft.Network/virtualNetworks", location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, ...extra } });

interface LogEntry {
  method: string;
  path: string;
  linkedFrom?: string;
  action: string;
  status: number;
  caller: { objectId: string };
}

let h: Harness;
beforeAll(async () => {
  const estate = baseEstate();
  h = await startHarness({
    estate: {
      ...estate,
      settings: { rbac: "enforce" },
      resourceGroups: [...(estate.resourceGroups ?? []), { id: HUB_RG, name: "rg-hub", type: "Microsoft.Resources/resourceGroups", location: "eastus", properties: { provisioningState: "Succeeded" } }],
      resources: [net(HUB), { id: DDOS, name: "ddos-hub", type: "Microsoft.Network/ddosProtectionPlans", location: "eastus", properties: {} }],
      roleDefinitions: [
        role(NET_ROLE, "network writer", ["*/read", "Microsoft.Network/virtualNetworks/write", "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write", "Microsoft.Network/networkInterfaces/write"]),
        role(LINK_ROLE, "hub linker", ["Microsoft.Network/virtualNetworks/peer/action", "Microsoft.Network/ddosProtectionPlans/join/action", "Microsoft.Network/virtualNetworks/subnets/join/action", "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write"]),
      ],
      // Both callers write networks in SUB; only the app may link to what the hub group holds.
      roleAssignments: [assignment(1, `/subscriptions/${SUB}`, USER_OID, NET_ROLE), assignment(2, `/subscriptions/${SUB}`, APP_OID, NET_ROLE), assignment(3, HUB_RG, APP_OID, LINK_ROLE)],
    },
  });
  expect((await h.call("PUT", `${SPOKE}?api-version=${NV}`, net(SPOKE))).status).toBeLessThan(300);
});
afterAll(async () => h?.close());

const log = async () => (await h.control("GET", "/_emulator/rbac-log")).body.value as LogEntry[];
const linkedFailure = (client: string, oid: string, action: string, scope: string, linkedAction: string, linkedScope: string) => ({
  error: {
    code: "LinkedAuthorizationFailed",
    message: `The client '${client}' with object id '${oid}' has permission to perform action '${action}' on scope '${scope}'; however, it does not have permission to perform action(s) '${linkedAction}' on the linked scope(s) '${linkedScope}' (respectively) or the linked scope(s) are invalid.`,
  },
});

describe("linked access", () => {
  it("a peering needs peer/action on the remote network: refused without it, nothing stored, the linked action logged", async () => {
    const peering = `${SPOKE}/virtualNetworkPeerings/peer-to-hub`;
    const denied = await h.call("PUT", `${peering}?api-version=${NV}`, { properties: { remoteVirtualNetwork: { id: HUB } } });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual(linkedFailure("alice@contoso.com", USER_OID, "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write", peering, "Microsoft.Network/virtualNetworks/peer/action", HUB));
    expect((await h.call("GET", `${peering}?api-version=${NV}`)).status).toBe(404);
    expect((await log()).find((e) => e.linkedFrom === peering)).toMatchObject({ path: HUB, action: "Microsoft.Network/virtualNetworks/peer/action", status: 403, caller: { objectId: USER_OID } });
  });

  it("both halves of a hub peering: each needs peer/action on its remote network", async () => {
    const spokeSide = `${SPOKE}/virtualNetworkPeerings/peer-to-hub`;
    const hubSide = `${HUB}/virtualNetworkPeerings/peer-to-spoke`;
    expect((await h.call("PUT", `${spokeSide}?api-version=${NV}`, { properties: { remoteVirtualNetwork: { id: HUB } } }, appToken)).status).toBeLessThan(300);
    // The app may write peerings on the hub and peer with it, but holds no peer/action on the spoke.
    const denied = await h.call("PUT", `${hubSide}?api-version=${NV}`, { properties: { remoteVirtualNetwork: { id: SPOKE } } }, appToken);
    expect(denied.body).toEqual(linkedFailure(APP_ID, APP_OID, "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write", hubSide, "Microsoft.Network/virtualNetworks/peer/action", SPOKE));
    const entries = (await log()).filter((e) => e.caller.objectId === APP_OID && e.action === "Microsoft.Network/virtualNetworks/peer/action");
    expect(entries.map((e) => [e.path, e.status])).toEqual([[HUB, 201], [SPOKE, 403]]);
  });

  it("a network naming a DDoS plan needs join/action on the plan, on every write", async () => {
    const body = net(SPOKE, { enableDdosProtection: true, ddosProtectionPlan: { id: DDOS } });
    const denied = await h.call("PUT", `${SPOKE}?api-version=${NV}`, body);
    expect(denied.body).toEqual(linkedFailure("alice@contoso.com", USER_OID, "Microsoft.Network/virtualNetworks/write", SPOKE, "Microsoft.Network/ddosProtectionPlans/join/action", DDOS));
    expect((await h.call("GET", `${SPOKE}?api-version=${NV}`)).body.properties.ddosProtectionPlan).toBeUndefined();
    expect((await h.call("PUT", `${SPOKE}?api-version=${NV}`, body, appToken)).status).toBeLessThan(300);
    expect((await h.call("PUT", `${SPOKE}?api-version=${NV}`, body)).status).toBe(403);
    expect((await log()).filter((e) => e.action === "Microsoft.Network/ddosProtectionPlans/join/action").map((e) => [e.caller.objectId, e.path, e.status])).toEqual([
      [USER_OID, DDOS, 403],
      [APP_OID, DDOS, 200],
      [USER_OID, DDOS, 403],
    ]);
  });

  it("a network interface placed in a subnet needs subnets/join/action on the subnet", async () => {
    const subnet = `${HUB}/subnets/default`;
    const nic = `${rgPath()}/providers/Microsoft.Network/networkInterfaces/nic-1`;
    const body = { location: "eastus", properties: { ipConfigurations: [{ name: "ipconfig1", properties: { subnet: { id: subnet } } }] } };
    expect((await h.call("PUT", `${nic}?api-version=${NV}`, body)).body).toEqual(linkedFailure("alice@contoso.com", USER_OID, "Microsoft.Network/networkInterfaces/write", nic, "Microsoft.Network/virtualNetworks/subnets/join/action", subnet));
    expect((await h.call("PUT", `${nic}?api-version=${NV}`, body, appToken)).status).toBeLessThan(300);
  });

  it("in record mode a linked action is allowed and still logged, with the request's outcome", async () => {
    await h.control("PUT", "/_emulator/settings", { rbac: "record" });
    try {
      const peering = `${SPOKE}/virtualNetworkPeerings/peer-recorded`;
      expect((await h.call("PUT", `${peering}?api-version=${NV}`, { properties: { remoteVirtualNetwork: { id: HUB } } })).status).toBeLessThan(300);
      expect((await log()).find((e) => e.linkedFrom === peering)).toMatchObject({ path: HUB, action: "Microsoft.Network/virtualNetworks/peer/action", status: 201 });
    } finally {
      await h.control("PUT", "/_emulator/settings", { rbac: "enforce" });
    }
  });
});
