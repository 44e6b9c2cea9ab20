import type { z } from "zod";
import type { Policy } from "../../config/Policy";
import { dryRunFor } from "../../engine/dryRunFor";
import type { Decision } from "../../estate/Decision";
import type { ResourceFacts } from "../../estate/ResourceFacts";
import type { SubscriptionFacts } from "../../estate/SubscriptionFacts";
import { privateLinkCoverageName, type privateLinkCoverageParams } from "./params";

interface Connection {
  properties?: { privateEndpoint?: { id?: string }; privateLinkServiceConnectionState?: { status?: string } };
}

/** Private endpoint connections the service owner approved (Pending, Rejected, Disconnected carry no traffic). */
function approvedPrivateEndpoints(resource: ResourceFacts): string[] {
  const pecs = resource.properties["privateEndpointConnections"];
  if (!Array.isArray(pecs)) return [];
  return (pecs as Connection[])
    .filter((c) => (c?.properties?.privateLinkServiceConnectionState?.status ?? "").toLowerCase() === "approved")
    .map((c) => c.properties?.privateEndpoint?.id ?? "");
}

/**
 * A data service in a Private-Link archetype (Corp) that is open to public networks and has no
 * approved private endpoint is a finding. Every one of these services defaults to public access
 * when `publicNetworkAccess` is absent (Search spells the values in lower case). Only what fires
 * is returned: the sweep resolves findings that stop firing.
 */
export function evaluatePrivateLinkCoverage(resources: ResourceFacts[], subscriptions: SubscriptionFacts[], params: z.infer<typeof privateLinkCoverageParams>, policy: Policy): Decision[] {
  const bySub = new Map(subscriptions.map((s) => [s.id, s]));
  const types: ReadonlySet<string> = new Set(params.types);
  const out: Decision[] = [];
  for (const r of resources) {
    if (!types.has(r.type)) continue;
    const archetype = bySub.get(r.subscriptionId)?.archetype ?? r.archetype;
    if (!params.archetypes.includes(archetype)) continue;
    const pna = typeof r.properties["publicNetworkAccess"] === "string" ? (r.properties["publicNetworkAccess"] as string) : "Enabled";
    if (pna.toLowerCase() === "disabled") continue;
    const approved = approvedPrivateEndpoints(r);
    if (approved.length > 0) continue;
    const pending = Array.isArray(r.properties["privateEndpointConnections"]) ? (r.properties["privateEndpointConnections"] as unknown[]).length : 0;
    out.push({
      guardrail: privateLinkCoverageName,
      resourceId: r.id,
      verdict: "flag",
      rule: "noPrivateEndpoint",
      severity: "high",
      reason: `privateLinkCoverage: ${r.name}: public network access is ${pna} and no approved private endpoint${pending ? ` (${pending} connection(s) not approved)` : ""} in ${archetype}`,
      evidence: { type: r.type, publicNetworkAccess: pna, privateEndpointConnections: pending, archetype },
      dryRun: dryRunFor(policy, privateLinkCoverageName),
    });
  }
  return out;
}
