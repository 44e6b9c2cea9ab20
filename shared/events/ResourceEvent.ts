import { z } from "zod";
import { Caller } from "../estate/Caller";

/** The resource body an ARN event carries (Microsoft.Resources events carry none). */
const EventResourcePayload = z.object({
  name: z.string().optional(),
  type: z.string().optional(),
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  apiVersion: z.string().optional(),
  /** Who created / last modified the resource, when the payload carries it (the documented ARN payload does not). */
  systemData: z.record(z.string(), z.unknown()).optional(),
});

/** One resource event, whatever topic and schema it arrived in. */
export const ResourceEvent = z.object({
  id: z.string().min(1),
  eventType: z.string().min(1),
  schema: z.enum(["EventGridSchema", "CloudEventSchemaV1_0"]),
  family: z.enum(["resources", "resourceNotifications"]),
  operation: z.enum(["write", "delete", "action"]),
  status: z.enum(["succeeded", "failed", "canceled"]),
  /** The resource the operation targeted; for a tags write, the tagged resource. */
  resourceId: z.string().min(1),
  /** Lower-case full type, e.g. `microsoft.compute/virtualmachines`. */
  resourceType: z.string(),
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().optional(),
  operationName: z.string().optional(),
  /** True when the operation only wrote tags (`Microsoft.Resources/tags/*`). */
  tagsOnly: z.boolean(),
  caller: Caller.optional(),
  time: z.iso.datetime({ offset: true }),
  correlationId: z.string().optional(),
  tenantId: z.string().optional(),
  resource: EventResourcePayload.optional(),
});
export type ResourceEvent = z.infer<typeof ResourceEvent>;
