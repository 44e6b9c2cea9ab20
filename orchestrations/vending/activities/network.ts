import { call } from "../../../shared/azure/AzureError";
import { peerVirtualNetworks } from "../../../shared/azure/network/peerVirtualNetworks";
import type { VendingRequest } from "../../../shared/estate/VendingRequest";
import { deletePeering } from "../../../shared/vending/azure/deletePeering";
import { ensureResourceGroup } from "../../../shared/vending/azure/ensureResourceGroup";
import { vendingNames } from "../../../shared/vending/vendingNames";
import { withStep } from "../../../shared/vending/withStep";
import { inStep } from "../inStep";
import { readRequest, updateRequest } from "../requestState";
import type { VendingDeps } from "../VendingDeps";

export interface NetworkResult {
  pool: string;
  cidr: string;
  vnetId: string;
  peerings: string[];
  ddosPlanId?: string;
}

function hubOf(deps: VendingDeps) {
  const id = deps.vending.network.hubVnetId;
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)$/i.exec(id);
  if (!m) throw new Error(`vending.network.hubVnetId is not a virtual network id: ${id}`);
  return { id, subscriptionId: m[1]!, resourceGroupName: m[2]!, name: m[3]! };
}

/** Peering names as peerVirtualNetworks makes them, for the compensation. */
const peeringNames = (hubName: string, spokeName: string) => ({ hubSide: `peer-to-${spokeName}`, spokeSide: `peer-to-${hubName}` });

function poolFor(deps: VendingDeps, r: VendingRequest) {
  const pool = deps.vending.network.ipamPools.find((p) => p.archetypes.includes(r.archetype));
  if (!pool) throw new Error(`no IPAM pool in vending.network.ipamPools serves ${r.archetype}`);
  return pool;
}

/**
 * A non-overlapping range from the archetype's IPAM pool (the store's optimistic concurrency
 * keeps concurrent requests apart; the same request gets the same range again), the spoke VNet,
 * then per archetype: corp peers both ways with the hub; online stays off the hub, with the
 * DDoS plan when the policy names one; sandbox is isolated.
 */
export async function configureNetwork(deps: VendingDeps, input: { requestId: string; subscriptionId: string }): Promise<NetworkResult> {
  const s = await readRequest(deps, input.requestId);
  const r = s.request;
  const names = vendingNames(r);
  return inStep(deps, input.requestId, "network", async () => {
    const pool = poolFor(deps, r);
    const prefix = r.network?.size ?? deps.vending.network.defaultSize;
    const range = await deps.stores.ipam.allocate(pool.cidr, prefix, input.requestId, deps.now().toISOString());
    const sub = input.subscriptionId;
    await ensureResourceGroup(deps.clients.resources(sub), names.networkResourceGroup, r.regions.primary, { "ailz-managed": "true", project: r.workloadName });
    const ddosPlanId = r.archetype === "online" ? deps.vending.network.ddosPlanId : undefined;
    const net = deps.clients.network(sub);
    const vnet = await call(
      async () =>
        await net.virtualNetworks.createOrUpdate(names.networkResourceGroup, names.vnet, {
          location: r.regions.primary,
          tags: { "ailz-vending-request": input.requestId, archetype: r.archetype },
          addressSpace: { addressPrefixes: [range.cidr] },
          subnets: [{ name: "snet-workload", addressPrefix: range.cidr }],
          ...(ddosPlanId ? { enableDdosProtection: true, ddosProtectionPlan: { id: ddosPlanId } } : {}),
        }),
    );
    const vnetId = vnet.id ?? `/subscriptions/${sub}/resourceGroups/${names.networkResourceGroup}/providers/Microsoft.Network/virtualNetworks/${names.vnet}`;
    const peerings: string[] = [];
    if (r.archetype === "corp") {
      const hub = hubOf(deps);
      const p = await peerVirtualNetworks(
        { client: deps.clients.network(hub.subscriptionId), id: hub.id, resourceGroupName: hub.resourceGroupName, name: hub.name },
        { client: net, id: vnetId, resourceGroupName: names.networkResourceGroup, name: names.vnet },
      );
      peerings.push(p.hubToSpoke, p.spokeToHub);
    }
    return { pool: pool.name, cidr: range.cidr, vnetId, peerings, ...(ddosPlanId ? { ddosPlanId } : {}) };
  });
}

/** Compensation: give the range back and mark the network step to be redone by a retry. */
export async function releaseAddressRange(deps: VendingDeps, input: { requestId: string }): Promise<{ released: string[] }> {
  const freed = await deps.stores.ipam.release(input.requestId);
  const at = deps.now().toISOString();
  await updateRequest(deps, input.requestId, (s) => (s.steps.some((x) => x.name === "network") ? withStep(s, "network", { status: "pending", result: { compensated: "address range released" } }, at) : undefined));
  return { released: freed.map((a) => a.cidr) };
}

/** Compensation: remove both halves of the hub peering (missing ones count as removed). */
export async function removePeerings(deps: VendingDeps, input: { requestId: string; subscriptionId?: string }): Promise<{ removed: string[] }> {
  const s = await readRequest(deps, input.requestId);
  if (s.request.archetype !== "corp") return { removed: [] };
  const names = vendingNames(s.request);
  const hub = hubOf(deps);
  const p = peeringNames(hub.name, names.vnet);
  await deletePeering(deps.clients.network(hub.subscriptionId), hub.resourceGroupName, hub.name, p.hubSide);
  const removed = [`${hub.id}/virtualNetworkPeerings/${p.hubSide}`];
  if (input.subscriptionId) {
    await deletePeering(deps.clients.network(input.subscriptionId), names.networkResourceGroup, names.vnet, p.spokeSide);
    removed.push(p.spokeSide);
  }
  return { removed };
}
