import { app, type HttpRequest } from "@azure/functions";
import { z } from "zod";
import { executeDecision } from "../shared/actions/executeDecision";
import { SandboxState } from "../shared/estate/SandboxState";
import { extendSandbox } from "../shared/guardrails/sandboxLifecycle/extendSandbox";
import { SandboxExtensionError } from "../shared/guardrails/sandboxLifecycle/SandboxExtensionError";
import { actionContextFor, getAzureActions, getPolicy, getStores } from "./deps";
import { handle } from "./http/handle";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";

const ExtendBody = z.object({ by: z.string().trim().min(1).optional(), reason: z.string().trim().optional() }).strict();

async function extend(request: HttpRequest, sandboxId: string) {
  const text = await request.text();
  const body = ExtendBody.parse(text.trim() ? JSON.parse(text) : {});
  const stores = getStores();
  const policy = getPolicy();
  const key = sandboxId.toLowerCase();
  const doc = await stores.sandboxState.get(key);
  if (!doc) throw new HttpError(404, "NotFound", `no sandbox ${sandboxId} is tracked (the nightly sweep tracks sandboxes)`);
  const state = SandboxState.parse(doc.value);
  const who = body.by ?? request.headers.get("x-ms-client-principal-name") ?? "function-key";
  const caller = { objectId: request.headers.get("x-ms-client-principal-id") ?? who, kind: "user" as const, upn: who.includes("@") ? who : undefined, name: who };
  const approvers = policy.vending?.approval?.approvers ?? [];
  const owner = Object.entries((await getAzureActions().getTags(sandboxId).catch(() => ({}))) as Record<string, string>).find(([k]) => k.toLowerCase() === policy.notifications.ownerTag.toLowerCase())?.[1];
  if (owner && who !== "function-key" && who.toLowerCase() !== owner.toLowerCase() && !approvers.includes(caller.objectId)) {
    throw new HttpError(403, "Forbidden", `only the sandbox owner (${owner}) or an approver may extend ${sandboxId}`);
  }
  let transition;
  try {
    transition = extendSandbox(state, caller, policy, new Date());
  } catch (e) {
    if (e instanceof SandboxExtensionError) throw new HttpError(409, e.code, e.message);
    throw e;
  }
  await stores.sandboxState.replace(key, transition.state, doc.etag);
  const now = new Date();
  for (const d of transition.decisions) {
    await executeDecision(d, actionContextFor(`extend:${key}:${now.toISOString()}`, now));
  }
  await stores.audit.append({ at: now.toISOString(), actor: who, action: "sandbox.extend", guardrail: "sandboxLifecycle", resourceId: sandboxId, reason: body.reason ?? "extended", after: transition.state });
  return jsonReply(200, { id: sandboxId, status: transition.state.status, extensions: transition.state.extensions, maxExtensions: policy.guardrails.sandboxLifecycle.params.maxExtensions, lastActivityAt: transition.state.lastActivityAt });
}

const GUID = /^[0-9a-f-]{36}$/i;
const checkSub = (s: string | undefined) => {
  if (!s || !GUID.test(s)) throw new HttpError(400, "InvalidRequest", "subscriptionId: must be a subscription GUID", "subscriptionId");
  return s;
};

app.http("sandboxExtendSubscription", {
  route: "sandboxes/{subscriptionId}/extend",
  methods: ["POST"],
  authLevel: "function",
  handler: handle((request) => extend(request, `/subscriptions/${checkSub(request.params.subscriptionId)}`)),
});

app.http("sandboxExtendResourceGroup", {
  route: "sandboxes/{subscriptionId}/resourceGroups/{resourceGroup}/extend",
  methods: ["POST"],
  authLevel: "function",
  handler: handle((request) => extend(request, `/subscriptions/${checkSub(request.params.subscriptionId)}/resourceGroups/${request.params.resourceGroup}`)),
});

const DAY = 86_400_000;

/**
 * `GET /api/sandboxes`: every sandbox the sweep tracks, with days idle and the day the lifecycle
 * would decommission it if nothing happens (from the policy's `decommissionAfterDays`).
 */
app.http("sandboxesList", {
  route: "sandboxes",
  methods: ["GET"],
  authLevel: "function",
  handler: handle(async () => {
    const params = getPolicy().guardrails.sandboxLifecycle.params;
    const now = Date.now();
    const value = (await getStores().sandboxState.list()).map((doc) => {
      const s = SandboxState.parse(doc.value);
      const idleMs = now - Date.parse(s.lastActivityAt);
      return {
        id: s.id,
        kind: s.kind,
        status: s.status,
        lastActivityAt: s.lastActivityAt,
        daysIdle: Math.max(0, Math.floor(idleMs / DAY)),
        extensions: s.extensions,
        maxExtensions: params.maxExtensions,
        flaggedAt: s.status === "Flagged" || s.status === "Decommissioned" ? (s.flaggedAt ?? null) : null,
        decommissionedAt: s.status === "Decommissioned" ? s.decommissionedAt : null,
        decommissionDueAt: s.status === "Decommissioned" ? null : new Date(Date.parse(s.lastActivityAt) + params.decommissionAfterDays * DAY).toISOString(),
      };
    });
    value.sort((a, b) => b.daysIdle - a.daysIdle || a.id.localeCompare(b.id));
    return jsonReply(200, { value });
  }),
});
