import type { z } from "zod";
import { parseResourceId } from "../estate/parseResourceId";
import { callerFromClaims } from "./callerFromClaims";
import { CloudEventEnvelope, EventGridEnvelope, ResourceNotificationsEventData, ResourcesEventData } from "./envelopes";
import { eventTypeInfo } from "./eventTypes";
import { oneZeroBooleans } from "./oneZeroBooleans";
import { ResourceEvent } from "./ResourceEvent";

export type NormaliseResult =
  | { kind: "event"; event: ResourceEvent }
  | { kind: "ignored"; eventType: string; id: string }
  | { kind: "malformed"; reason: string };

const TAGS_SUFFIX = /\/providers\/microsoft\.resources\/tags\/default$/i;

const describe = (prefix: string, error: z.ZodError): string => {
  const issue = error.issues[0]!;
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  return `${path}: ${issue.message}`;
};

const isoTime = (value: string | undefined, field: string): string | { error: string } => {
  const t = value === undefined ? NaN : Date.parse(value);
  return Number.isNaN(t) ? { error: `${field}: expected an ISO 8601 time, got ${JSON.stringify(value ?? null)}` } : new Date(t).toISOString();
};

function tagsOf(tags: Record<string, string> | string | null | undefined): Record<string, string> | undefined {
  if (tags === undefined || tags === null || tags === "") return undefined;
  if (typeof tags !== "string") return tags;
  try {
    const parsed = JSON.parse(tags) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    }
  } catch {
    // Not JSON: a documented-as-string field with something else in it carries no usable tags.
  }
  return undefined;
}

/**
 * One delivered event (Event Grid schema or CloudEvents 1.0) as a ResourceEvent. Event types
 * this path does not handle are `ignored`; events whose envelope or data cannot be used are
 * `malformed` with the field named. Never throws.
 */
export function normaliseEvent(raw: unknown): NormaliseResult {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { kind: "malformed", reason: "event: expected a JSON object" };
  const isCloud = "specversion" in raw;
  let id: string, eventType: string, subject: string | undefined, time: string | undefined, data: unknown;
  if (isCloud) {
    const env = CloudEventEnvelope.safeParse(raw);
    if (!env.success) return { kind: "malformed", reason: describe("", env.error) };
    ({ id, type: eventType, subject, time, data } = env.data);
  } else {
    const env = EventGridEnvelope.safeParse(raw);
    if (!env.success) return { kind: "malformed", reason: describe("", env.error) };
    ({ id, eventType, subject, eventTime: time, data } = env.data);
  }
  const info = eventTypeInfo(eventType);
  if (!info) return { kind: "ignored", eventType, id };
  const timeField = isCloud ? "time" : "eventTime";

  let resourceId: string;
  let operationName: string | undefined;
  let caller, correlationId, tenantId: string | undefined;
  let resource: ResourceEvent["resource"];
  let eventTime = time;

  if (info.family === "resources") {
    const d = ResourcesEventData.safeParse(data);
    if (!d.success) return { kind: "malformed", reason: describe("data", d.error) };
    resourceId = d.data.resourceUri;
    operationName = d.data.operationName;
    caller = callerFromClaims(d.data.claims);
    correlationId = d.data.correlationId;
    tenantId = d.data.tenantId;
  } else {
    const d = ResourceNotificationsEventData.safeParse(data);
    if (!d.success) return { kind: "malformed", reason: describe("data", d.error) };
    const ri = d.data.resourceInfo;
    resourceId = ri.id;
    eventTime = d.data.operationalInfo?.resourceEventTime ?? time;
    resource = {
      name: ri.name,
      type: ri.type,
      location: ri.location,
      tags: tagsOf(ri.tags),
      properties: ri.properties ? (oneZeroBooleans(ri.properties) as Record<string, unknown>) : undefined,
      apiVersion: d.data.apiVersion,
      systemData: ri.systemData ?? undefined,
    };
    if (info.operation === "delete") resource = { name: ri.name, type: ri.type };
  }

  const t = isoTime(eventTime, timeField);
  if (typeof t !== "string") return { kind: "malformed", reason: t.error };

  const tagsOnly = TAGS_SUFFIX.test(resourceId) || /^microsoft\.resources\/tags\//i.test(operationName ?? "");
  const target = resourceId.replace(TAGS_SUFFIX, "");
  const parts = parseResourceId(target);
  if (!parts.subscriptionId) return { kind: "malformed", reason: `${info.family === "resources" ? "data.resourceUri" : "data.resourceInfo.id"}: no subscription in ${target}` };

  const event: ResourceEvent = {
    id,
    eventType,
    schema: isCloud ? "CloudEventSchemaV1_0" : "EventGridSchema",
    family: info.family,
    operation: info.operation,
    status: info.status,
    resourceId: target,
    resourceType: parts.type ?? (parts.resourceGroup ? "microsoft.resources/resourcegroups" : "microsoft.resources/subscriptions"),
    subscriptionId: parts.subscriptionId,
    resourceGroup: parts.resourceGroup,
    operationName,
    tagsOnly,
    caller,
    time: t,
    correlationId,
    tenantId,
    resource,
  };
  // The subject should name the same resource; a mismatch means a forged or garbled event.
  if (subject && subject.toLowerCase().startsWith("/subscriptions/") && !subject.toLowerCase().startsWith(`/subscriptions/${parts.subscriptionId}`)) {
    return { kind: "malformed", reason: `subject: ${subject} is not in subscription ${parts.subscriptionId} of the resource` };
  }
  const checked = ResourceEvent.safeParse(event);
  if (!checked.success) return { kind: "malformed", reason: describe("event", checked.error) };
  return { kind: "event", event: checked.data };
}
