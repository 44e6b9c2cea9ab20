import { z } from "zod";
import { Archetype } from "./Archetype";

const ResourceIdentity = z.object({
  /** `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned` or `None`. */
  type: z.string(),
  principalId: z.string().optional(),
  tenantId: z.string().optional(),
  userAssignedIdentities: z.record(z.string(), z.unknown()).optional(),
});
type ResourceIdentity = z.infer<typeof ResourceIdentity>;

const ResourceSku = z.object({
  name: z.string(),
  tier: z.string().optional(),
  capacity: z.number().optional(),
  family: z.string().optional(),
  size: z.string().optional(),
});
type ResourceSku = z.infer<typeof ResourceSku>;

/** `systemData.createdByType` / `lastModifiedByType` values. */
export const PrincipalType = z.enum(["User", "Application", "ManagedIdentity", "Key"]);
export type PrincipalType = z.infer<typeof PrincipalType>;

/**
 * What guardrails know about one resource: the ARM envelope plus systemData and where its
 * subscription sits. `properties` is the subset the collector fetched (the full body is fine).
 */
export const ResourceFacts = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Lower-case, e.g. `microsoft.compute/virtualmachines`. */
  type: z.string().min(1).toLowerCase(),
  location: z.string().toLowerCase().default(""),
  subscriptionId: z.string().min(1).toLowerCase(),
  resourceGroup: z.string().optional(),
  kind: z.string().optional(),
  sku: ResourceSku.optional(),
  tags: z.record(z.string(), z.string()).default({}),
  properties: z.record(z.string(), z.unknown()).default({}),
  identity: ResourceIdentity.optional(),
  managedBy: z.string().optional(),
  createdBy: z.string().optional(),
  createdByType: PrincipalType.optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  lastModifiedBy: z.string().optional(),
  lastModifiedByType: PrincipalType.optional(),
  lastModifiedAt: z.iso.datetime({ offset: true }).optional(),
  /** Management group names of the resource's subscription, root first, direct parent last. */
  managementGroupPath: z.array(z.string()).default([]),
  archetype: Archetype.default("none"),
});
export type ResourceFacts = z.infer<typeof ResourceFacts>;
/** @internal */
export type ResourceFactsInput = z.input<typeof ResourceFacts>;
