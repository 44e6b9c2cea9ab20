// /runtime/webhooks/EventGrid?functionName=<name>: the Event Grid extension's webhook.
// Like the real host it needs a key (Azure's `eventgrid_extension` system key; locally the one
// host key) in `code` or `x-functions-key`; answers both validation handshakes; invokes the
// function once per event (in parallel, as the extension does); and fails the whole delivery with
// 500 when any invocation fails, so that Event Grid retries it (at least once: dedupe by event id).
import type { IncomingMessage, ServerResponse } from "node:http";
import { InvocationFailure, type Invoker } from "./createInvoker";
import type { DurableLog as Log } from "../durable/types";
import { DeliveryError, parseDelivery, SubscriptionValidationData } from "./eventGridSchemas";
import { hasValidKey } from "./hasValidKey";
import { headerValue, sendError, sendJson } from "./httpUtil";
import { triggerOf } from "./triggerOf";
import { timed } from "../../shared/telemetry/stageTimings";

/** Event Grid schema: an array whose first event carries data.validationCode; CloudEvents: one object whose data may be double-encoded JSON. */
function validationCode(body: unknown): string | undefined {
  const first = Array.isArray(body) ? body[0] : body;
  if (typeof first !== "object" || first === null) return undefined;
  let data = (first as { data?: unknown }).data;
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  const parsed = SubscriptionValidationData.safeParse(data);
  return parsed.success ? parsed.data.validationCode : undefined;
}

export const EVENT_GRID_PATH = "/runtime/webhooks/eventgrid";

export function createEventGridWebhook(invoker: Invoker, functionKey: string, log: Log) {
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    if (!hasValidKey(req, url, functionKey)) return sendError(res, 401, "Unauthorized", "A valid key is required in the code query parameter or the x-functions-key header");
    const functionName = url.searchParams.get("functionName");
    if (!functionName) return sendError(res, 400, "InvalidRequest", "functionName: query parameter is required", { field: "functionName" });
    const fn = invoker.find(functionName);
    if (!fn || triggerOf(fn).type.toLowerCase() !== "eventgridtrigger") return sendError(res, 404, "FunctionNotFound", `functionName: no Event Grid triggered function named "${functionName}"`, { field: "functionName" });

    const method = (req.method ?? "GET").toUpperCase();
    if (method === "OPTIONS") {
      // CloudEvents 1.0 webhook abuse protection handshake.
      const origin = headerValue(req, "webhook-request-origin");
      if (!origin) return sendError(res, 400, "InvalidRequest", "WebHook-Request-Origin: header is required for the validation handshake", { field: "WebHook-Request-Origin" });
      res.writeHead(200, { "WebHook-Allowed-Origin": origin, "WebHook-Allowed-Rate": "*", Allow: "POST, OPTIONS" });
      res.end();
      return;
    }
    if (method !== "POST") return sendError(res, 405, "MethodNotAllowed", `${method} is not supported; deliveries use POST`);

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return sendError(res, 400, "InvalidJson", "body: malformed JSON", { field: "body" });
    }
    // As the extension's HttpRequestProcessor: the aeg-event-type header selects the handling.
    const eventType = (headerValue(req, "aeg-event-type") ?? "").toLowerCase();
    if (eventType === "subscriptionvalidation") {
      const code = validationCode(parsed);
      if (!code) return sendError(res, 400, "InvalidRequest", "body[0].data.validationCode: a SubscriptionValidationEvent with a validationCode is required", { field: "body[0].data.validationCode" });
      log("info", `Event Grid subscription validated for '${fn.metadata.name}'`);
      return sendJson(res, 200, { validationResponse: code });
    }
    if (eventType === "unsubscribe") {
      res.writeHead(202, { "content-length": "0" });
      res.end();
      return;
    }
    if (eventType !== "notification") {
      return sendError(res, 400, "InvalidRequest", "aeg-event-type: header must be Notification, SubscriptionValidation or Unsubscribe", { field: "aeg-event-type" });
    }

    let events;
    try {
      events = parseDelivery(parsed, (headerValue(req, "content-type") ?? "").toLowerCase());
    } catch (err) {
      if (err instanceof DeliveryError) return sendError(res, 400, "InvalidRequest", err.message, { field: err.field });
      throw err;
    }
    // The extension runs a delivery's events in parallel and fails the delivery if any failed.
    // Stage timings (AILZ_STAGE_TIMINGS=1): a delivery, and each invocation with the programming model's share.
    const outcomes = await timed("host.delivery", () =>
      Promise.allSettled(events.map(({ event }) => timed("host.invoke", () => invoker.invoke(fn, { json: JSON.stringify(event) }, { data: { json: JSON.stringify(event.data ?? null) } })))),
    );
    const failed = outcomes.flatMap((o, i) =>
      o.status === "rejected" ? [{ id: String(events[i]!.event.id), invocationId: o.reason instanceof InvocationFailure ? o.reason.invocationId : undefined }] : [],
    );
    if (failed.length) return sendError(res, 500, "EventsFailed", `${failed.length} of ${events.length} events failed; redeliver`, { details: failed });
    res.writeHead(202, { "content-length": "0" });
    res.end();
  };
}
