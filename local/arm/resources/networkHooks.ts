import { randomUUID } from "node:crypto";
import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import { normalizeId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";
import { registerResourceHook, viewOf } from "./resourceHooks";

// Virtual networks hold subnets and peerings inline in ARM's GET, but they are child resources
// of their own; a VNet PUT that lists subnets defines the set. A peering is Initiated until the
// remote VNet peers back, then both sides are Connected; deleting one side disconnects the other.

const SUBNET = "Microsoft.Network/virtualNetworks/subnets";
const PEERING = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings";

function children(emu: Emulator, vnetId: string, segment: string): ArmResource[] {
  const prefix = `${normalizeId(vnetId)}/${segment}/`;
  const out: ArmResource[] = [];
  for (const r of emu.state.resourcesUnder(vnetId)) if (r.id.toLowerCase().startsWith(prefix) && !r.id.slice(prefix.length).includes("/")) out.push(r);
  return out;
}

function peeringBack(emu: Emulator, fromVnetId: string, remoteVnetId: string): ArmResource | undefined {
  return children(emu, remoteVnetId, "virtualnetworkpeerings").find((p) => normalizeId(String((p.properties as any)?.remoteVirtualNetwork?.id ?? "")) === normalizeId(fromVnetId));
}

registerResourceHook("Microsoft.Network/virtualNetworks", {
  beforeWrite(doc, { existing }) {
    const props = doc.properties!;
    props.resourceGuid = (existing?.properties as any)?.resourceGuid ?? randomUUID();
    if (props.subnets !== undefined) {
      if (!Array.isArray(props.subnets)) throw armError(400, "InvalidRequestFormat", "'properties.subnets' must be an array.");
      props.subnets.forEach((s: unknown, i: number) => {
        if (!s || typeof s !== "object" || typeof (s as { name?: unknown }).name !== "string") throw armError(400, "InvalidRequestFormat", `'properties.subnets[${i}].name' is required.`);
      });
    }
    (doc as any).__inlineSubnets = props.subnets;
    delete props.subnets;
    delete props.virtualNetworkPeerings;
  },
  afterWrite(doc, { emu }) {
    const inline = (doc as any).__inlineSubnets as { name?: string; properties?: Record<string, unknown> }[] | undefined;
    delete (doc as any).__inlineSubnets;
    if (!Array.isArray(inline)) return;
    const wanted = new Set<string>();
    for (const s of inline) {
      if (!s.name) continue;
      const id = `${doc.id}/subnets/${s.name}`;
      wanted.add(normalizeId(id));
      emu.state.putResource({ id, name: s.name, type: SUBNET, properties: { ...(s.properties ?? {}), provisioningState: "Succeeded" } });
    }
    for (const s of children(emu, doc.id, "subnets")) if (!wanted.has(normalizeId(s.id))) emu.state.deleteResource(s.id);
  },
  view(doc, emu, req) {
    return {
      ...doc,
      properties: {
        ...doc.properties,
        subnets: children(emu, doc.id, "subnets").map((s) => viewOf(s, emu, req)),
        virtualNetworkPeerings: children(emu, doc.id, "virtualnetworkpeerings").map((p) => viewOf(p, emu, req)),
      },
    };
  },
});

registerResourceHook(PEERING, {
  beforeWrite(doc, { emu }) {
    const props = doc.properties!;
    const remoteId: unknown = props.remoteVirtualNetwork?.id;
    if (typeof remoteId !== "string" || !remoteId) throw armError(400, "InvalidRequestFormat", "'properties.remoteVirtualNetwork.id' is required.");
    const localVnetId = doc.id.slice(0, doc.id.toLowerCase().lastIndexOf("/virtualnetworkpeerings/"));
    const remote = emu.state.getResource(remoteId);
    const back = remote ? peeringBack(emu, localVnetId, remote.id) : undefined;
    props.peeringState = back ? "Connected" : "Initiated";
    props.peeringSyncLevel = "FullyInSync";
    // remoteAddressSpace is what was peered; remoteVirtualNetworkAddressSpace the remote's current space (equal until it changes).
    if (remote) props.remoteAddressSpace = props.remoteVirtualNetworkAddressSpace = (remote.properties as any)?.addressSpace ?? { addressPrefixes: [] };
    props.allowVirtualNetworkAccess ??= true;
    props.allowForwardedTraffic ??= false;
    props.allowGatewayTransit ??= false;
    props.useRemoteGateways ??= false;
    if (back) back.properties = { ...back.properties, peeringState: "Connected", peeringSyncLevel: "FullyInSync" };
  },
  afterDelete(doc, emu) {
    const remoteId = (doc.properties as any)?.remoteVirtualNetwork?.id;
    if (typeof remoteId !== "string") return;
    const localVnetId = doc.id.slice(0, doc.id.toLowerCase().lastIndexOf("/virtualnetworkpeerings/"));
    const back = emu.state.getResource(remoteId) ? peeringBack(emu, localVnetId, remoteId) : undefined;
    if (back) back.properties = { ...back.properties, peeringState: "Disconnected" };
  },
});
