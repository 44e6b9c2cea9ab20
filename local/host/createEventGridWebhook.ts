// /runtime/webhooks/EventGrid?functionName=<name>: the Event Grid extension's webhook.
// Like the real host it needs a key (Azure's `eventgrid_extension` system key; locally the one
// host key) in `code` or `x-functions-key`; answers both validation handshakes; invokes the
// function once per event, in order; and fails the whole delivery with 500 when any invocation
// fails, so that Event Grid retries it (delivery is at least once; handlers dedupe by event id).
import type { IncomingMessage, ServerResponse } from "node:http";
import { InvocationFailure, type Invoker } from "./createInvoker";
import type { Log } from "./durableContract";
import { parseDelivery, SubscriptionValidationEvent } from "./eventGridSchemas";
import { hasValidKey } from "./hasValidKey";
import { headerValue, sendError, sendJson } from "./httpUtil";
import { triggerOf } from "./triggerOf";

export const EVENT_GRID_PATH = "/runtime/webhooks/eventgrid";

export function createEventGridWebhook(invoker: Invoker, functionKey: string, log: Log) {
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    if (!hasValidKey(req, url, functionKey)) return sendError(res, 401, "A valid key is required in the code query parameter or the x-functions-key header");
    const functionName = url.searchParams.get("functionName");
    if (!functionName) return sendError(res, 400, "functionName: query parameter is required");
    const fn = invoker.find(functionName);
    if (!fn || triggerOf(fn).type.toLowerCase() !== "eventgridtrigger") return sendError(res, 404, `functionName: no Event Grid triggered function named "${functionName}"`);

    const method = (req.method ?? "GET").toUpperCase();
    if (method === "OPTIONS") {
      // CloudEvents 1.0 webhook abuse protection handshake.
      const origin = headerValue(req, "webhook-request-origin");
      if (!origin) return sendError(res, 400, "WebHook-Request-Origin: header is required for the validation handshake");
      res.writeHead(200, { "WebHook-Allowed-Origin": origin, "WebHook-Allowed-Rate": "*", Allow: "POST, OPTIONS" });
      res.end();
      return;
    }
    if (method !== "POST") return sendError(res, 405, `${method} is not supported; deliveries use POST`, {});

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return sendError(res, 400, "body: malformed JSON");
    }
    const eventType = (headerValue(req, "aeg-event-type") ?? "Notification").toLowerCase();
    if (eventType === "subscriptionvalidation") {
      const first = Array.isArray(parsed) ? parsed[0] : parsed;
      const v = SubscriptionValidationEvent.safeParse(first);
      if (!v.success) return sendError(res, 400, "body[0].data.validationCode: a SubscriptionValidationEvent with a validationCode is required");
      log("info", `Event Grid subscription validated for '${fn.metadata.name}'`);
      return sendJson(res, 200, { validationResponse: v.data.data.validationCode });
    }
    if (eventType === "unsubscribe") {
      res.writeHead(202);
      res.end();
      return;
    }

    let events;
    try {
      events = parseDelivery(parsed, (headerValue(req, "content-type") ?? "").toLowerCase());
    } catch (err) {
      return sendError(res, 400, err instanceof Error ? err.message : String(err));
    }
    const failed: { id: string; invocationId?: string }[] = [];
    for (const { event } of events) {
      try {
        await invoker.invoke(fn, { json: JSON.stringify(event) }, { data: { json: JSON.stringify(event.data ?? null) } });
      } catch (err) {
        failed.push({ id: String(event.id), invocationId: err instanceof InvocationFailure ? err.invocationId : undefined });
      }
    }
    if (failed.length) return sendError(res, 500, `${failed.length} of ${events.length} events failed; redeliver`, { failed });
    res.writeHead(202, { "content-length": "0" });
    res.end();
  };
}
