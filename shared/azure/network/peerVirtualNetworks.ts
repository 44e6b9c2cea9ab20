import type { NetworkManagementClient } from "@azure/arm-network";
import { call } from "../AzureError";

export interface VnetRef {
  /** Client bound to the subscription that holds this VNet. */
  client: NetworkManagementClient;
  id: string;
  resourceGroupName: string;
  name: string;
}

export interface PeeringResult {
  hubToSpoke: string;
  spokeToHub: string;
}

/**
 * Peers a spoke with the hub on both sides (a peering only connects once both halves exist).
 * The hub side allows gateway transit; the spoke side uses the hub's gateway when asked.
 * Idempotent: PUT on an existing peering with the same remote network is a no-op.
 */
export async function peerVirtualNetworks(hub: VnetRef, spoke: VnetRef, options: { useRemoteGateways?: boolean } = {}): Promise<PeeringResult> {
  const hubToSpokeName = `peer-to-${spoke.name}`;
  const spokeToHubName = `peer-to-${hub.name}`;
  const hubSide = await call(() =>
    hub.client.virtualNetworkPeerings.createOrUpdate(hub.resourceGroupName, hub.name, hubToSpokeName, {
      remoteVirtualNetwork: { id: spoke.id },
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: Boolean(options.useRemoteGateways),
    }),
  );
  const spokeSide = await call(() =>
    spoke.client.virtualNetworkPeerings.createOrUpdate(spoke.resourceGroupName, spoke.name, spokeToHubName, {
      remoteVirtualNetwork: { id: hub.id },
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      useRemoteGateways: Boolean(options.useRemoteGateways),
    }),
  );
  return { hubToSpoke: hubSide.id ?? hubToSpokeName, spokeToHub: spokeSide.id ?? spokeToHubName };
}
