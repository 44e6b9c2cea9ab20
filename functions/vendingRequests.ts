import type { HttpRequest, InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { z } from "zod";
import { isVendingTerminal, VendingRequestState } from "../shared/estate/VendingRequestState";
import { requestIdFor } from "../shared/vending/requestIdFor";
import { validateVendingRequest } from "../shared/vending/validateVendingRequest";
import { APP_ROLES } from "./auth/appRoles";
import { requireOwnerOrApprover } from "./auth/authorize";
import { protectedRoute } from "./auth/httpRoute";
import type { Principal } from "./auth/principalOf";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { parseQuery } from "./http/parseQuery";
import { readJsonBody } from "./http/readJsonBody";
import { getStores } from "./deps";
import { getDirectory, getSkuCatalog, getVendingConfig, getVendingSettings } from "./vendingDeps";
import { startOnce, vendInputFor } from "./vendingStart";

const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "1-128 characters of letters, digits, '.', '_', ':' or '-'");
const StatusQuery = z.object({ status: z.enum(VendingRequestState.options.map((o) => o.shape.status.value) as [string, ...string[]]).optional() }).strict();

const statusUrl = (id: string) => `/api/vending/requests/${id}`;

export function accepted(s: VendingRequestState, replayed: boolean) {
  return jsonReply(202, { id: s.id, status: s.status, statusUrl: statusUrl(s.id), replayed }, { location: statusUrl(s.id) });
}

/** `POST /api/vending/requests` with `Idempotency-Key`: validate, store once, start once, 202. */
async function submit(request: HttpRequest, context: InvocationContext, principal: Principal) {
  const key = IdempotencyKey.safeParse(request.headers.get("idempotency-key") ?? "");
  if (!key.success) throw new HttpError(400, "InvalidRequest", `Idempotency-Key: ${key.error.issues[0]!.message}`, "Idempotency-Key");
  const id = requestIdFor(key.data);
  const stores = getStores();
  const client = df.getClient(context);
  const vending = getVendingConfig();
  const settings = getVendingSettings();

  // The same key again answers the first request, whatever the body says now. A request still in
  // flight whose instance is gone (a crash between storing and starting, or a backend that lost
  // it) is started again: it skips the steps the request records as done, and the alias name
  // keeps it to one subscription.
  const known = await stores.vendingRequests.get(id);
  if (known) {
    const s = VendingRequestState.parse(known.value);
    if (!isVendingTerminal(s)) await startOnce(client, id, vendInputFor(id, s.request, vending, settings));
    return accepted(s, true);
  }

  const body = await readJsonBody(request);
  const result = await validateVendingRequest(body, { vending, skus: getSkuCatalog(), directory: getDirectory(), now: new Date() });
  if (!result.ok) {
    return jsonReply(400, {
      error: { code: "ValidationFailed", message: result.issues.map((i) => `${i.field}: ${i.message}`).join("; "), field: result.issues[0]!.field, details: result.issues },
    });
  }
  const at = new Date().toISOString();
  const state: VendingRequestState = VendingRequestState.parse({
    id,
    idempotencyKey: key.data,
    request: result.request,
    requestedBy: principal.name,
    createdAt: at,
    updatedAt: at,
    status: "Submitted",
    steps: [{ name: "validate", status: "succeeded", startedAt: at, endedAt: at, result: { owners: result.owners } }],
  });
  const { request: stored, created } = await stores.vendingRequests.create(state);
  const s = VendingRequestState.parse(stored.value);
  await startOnce(client, id, vendInputFor(id, s.request, vending, settings));
  return accepted(s, !created);
}

/** The requester polls its own status URL; anyone else needs Reader. */
async function getOne(request: HttpRequest, principal: Principal) {
  const id = request.params.id ?? "";
  const v = await getStores().vendingRequests.get(id);
  if (!v) throw new HttpError(404, "NotFound", `id: no vending request ${id}`, "id");
  const s = VendingRequestState.parse(v.value);
  requireOwnerOrApprover(principal, s.requestedBy, `vending request ${id}`, APP_ROLES.reader);
  return jsonReply(200, { ...s, statusUrl: statusUrl(id) });
}

async function list(request: HttpRequest) {
  const q = parseQuery(request, StatusQuery);
  const items = (await getStores().vendingRequests.list(q.status ? { status: q.status } : {})).map((x) => VendingRequestState.parse(x));
  items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return jsonReply(200, { value: items });
}

// Any signed-in person or pipeline of the tenant may ask for a subscription (approval is the gate).
protectedRoute("vendingSubmit", { route: "vending/requests", methods: ["POST"], access: "signedIn", extraInputs: [df.input.durableClient()], handler: submit });
protectedRoute("vendingList", { route: "vending/requests", methods: ["GET"], access: APP_ROLES.reader, handler: list });
protectedRoute("vendingGet", { route: "vending/requests/{id}", methods: ["GET"], access: "owner", handler: (request, _context, principal) => getOne(request, principal) });
