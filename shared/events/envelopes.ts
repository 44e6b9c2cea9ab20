import { z } from "zod";

// The two delivery schemas, and the `data` of each topic family, as Microsoft documents them.
// Loose objects: Azure adds fields over time and unknown ones must not make an event malformed.

export const EventGridEnvelope = z.looseObject({
  id: z.string().min(1),
  eventType: z.string().min(1),
  subject: z.string().optional(),
  eventTime: z.string().min(1),
  topic: z.string().optional(),
  data: z.unknown(),
});

export const CloudEventEnvelope = z.looseObject({
  specversion: z.literal("1.0"),
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().min(1),
  subject: z.string().optional(),
  time: z.string().optional(),
  data: z.unknown(),
});

const armId = z.string().regex(/^\/subscriptions\/[^/]+/i, "expected an ARM id starting /subscriptions/{id}");

/** `Microsoft.Resources.Resource*` data (subscription / resource group system topics). */
export const ResourcesEventData = z.looseObject({
  resourceUri: armId,
  operationName: z.string().optional(),
  status: z.string().optional(),
  subscriptionId: z.string().optional(),
  tenantId: z.string().optional(),
  correlationId: z.string().optional(),
  resourceProvider: z.string().optional(),
  claims: z.record(z.string(), z.unknown()).optional(),
  authorization: z.unknown().optional(),
  httpRequest: z.unknown().optional(),
});

/** Tags arrive as an object, or (per the documented schema) as a string. */
const Tags = z.union([z.record(z.string(), z.string()), z.string()]).optional();

/** `Microsoft.ResourceNotifications.Resources.*` data (Azure Resource Notifications system topic). */
export const ResourceNotificationsEventData = z.looseObject({
  resourceInfo: z.looseObject({
    id: armId,
    name: z.string().optional(),
    type: z.string().optional(),
    location: z.string().optional(),
    tags: Tags.nullable(),
    properties: z.record(z.string(), z.unknown()).nullable().optional(),
    systemData: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
  apiVersion: z.string().optional(),
  operationalInfo: z.looseObject({ resourceEventTime: z.string().optional() }).optional(),
});
