import type { HttpRequest } from "@azure/functions";
import { z } from "zod";
import { executeDecision } from "../shared/actions/executeDecision";
import { SandboxState } from "../shared/estate/SandboxState";
import { extendSandbox } from "../shared/guardrails/sandboxLifecycle/extendSandbox";
import { SandboxExtensionError } from "../shared/guardrails/sandboxLifecycle/SandboxExtensionError";
import { APP_ROLES } from "./auth/appRoles";
import { requireOwnerOrApprover } from "./auth/authorize";
import { protectedRoute } from "./auth/httpRoute";
import type { Principal } from "./auth/principalOf";
import { actionContextFor, getPolicy, getStores } from "./deps";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { ownerOf } from "./ownerOf";
import { readJsonBody } from "./http/readJsonBody";

// Who extends is the validated caller, never a body field: `by` is refused as an unknown key.
// `newCap` lifts a cost cap: the sandbox's monthly budget from then on (required when it is CostCapped).
const ExtendBody = z.object({ reason: z.string().trim().max(1000, "at most 1000 characters").optional(), newCap: z.number().positive().max(10_000_000).optional() }).strict();

async function extend(request: HttpRequest, principal: Principal, sandboxId: string) {
  const body = ExtendBody.parse(await readJsonBody(request, { optional: true }));
  const stores = getStores();
  const policy = getPolicy();
  const key = sandboxId.toLowerCase();
  const doc = await stores.sandboxState.get(key);
  if (!doc) throw new HttpError(404, "NotFound", `no sandbox ${sandboxId} is tracked (the nightly sweep tracks sandboxes)`);
  const state = SandboxState.parse(doc.value);
  requireOwnerOrApprover(principal, await ownerOf(sandboxId), `sandbox ${sandboxId}`);
  const who = principal.name;
  const caller = { objectId: principal.objectId, kind: "user" as const, upn: who.includes("@") ? who : undefined, name: who };
  let transition;
  try {
    transition = extendSandbox(state, caller, policy, new Date(), { newCap: body.newCap });
  } catch (e) {
    if (e instanceof SandboxExtensionError) throw new HttpError(409, e.code, e.message);
    throw e;
  }
  await stores.sandboxState.replace(key, transition.state, doc.etag);
  const now = new Date();
  for (const d of transition.decisions) {
    await executeDecision(d, actionContextFor(`extend:${key}:${now.toISOString()}`, now));
  }
  await stores.audit.append({ at: now.toISOString(), actor: who, action: "sandbox.extend", guardrail: "sandboxLifecycle", resourceId: sandboxId, reason: body.reason ?? (state.status === "CostCapped" ? `cost cap lifted, new cap ${body.newCap}` : "extended"), before: state, after: transition.state });
  return jsonReply(200, { id: sandboxId, status: transition.state.status, extensions: transition.state.extensions, maxExtensions: policy.guardrails.sandboxLifecycle.params.maxExtensions, lastActivityAt: transition.state.lastActivityAt, ...(transition.state.budgetOverride ? { cap: transition.state.budgetOverride } : {}) });
}

const GUID = /^[0-9a-f-]{36}$/i;
const checkSub = (s: string | undefined) => {
  if (!s || !GUID.test(s)) throw new HttpError(400, "InvalidRequest", "subscriptionId: must be a subscription GUID", "subscriptionId");
  return s;
};

protectedRoute("sandboxExtendSubscription", {
  route: "sandboxes/{subscriptionId}/extend",
  methods: ["POST"],
  access: "owner",
  handler: (request, _context, principal) => extend(request, principal, `/subscriptions/${checkSub(request.params.subscriptionId)}`),
});

protectedRoute("sandboxExtendResourceGroup", {
  route: "sandboxes/{subscriptionId}/resourceGroups/{resourceGroup}/extend",
  methods: ["POST"],
  access: "owner",
  handler: (request, _context, principal) => extend(request, principal, `/subscriptions/${checkSub(request.params.subscriptionId)}/resourceGroups/${request.params.resourceGroup}`),
});

const DAY = 86_400_000;

/**
 * `GET /api/sandboxes`: every sandbox the sweep tracks, with days idle and the day the lifecycle
 * would decommission it if nothing happens (from the policy's `decommissionAfterDays`).
 */
protectedRoute("sandboxesList", {
  route: "sandboxes",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async () => {
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
        flaggedAt: s.status === "Active" ? null : (s.flaggedAt ?? null),
        costCap: s.status === "CostCapped" ? { cappedAt: s.cappedAt, spend: s.capSpend, budget: s.capBudget, basis: s.capBasis } : null,
        decommissionedAt: s.status === "Decommissioned" ? s.decommissionedAt : null,
        decommissionDueAt: s.status === "Decommissioned" ? null : new Date(Date.parse(s.lastActivityAt) + params.decommissionAfterDays * DAY).toISOString(),
      };
    });
    value.sort((a, b) => b.daysIdle - a.daysIdle || a.id.localeCompare(b.id));
    return jsonReply(200, { value });
  },
});
