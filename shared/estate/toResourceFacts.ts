import { ResourceFacts } from "./ResourceFacts";
import { parseResourceId } from "./parseResourceId";
import type { SubscriptionFacts } from "./SubscriptionFacts";

/** An ARM resource body or a Resource Graph row, as the adapters return it. */
export interface ArmResourceLike {
  id: string;
  name?: string;
  type?: string;
  location?: string;
  kind?: string;
  sku?: { name?: string; tier?: string; capacity?: number; family?: string; size?: string };
  tags?: Record<string, string> | null;
  properties?: Record<string, unknown> | null;
  identity?: { type?: string; principalId?: string; tenantId?: string; userAssignedIdentities?: Record<string, unknown> } | null;
  managedBy?: string;
  systemData?: {
    createdBy?: string;
    createdByType?: string;
    createdAt?: string | Date;
    lastModifiedBy?: string;
    lastModifiedByType?: string;
    lastModifiedAt?: string | Date;
  } | null;
}

const iso = (v: string | Date | undefined): string | undefined =>
  v === undefined ? undefined : v instanceof Date ? v.toISOString() : v;

/**
 * Builds validated facts from an ARM body (SDK objects carry Date values, REST bodies strings)
 * plus the subscription's placement. Throws a ZodError naming the field when the body is unusable.
 */
export function toResourceFacts(raw: ArmResourceLike, subscription?: Pick<SubscriptionFacts, "managementGroupPath" | "archetype">): ResourceFacts {
  const parts = parseResourceId(raw.id);
  const sd = raw.systemData ?? undefined;
  return ResourceFacts.parse({
    id: raw.id,
    name: raw.name ?? parts.name,
    type: raw.type ?? parts.type,
    location: raw.location ?? "",
    subscriptionId: parts.subscriptionId,
    resourceGroup: parts.resourceGroup,
    kind: raw.kind,
    sku: raw.sku?.name ? raw.sku : undefined,
    tags: raw.tags ?? {},
    properties: raw.properties ?? {},
    identity: raw.identity?.type ? raw.identity : undefined,
    managedBy: raw.managedBy,
    createdBy: sd?.createdBy,
    createdByType: sd?.createdByType,
    createdAt: iso(sd?.createdAt),
    lastModifiedBy: sd?.lastModifiedBy,
    lastModifiedByType: sd?.lastModifiedByType,
    lastModifiedAt: iso(sd?.lastModifiedAt),
    managementGroupPath: subscription?.managementGroupPath ?? [],
    archetype: subscription?.archetype ?? "none",
  });
}
