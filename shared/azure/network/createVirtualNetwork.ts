import type { NetworkManagementClient, VirtualNetwork } from "@azure/arm-network";
import { call } from "../AzureError";

export interface VirtualNetworkSpec {
  resourceGroupName: string;
  name: string;
  location: string;
  addressPrefixes: string[];
  subnets?: Array<{ name: string; addressPrefix: string }>;
  tags?: Record<string, string>;
}

/** Creates (or updates to match) a virtual network and waits for it: VNet writes finish in seconds. */
export async function createVirtualNetwork(client: NetworkManagementClient, spec: VirtualNetworkSpec): Promise<VirtualNetwork> {
  return call(() =>
    client.virtualNetworks.createOrUpdate(spec.resourceGroupName, spec.name, {
      location: spec.location,
      tags: spec.tags,
      // The modular SDK flattens `properties` into the model; it nests them again on the wire.
      addressSpace: { addressPrefixes: spec.addressPrefixes },
      subnets: (spec.subnets ?? []).map((s) => ({ name: s.name, addressPrefix: s.addressPrefix })),
    }),
  );
}
