import { randomUUID } from "node:crypto";
import type { Caller } from "../types";
import { parseResourceId, resourceGroupOf, subscriptionOf } from "../state/resourceIds";

type ResourceEventKind = "write" | "delete" | "action";

export interface ResourceEventInput {
  kind: ResourceEventKind;
  resourceUri: string;
  /** e.g. "Microsoft.Compute/virtualMachines/write" */
  operationName: string;
  caller: Caller;
  correlationId?: string;
  httpRequest?: { clientRequestId?: string; clientIpAddress?: string; method: string; url: string };
  evidence?: Record<string, string>;
}

/** An event in the Event Grid schema, as a subscription system topic publishes it. */
export interface EventGridEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  data: Record<string, unknown>;
  dataVersion: string;
  metadataVersion: string;
}

const EVENT_TYPES: Record<ResourceEventKind, string> = {
  write: "Microsoft.Resources.ResourceWriteSuccess",
  delete: "Microsoft.Resources.ResourceDeleteSuccess",
  action: "Microsoft.Resources.ResourceActionSuccess",
};

const CLAIM_URIS: Record<string, string> = {
  oid: "http://schemas.microsoft.com/identity/claims/objectidentifier",
  tid: "http://schemas.microsoft.com/identity/claims/tenantid",
  upn: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
  unique_name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
  sub: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier",
  given_name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
  family_name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
  scp: "http://schemas.microsoft.com/identity/claims/scope",
  amr: "http://schemas.microsoft.com/claims/authnmethodsreferences",
  acr: "http://schemas.microsoft.com/claims/authnclassreference",
};

/** ARM reports token claims with their long URI names and every value as a string. */
function claimsForEvent(caller: Caller): Record<string, string> {
  const out: Record<string, string> = {};
  const src: Record<string, unknown> = { ...(caller.claims ?? {}) };
  src.oid ??= caller.objectId;
  src.tid ??= caller.tenantId;
  src.idtyp ??= caller.idtyp;
  if (caller.appId) src.appid ??= caller.appId;
  if (caller.upn) src.upn ??= caller.upn;
  if (caller.name) src.name ??= caller.name;
  if (caller.idtyp === "user") src.scp ??= "user_impersonation";
  src.sub ??= caller.objectId;
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined || v === null) continue;
    out[CLAIM_URIS[k] ?? k] = Array.isArray(v) ? v.join(",") : typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return out;
}

export function buildResourceEvent(input: ResourceEventInput, eventTime: string, tenantId: string): EventGridEvent {
  const subscriptionId = subscriptionOf(input.resourceUri) ?? "";
  const provider = input.operationName.split("/")[0] ?? parseResourceId(input.resourceUri).namespace ?? "Microsoft.Resources";
  const data: Record<string, unknown> = {
    authorization: { scope: input.resourceUri, action: input.operationName, ...(input.evidence ? { evidence: input.evidence } : {}) },
    claims: claimsForEvent(input.caller),
    correlationId: input.correlationId ?? randomUUID(),
    httpRequest: input.httpRequest,
    resourceProvider: provider,
    resourceUri: input.resourceUri,
    operationName: input.operationName,
    status: "Succeeded",
    subscriptionId,
    tenantId,
  };
  const rg = resourceGroupOf(input.resourceUri);
  if (rg) data.resourceGroup = rg;
  if (!input.httpRequest) delete data.httpRequest;
  return {
    id: randomUUID(),
    topic: `/subscriptions/${subscriptionId}`,
    subject: input.resourceUri,
    eventType: EVENT_TYPES[input.kind],
    eventTime,
    data,
    dataVersion: "2",
    metadataVersion: "1",
  };
}

/** The same event in the CloudEvents 1.0 schema. */
export function toCloudEvent(e: EventGridEvent): Record<string, unknown> {
  return { specversion: "1.0", id: e.id, source: e.topic, type: e.eventType, subject: e.subject, time: e.eventTime, datacontenttype: "application/json", data: e.data };
}
