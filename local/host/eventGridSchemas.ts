// The two delivery schemas an Event Grid webhook receives. Only the fields the host relies on
// are checked; everything else passes through to the function unchanged.
import { z } from "zod";

const EventGridEvent = z.looseObject({
  id: z.string().min(1),
  eventType: z.string().min(1),
  subject: z.string(),
  eventTime: z.string().min(1),
  dataVersion: z.string().optional(),
  data: z.unknown().optional(),
  topic: z.string().optional(),
});

const CloudEvent = z.looseObject({
  specversion: z.literal("1.0"),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
});

export const SubscriptionValidationData = z.looseObject({ validationCode: z.string().min(1) });

export type DeliveredEvent = { schema: "EventGridSchema" | "CloudEventSchemaV1_0"; event: Record<string, unknown> };

/** A delivery the webhook refuses; `field` is the path of the offending part of the body. */
export class DeliveryError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Parse a delivery body into events; throws a DeliveryError naming the bad field. */
export function parseDelivery(body: unknown, contentType: string): DeliveredEvent[] {
  const batchCe = contentType.includes("application/cloudevents-batch+json");
  const singleCe = contentType.includes("application/cloudevents+json");
  if (batchCe && !Array.isArray(body)) throw new DeliveryError("body", "a cloudevents-batch+json delivery must be a JSON array");
  if (singleCe && (Array.isArray(body) || typeof body !== "object" || body === null)) throw new DeliveryError("body", "a cloudevents+json delivery must be one JSON object");
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw new DeliveryError("body", "the delivery contains no events");
  return items.map((item, i) => {
    const at = Array.isArray(body) ? `body[${i}]` : "body";
    if (typeof item !== "object" || item === null || Array.isArray(item)) throw new DeliveryError(at, "each event must be a JSON object");
    const isCe = batchCe || singleCe || "specversion" in item;
    const parsed = (isCe ? CloudEvent : EventGridEvent).safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DeliveryError(`${at}.${issue.path.join(".")}`, issue.message);
    }
    return { schema: isCe ? "CloudEventSchemaV1_0" : "EventGridSchema", event: parsed.data as Record<string, unknown> };
  });
}
