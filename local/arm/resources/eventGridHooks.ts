import { armError } from "../armError";
import type { ArmResource } from "../state/schemas";
import { registerResourceHook } from "./resourceHooks";

// Event Grid system topics and their event subscriptions. The webhook endpointUrl is kept (the
// dispatcher posts to it) but, as in Azure, GET shows only endpointBaseUrl.

registerResourceHook("Microsoft.EventGrid/systemTopics", {
  beforeWrite(doc) {
    const p = doc.properties!;
    if (typeof p.source !== "string" || typeof p.topicType !== "string") throw armError(400, "InvalidRequest", "System topic needs 'properties.source' and 'properties.topicType'.");
    p.metricResourceId ??= crypto.randomUUID();
  },
});

function validUrl(s: unknown): s is string {
  if (typeof s !== "string") return false;
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

registerResourceHook("Microsoft.EventGrid/systemTopics/eventSubscriptions", {
  beforeWrite(doc, { existing }) {
    const p = doc.properties!;
    const dest = p.destination ?? {};
    if (dest.endpointType !== "WebHook") throw armError(400, "InvalidRequest", "Only 'properties.destination.endpointType' WebHook is supported by the emulator.");
    const dp = (dest.properties ??= {});
    if (!dp.endpointUrl) dp.endpointUrl = (existing?.properties as any)?.destination?.properties?.endpointUrl;
    if (!validUrl(dp.endpointUrl)) throw armError(400, "InvalidRequest", "'properties.destination.properties.endpointUrl' must be an absolute http(s) URL.");
    const schema = p.eventDeliverySchema ?? "EventGridSchema";
    if (schema !== "EventGridSchema" && schema !== "CloudEventSchemaV1_0") throw armError(400, "InvalidRequest", "'properties.eventDeliverySchema' must be EventGridSchema or CloudEventSchemaV1_0.");
    p.eventDeliverySchema = schema;
    p.filter = { isSubjectCaseSensitive: false, ...(p.filter ?? {}) };
    p.retryPolicy = { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440, ...(p.retryPolicy ?? {}) };
    p.topic = doc.id.slice(0, doc.id.toLowerCase().lastIndexOf("/eventsubscriptions/"));
  },
  view(doc): ArmResource {
    const p = doc.properties ?? {};
    const url = p.destination?.properties?.endpointUrl as string | undefined;
    const { endpointUrl: _u, ...rest } = p.destination?.properties ?? {};
    const base = url ? url.split("?")[0] : undefined;
    return { ...doc, properties: { ...p, destination: { ...p.destination, properties: { ...rest, endpointBaseUrl: base } } } };
  },
});
