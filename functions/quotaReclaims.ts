import type { HttpRequest, InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { z } from "zod";
import { KEEP_EVENT, reclaimInstanceId } from "../orchestrations/sweep/names";
import { APP_ROLES } from "./auth/appRoles";
import { requireOwnerOrApprover } from "./auth/authorize";
import { protectedRoute } from "./auth/httpRoute";
import { getPolicy, getStores } from "./deps";
import { ownerOf } from "./ownerOf";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { parseQuery } from "./http/parseQuery";
import { readJsonBody } from "./http/readJsonBody";

const DAY = 86_400_000;
const KeepBody = z.object({ reason: z.string().trim().min(1, "is required").max(1000, "at most 1000 characters") }).strict();

/**
 * `POST /api/quota-reclaims/{id}/keep {reason}`: the owner keeps an idle allocation for this
 * window. Allowed while the reclaim is in its grace period, once per window, to the subscription's
 * owner (its owner tag) or an Approver; raises `keep` on the reclaim orchestration, which records
 * it (audited, with the validated caller as `by`) and stops the reclaim.
 */
protectedRoute("quotaReclaimKeep", {
  route: "quota-reclaims/{id}/keep",
  methods: ["POST"],
  access: "owner",
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext, principal) => {
    const id = request.params.id ?? "";
    const body = KeepBody.parse(await readJsonBody(request));
    const doc = await getStores().quotaReclaims.get(id);
    if (!doc) throw new HttpError(404, "NotFound", `no quota reclaim ${id}`);
    const v = doc.value as { status: string; subscriptionId: string; lastKeptAt?: string };
    requireOwnerOrApprover(principal, await ownerOf(`/subscriptions/${v.subscriptionId}`), `subscription ${v.subscriptionId}`);
    if (v.status !== "Notified") throw new HttpError(409, "Conflict", `quota reclaim ${id} is ${v.status}, not in its grace period`);
    const windowMs = getPolicy().guardrails.idleGpuQuota.params.windowDays * DAY;
    if (v.lastKeptAt && Date.now() - Date.parse(v.lastKeptAt) < windowMs) {
      throw new HttpError(409, "Conflict", `quota reclaim ${id} was already kept on ${v.lastKeptAt.slice(0, 10)}; one keep per ${windowMs / DAY}-day window`);
    }
    const by = principal.name;
    await df.getClient(context).raiseEvent(reclaimInstanceId(id), KEEP_EVENT, { by, reason: body.reason });
    return jsonReply(202, { id, status: "Keeping", by, reason: body.reason });
  },
});

const ListQuery = z.object({ status: z.string().min(1).optional() }).strict();

/** `GET /api/quota-reclaims[?status=Notified]`: the idle-GPU reclaims, newest first. */
protectedRoute("quotaReclaimList", {
  route: "quota-reclaims",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async (request: HttpRequest) => {
    const q = parseQuery(request, ListQuery);
    const docs = await getStores().quotaReclaims.list(q.status ? { status: q.status } : {});
    const value = docs.map((d) => ({ id: d.id, ...d.value }));
    value.sort((a, b) => String((b as Record<string, unknown>).startedAt ?? "").localeCompare(String((a as Record<string, unknown>).startedAt ?? "")));
    return jsonReply(200, { value });
  },
});

protectedRoute("quotaReclaimGet", {
  route: "quota-reclaims/{id}",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async (request: HttpRequest) => {
    const doc = await getStores().quotaReclaims.get(request.params.id ?? "");
    if (!doc) throw new HttpError(404, "NotFound", `no quota reclaim ${request.params.id}`);
    return jsonReply(200, doc.value);
  },
});
