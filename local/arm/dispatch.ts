import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { armError, isArmErrorResponse } from "./armError";
import { authorizationEvidence } from "./events/authorizationEvidence";
import { emitResourceNotification } from "./events/emitResourceNotification";
import { armHolds, recordResourceChange } from "./events/recordResourceChange";
import type { Emulator } from "./Emulator";
import { FaultInjector } from "./faults";
import { checkAccess } from "./rbac/checkAccess";
import { checkLinkedAccess, linkedActions } from "./rbac/linkedAccess";
import type { ArmRouter } from "./Router";
import { splitPath } from "./Router";
import { parseResourceId, subscriptionOf } from "./state/resourceIds";
import { settlePending } from "./state/settlePending";
import { callerFromAuthorization, TokenError } from "./tokens";
import type { EmuRequest, EmuResponse } from "./types";

export interface RawRequest {
  method: string;
  url: URL;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

function unknownRoute(method: string, path: string, apiVersion: string | undefined): EmuResponse {
  const p = parseResourceId(path);
  if (p.namespace) {
    return armError(404, "InvalidResourceType", `The resource type '${p.type?.split("/").slice(1).join("/") ?? ""}' could not be found in the namespace '${p.namespace}' for api version '${apiVersion ?? ""}'.`);
  }
  return armError(404, "NoRegisteredProviderFound", `No registered resource provider found for the request '${method} ${path}' and API version '${apiVersion ?? ""}'.`);
}

/** Runs one ARM request through faults, authentication, routing, throttling and the handler. */
export async function dispatchArm(emu: Emulator, router: ArmRouter, raw: RawRequest): Promise<EmuResponse> {
  const method = raw.method.toUpperCase();
  const path = raw.url.pathname.replace(/\/+$/, "") || "/";
  const fault = emu.faults.pick(method, path);
  if (fault) {
    if (fault.latencyMs) await delay(fault.latencyMs);
    const err = FaultInjector.errorFor(fault);
    if (err) {
      emu.count(`fault ${fault.status}`);
      return err;
    }
  }

  let segments: string[];
  try {
    segments = splitPath(path).map((s) => decodeURIComponent(s));
  } catch {
    return armError(400, "InvalidRequestUri", `The request URI '${path}' is not valid: a path segment is not correctly percent-encoded.`);
  }
  const apiVersion = raw.url.searchParams.get("api-version") ?? undefined;
  const { match, pathKnown } = router.match(method, segments);
  if (!match) {
    if (pathKnown) return armError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
    return unknownRoute(method, path, apiVersion);
  }
  const { route, params } = match;
  if (!apiVersion && !route.opts.apiVersionOptional) {
    return armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  }

  let caller;
  try {
    caller = callerFromAuthorization(raw.headers["authorization"]);
  } catch (err) {
    if (err instanceof TokenError) return armError(401, "AuthenticationFailed", err.message);
    throw err;
  }

  let body: unknown;
  if (raw.body.length > 0) {
    try {
      body = JSON.parse(raw.body.toString("utf8"));
    } catch (err) {
      return armError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${(err as Error).message}'.`);
    }
  }

  const req: EmuRequest = { method, path, params, query: raw.url.searchParams, headers: raw.headers, body, caller, apiVersion };
  const kind = route.opts.kind;
  const rbacAction = typeof route.opts.rbacAction === "string" ? route.opts.rbacAction : safeAction(route.opts.rbacAction, req);
  emu.count(route.opts.operation ?? `${route.method} ${route.template}`);

  // RBAC (when the estate enforces it): every action the emulator records is checked, at the
  // resource the request names (an action's scope is the resource it acts on).
  const denied = rbacAction === "unknown" ? undefined : checkAccess(emu, caller, rbacAction, kind === "action" ? path.slice(0, path.lastIndexOf("/")) : path);
  if (denied) {
    record(emu, req, rbacAction, denied.status);
    return denied;
  }
  // Linked access: actions on the resources the body references, recorded as entries of their own.
  const linked = kind === "write" && rbacAction !== "unknown" ? linkedActions(path, body) : [];
  for (const l of linked) {
    const refused = checkLinkedAccess(emu, caller, rbacAction, path, l);
    if (refused) {
      record(emu, req, rbacAction, refused.status);
      for (const x of linked) record(emu, req, x.action, refused.status, x.scope);
      return refused;
    }
  }

  const subscriptionId = params.subscriptionId ?? subscriptionOf(path);
  const limitHeaders: Record<string, string> = {};
  if (emu.throttle.enabled && subscriptionId) {
    const bucket = kind === "read" ? emu.throttle.armReads : kind === "delete" ? emu.throttle.armDeletes : emu.throttle.armWrites;
    const label = kind === "read" ? "reads" : kind === "delete" ? "deletes" : "writes";
    const taken = bucket.take(`${subscriptionId.toLowerCase()}|${caller.objectId}`);
    limitHeaders[`x-ms-ratelimit-remaining-subscription-${label}`] = String(taken.remaining);
    if (!taken.ok) {
      const secs = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      const res = armError(429, "SubscriptionRequestsThrottled", `Number of '${label === "reads" ? "read" : label === "deletes" ? "delete" : "write"}' requests for subscription '${subscriptionId}' actor '${caller.objectId}' exceeded. Please try again after '${secs}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`, { "retry-after": String(secs), ...limitHeaders });
      record(emu, req, rbacAction, 429);
      return res;
    }
  }

  settlePending(emu.state, emu.now());
  const existed = kind === "write" && armHolds(emu, path);
  let res: EmuResponse;
  try {
    res = await route.handler(req, emu);
  } catch (err) {
    if (isArmErrorResponse(err)) res = err;
    else {
      emu.count("handler error");
      process.emitWarning(`ARM emulator handler ${route.method} ${route.template} failed: ${err instanceof Error ? err.message : String(err)}`);
      res = armError(500, "InternalServerError", "The emulator failed to process the request.");
    }
  }
  record(emu, req, rbacAction, res.status);
  for (const l of linked) record(emu, req, l.action, res.status, l.scope);
  res.headers = { ...limitHeaders, ...(res.headers ?? {}) };

  if (res.status >= 200 && res.status < 300 && kind !== "read") {
    emu.markDirty();
    const resourceUri = route.opts.eventResource ? route.opts.eventResource(req, res) : kind === "action" ? path.slice(0, path.lastIndexOf("/")) : path;
    if (resourceUri) recordResourceChange(emu, { kind, resourceUri, existed, caller, operation: rbacAction, correlationId: raw.headers["x-ms-correlation-request-id"] });
    // Building an event costs a role-assignment scan; skip it when nobody listens.
    if (resourceUri && subscriptionOf(resourceUri) && emu.events.enabled && emu.state.eventSubscriptionIds.size > 0) {
      emu.emitResourceEvent({
        kind,
        resourceUri,
        operationName: rbacAction,
        caller,
        evidence: authorizationEvidence(emu, caller.objectId, resourceUri),
        correlationId: raw.headers["x-ms-correlation-request-id"],
        httpRequest: { clientRequestId: raw.headers["x-ms-client-request-id"] ?? randomUUID(), clientIpAddress: "127.0.0.1", method, url: `https://management.azure.com${raw.url.pathname}${raw.url.search}` },
      });
      emitResourceNotification(emu, kind, resourceUri, apiVersion);
    }
  }
  return res;
}

function safeAction(fn: (req: EmuRequest) => string, req: EmuRequest): string {
  try {
    return fn(req);
  } catch {
    return "unknown";
  }
}

/** One RBAC log entry; a linked action is logged at the resource it is checked on, naming the request's path. */
function record(emu: Emulator, req: EmuRequest, action: string, status: number, linkedScope?: string): void {
  const c = req.caller;
  const where = linkedScope ? { path: linkedScope, linkedFrom: req.path } : { path: req.path };
  emu.recordRbac({ time: emu.nowIso(), method: req.method, ...where, action, status, caller: { objectId: c.objectId, idtyp: c.idtyp, appId: c.appId, upn: c.upn } });
}
