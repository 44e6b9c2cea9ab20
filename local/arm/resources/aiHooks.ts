import { randomUUID } from "node:crypto";
import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import { normalizeId } from "../state/resourceIds";
import type { ArmResource } from "../state/schemas";
import { vmSku } from "../state/vmSkus";
import { registerResourceHook, viewOf } from "./resourceHooks";

// Values Azure computes for AI resources: account endpoints, AKS FQDNs and agent pools
// (inline agentPoolProfiles become managedClusters/agentPools children, as in ARM).

registerResourceHook("Microsoft.CognitiveServices/accounts", {
  beforeWrite(doc, { existing }) {
    if (!doc.kind) throw armError(400, "InvalidRequestContent", "The request content was invalid: 'kind' is required for Microsoft.CognitiveServices/accounts.");
    if (!(doc as any).sku?.name) throw armError(400, "InvalidRequestContent", "The request content was invalid: 'sku.name' is required for Microsoft.CognitiveServices/accounts.");
    const p = doc.properties!;
    const sub = p.customSubDomainName ?? doc.name;
    p.endpoint = doc.kind === "OpenAI" ? `https://${sub}.openai.azure.com/` : `https://${sub}.cognitiveservices.azure.com/`;
    p.internalId = (existing?.properties as any)?.internalId ?? randomUUID().replace(/-/g, "");
    p.dateCreated = (existing?.properties as any)?.dateCreated ?? new Date().toISOString();
    p.publicNetworkAccess ??= "Enabled";
  },
});

registerResourceHook("Microsoft.CognitiveServices/accounts/deployments", {
  beforeWrite(doc) {
    const model = doc.properties?.model;
    if (!model?.name || !model?.format) throw armError(400, "InvalidRequestContent", "The request content was invalid: 'properties.model.format' and 'properties.model.name' are required.");
  },
});

const POOL = "Microsoft.ContainerService/managedClusters/agentPools";

function pools(emu: Emulator, clusterId: string): ArmResource[] {
  const prefix = `${normalizeId(clusterId)}/agentpools/`;
  return [...emu.state.resourcesUnder(clusterId)].filter((r) => r.id.toLowerCase().startsWith(prefix));
}

function checkPool(p: Record<string, any>, field: string): void {
  if (!p.vmSize) throw armError(400, "InvalidParameter", `'${field}.vmSize' is required.`);
  if (!vmSku(p.vmSize) && !/^Standard_/i.test(p.vmSize)) throw armError(400, "InvalidParameter", `The VM size '${p.vmSize}' in '${field}.vmSize' is not valid.`);
}

registerResourceHook("Microsoft.ContainerService/managedClusters", {
  beforeWrite(doc, { existing }) {
    const p = doc.properties!;
    p.fqdn = (existing?.properties as any)?.fqdn ?? `${p.dnsPrefix ?? doc.name}-${randomUUID().slice(0, 8)}.hcp.${doc.location}.azmk8s.io`;
    p.nodeResourceGroup ??= `MC_${doc.id.split("/")[4]}_${doc.name}_${doc.location}`;
    p.powerState ??= { code: "Running" };
    if (p.agentPoolProfiles !== undefined) {
      if (!Array.isArray(p.agentPoolProfiles)) throw armError(400, "InvalidParameter", "'properties.agentPoolProfiles' must be an array.");
      p.agentPoolProfiles.forEach((profile: Record<string, any> | null, i: number) => {
        if (!profile || typeof profile.name !== "string") throw armError(400, "InvalidParameter", `'properties.agentPoolProfiles[${i}].name' is required.`);
        checkPool(profile, `properties.agentPoolProfiles[${i}]`);
      });
    }
    (doc as any).__inlinePools = p.agentPoolProfiles;
    delete p.agentPoolProfiles;
  },
  afterWrite(doc, { emu }) {
    const inline = (doc as any).__inlinePools as Record<string, any>[] | undefined;
    delete (doc as any).__inlinePools;
    if (!Array.isArray(inline)) return;
    inline.forEach((profile) => {
      const { name, ...rest } = profile;
      emu.state.putResource({ id: `${doc.id}/agentPools/${name}`, name, type: POOL, properties: { count: 1, mode: "User", osType: "Linux", ...rest, provisioningState: "Succeeded", powerState: { code: "Running" } } });
    });
  },
  view(doc, emu, req) {
    const profiles = pools(emu, doc.id).map((a) => ({ name: a.name, ...viewOf(a, emu, req).properties }));
    return { ...doc, properties: { ...doc.properties, agentPoolProfiles: profiles } };
  },
});

registerResourceHook(POOL, {
  beforeWrite(doc) {
    checkPool(doc.properties!, "properties");
    doc.properties!.count ??= 1;
    doc.properties!.powerState ??= { code: "Running" };
  },
});
