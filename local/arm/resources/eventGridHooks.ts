import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import { parseFunctionId, SUPPORTED_OPERATORS } from "../events/advancedFilters";
import type { ArmResource } from "../state/schemas";
import { registerResourceHook } from "./resourceHooks";

// Event Grid system topics and their event subscriptions. The webhook endpointUrl is kept (the
// dispatcher posts to it) but, as in Azure, GET shows only endpointBaseUrl. An AzureFunction
// destination names the function by resource id (the dispatcher resolves it to a registered
// host); advanced filters and identity-based dead-lettering are validated and stored.

registerResourceHook("Microsoft.EventGrid/systemTopics", {
  beforeWrite(doc) {
    const p = doc.properties!;
    if (typeof p.source !== "string" || typeof p.topicType !== "string") throw armError(400, "InvalidRequest", "System topic needs 'properties.source' and 'properties.topicType'.");
    p.metricResourceId ??= crypto.randomUUID();
  },
});

function checkAdvancedFilters(filters: unknown): void {
  if (filters === undefined || filters === null) return;
  if (!Array.isArray(filters)) throw armError(400, "InvalidRequest", "'properties.filter.advancedFilters' must be an array.");
  filters.forEach((f: any, i) => {
    if (!f || typeof f.key !== "string" || !f.key) throw armError(400, "InvalidRequest", `'properties.filter.advancedFilters[${i}].key' is required.`);
    if (!SUPPORTED_OPERATORS.has(f.operatorType)) throw armError(400, "InvalidRequest", `'properties.filter.advancedFilters[${i}].operatorType' ${String(f.operatorType)} is not supported by the emulator.`);
    if (/^String/.test(f.operatorType) && (!Array.isArray(f.values) || f.values.length === 0 || f.values.length > 25)) throw armError(400, "InvalidRequest", `'properties.filter.advancedFilters[${i}].values' must list 1 to 25 values.`);
  });
}

/**
 * deadLetterWithResourceIdentity: a StorageBlob destination written with the topic's identity;
 * a UserAssigned identity must be one the topic has (as Event Grid refuses otherwise).
 */
function checkDeadLetter(d: any, subscriptionId: string, emu: Emulator): void {
  if (d === undefined || d === null) return;
  const dest = d.deadLetterDestination;
  if (dest?.endpointType !== "StorageBlob" || typeof dest.properties?.resourceId !== "string" || typeof dest.properties?.blobContainerName !== "string") {
    throw armError(400, "InvalidRequest", "'properties.deadLetterWithResourceIdentity.deadLetterDestination' must be a StorageBlob destination with 'resourceId' and 'blobContainerName'.");
  }
  const type = d.identity?.type;
  if (type !== "SystemAssigned" && type !== "UserAssigned") throw armError(400, "InvalidRequest", "'properties.deadLetterWithResourceIdentity.identity.type' must be SystemAssigned or UserAssigned.");
  const topic = emu.state.getResource(subscriptionId.slice(0, subscriptionId.toLowerCase().lastIndexOf("/eventsubscriptions/")));
  const identity = (topic as { identity?: { type?: string; userAssignedIdentities?: Record<string, unknown> } } | undefined)?.identity;
  if (type === "SystemAssigned" && !/SystemAssigned/i.test(identity?.type ?? "")) throw armError(400, "InvalidRequest", "The system topic has no system-assigned identity to deliver dead letters with.");
  if (type === "UserAssigned") {
    const id = d.identity.userAssignedIdentity;
    const held = Object.keys(identity?.userAssignedIdentities ?? {}).map((k) => k.toLowerCase());
    if (typeof id !== "string" || !held.includes(id.toLowerCase())) throw armError(400, "InvalidRequest", `'properties.deadLetterWithResourceIdentity.identity.userAssignedIdentity' must be an identity assigned to the system topic.`);
  }
}

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
  beforeWrite(doc, { existing, emu }) {
    const p = doc.properties!;
    const dest = p.destination ?? {};
    const dp = (dest.properties ??= {});
    if (dest.endpointType === "WebHook") {
      if (!dp.endpointUrl) dp.endpointUrl = (existing?.properties as any)?.destination?.properties?.endpointUrl;
      if (!validUrl(dp.endpointUrl)) throw armError(400, "InvalidRequest", "'properties.destination.properties.endpointUrl' must be an absolute http(s) URL.");
    } else if (dest.endpointType === "AzureFunction") {
      if (typeof dp.resourceId !== "string" || !parseFunctionId(dp.resourceId)) throw armError(400, "InvalidRequest", "'properties.destination.properties.resourceId' must be a function's resource id (/subscriptions/…/providers/Microsoft.Web/sites/<app>/functions/<name>).");
    } else {
      throw armError(400, "InvalidRequest", "Only 'properties.destination.endpointType' WebHook and AzureFunction are supported by the emulator.");
    }
    if (dp.maxEventsPerBatch !== undefined && !(Number.isInteger(dp.maxEventsPerBatch) && dp.maxEventsPerBatch >= 1 && dp.maxEventsPerBatch <= 5000)) throw armError(400, "InvalidRequest", "'maxEventsPerBatch' must be between 1 and 5000.");
    if (dp.preferredBatchSizeInKilobytes !== undefined && !(Number.isInteger(dp.preferredBatchSizeInKilobytes) && dp.preferredBatchSizeInKilobytes >= 1 && dp.preferredBatchSizeInKilobytes <= 1024)) throw armError(400, "InvalidRequest", "'preferredBatchSizeInKilobytes' must be between 1 and 1024.");
    checkAdvancedFilters(p.filter?.advancedFilters);
    checkDeadLetter(p.deadLetterWithResourceIdentity, doc.id, emu);
    const schema = p.eventDeliverySchema ?? "EventGridSchema";
    if (schema !== "EventGridSchema" && schema !== "CloudEventSchemaV1_0") throw armError(400, "InvalidRequest", "'properties.eventDeliverySchema' must be EventGridSchema or CloudEventSchemaV1_0.");
    p.eventDeliverySchema = schema;
    p.filter = { isSubjectCaseSensitive: false, ...(p.filter ?? {}) };
    p.retryPolicy = { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440, ...(p.retryPolicy ?? {}) };
    p.topic = doc.id.slice(0, doc.id.toLowerCase().lastIndexOf("/eventsubscriptions/"));
  },
  view(doc): ArmResource {
    const p = doc.properties ?? {};
    if (p.destination?.endpointType !== "WebHook") return doc;
    const url = p.destination?.properties?.endpointUrl as string | undefined;
    const { endpointUrl: _u, ...rest } = p.destination?.properties ?? {};
    const base = url ? url.split("?")[0] : undefined;
    return { ...doc, properties: { ...p, destination: { ...p.destination, properties: { ...rest, endpointBaseUrl: base } } } };
  },
});
