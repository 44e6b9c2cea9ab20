import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import { normalizeId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";
import { registerResourceHook } from "./resourceHooks";

// A private endpoint's connections appear on the service it targets, as Azure shows them in
// `properties.privateEndpointConnections` (and Resource Graph with them): automatic connections
// (`privateLinkServiceConnections`, the caller may approve) arrive Approved, manual ones
// (`manualPrivateLinkServiceConnections`) Pending until the service owner approves. Deleting the
// endpoint removes its connection from the target.

interface Connection {
  name?: string;
  properties?: { privateLinkServiceId?: string; groupIds?: string[]; requestMessage?: string };
}

const connectionsOf = (doc: ArmResource): Array<{ c: Connection; manual: boolean }> => {
  const p = (doc.properties ?? {}) as { privateLinkServiceConnections?: Connection[]; manualPrivateLinkServiceConnections?: Connection[] };
  return [...(p.privateLinkServiceConnections ?? []).map((c) => ({ c, manual: false })), ...(p.manualPrivateLinkServiceConnections ?? []).map((c) => ({ c, manual: true }))];
};

function withoutEndpoint(target: ArmResource, endpointId: string): Record<string, unknown>[] {
  const list = ((target.properties ?? {}) as { privateEndpointConnections?: Record<string, any>[] }).privateEndpointConnections ?? [];
  return list.filter((x) => normalizeId(String(x?.properties?.privateEndpoint?.id ?? "")) !== normalizeId(endpointId));
}

function detach(emu: Emulator, endpoint: ArmResource): void {
  for (const { c } of connectionsOf(endpoint)) {
    const target = c.properties?.privateLinkServiceId ? emu.state.getResource(c.properties.privateLinkServiceId) : undefined;
    if (target) (target.properties ??= {}).privateEndpointConnections = withoutEndpoint(target, endpoint.id);
  }
}

registerResourceHook("Microsoft.Network/privateEndpoints", {
  beforeWrite(doc) {
    connectionsOf(doc).forEach(({ c, manual }, i) => {
      const field = `properties.${manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections"}[${i}]`;
      if (!c?.properties?.privateLinkServiceId) throw armError(400, "InvalidRequestFormat", `'${field}.properties.privateLinkServiceId' is required.`);
    });
  },
  afterWrite(doc, { emu, existing }) {
    if (existing) detach(emu, existing);
    for (const { c, manual } of connectionsOf(doc)) {
      const target = emu.state.getResource(c.properties!.privateLinkServiceId!);
      if (!target) continue;
      const name = `${doc.name}.${c.name ?? "connection"}`;
      const connection = {
        id: `${target.id}/privateEndpointConnections/${name}`,
        name,
        type: `${target.type}/privateEndpointConnections`,
        properties: {
          privateEndpoint: { id: doc.id },
          groupIds: c.properties?.groupIds ?? [],
          privateLinkServiceConnectionState: manual
            ? { status: "Pending", description: c.properties?.requestMessage ?? "", actionsRequired: "None" }
            : { status: "Approved", description: "Auto-Approved", actionsRequired: "None" },
          provisioningState: "Succeeded",
        },
      };
      (target.properties ??= {}).privateEndpointConnections = [...withoutEndpoint(target, doc.id), connection];
    }
  },
  afterDelete(doc, emu) {
    detach(emu, doc);
  },
});
