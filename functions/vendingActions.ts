import type { HttpRequest, InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { z } from "zod";
import { VendingRequestState } from "../shared/estate/VendingRequestState";
import { VENDING_DECISION_EVENT } from "../orchestrations/vending/names";
import type { VendingDecision } from "../orchestrations/vending/VendInput";
import { updateRequest } from "../orchestrations/vending/requestState";
import { APP_ROLES } from "./auth/appRoles";
import { requireOwnerOrApprover } from "./auth/authorize";
import { protectedRoute } from "./auth/httpRoute";
import type { Principal } from "./auth/principalOf";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { readJsonBody } from "./http/readJsonBody";
import { getStores } from "./deps";
import { getVendingConfig, getVendingDeps, getVendingSettings } from "./vendingDeps";
import { startOnce, vendInputFor } from "./vendingStart";
import { accepted } from "./vendingRequests";

const RejectBody = z.object({ reason: z.string().trim().min(1, "is required").max(1000, "at most 1000 characters") }).strict();

async function load(id: string): Promise<VendingRequestState> {
  const v = await getStores().vendingRequests.get(id);
  if (!v) throw new HttpError(404, "NotFound", `id: no vending request ${id}`, "id");
  return VendingRequestState.parse(v.value);
}

/** The decision goes to the orchestration, which records it (so the request and the instance never disagree). */
async function decide(request: HttpRequest, context: InvocationContext, decision: VendingDecision, check?: (s: VendingRequestState) => void) {
  const id = request.params.id ?? "";
  const s = await load(id);
  check?.(s);
  if (s.status !== "AwaitingApproval") throw new HttpError(409, "Conflict", `status: the request is ${s.status}, not AwaitingApproval`, "status");
  await df.getClient(context).raiseEvent(id, VENDING_DECISION_EVENT, decision);
  return jsonReply(202, { id, decision: decision.decision, statusUrl: `/api/vending/requests/${id}` });
}

async function approve(request: HttpRequest, context: InvocationContext, principal: Principal) {
  return decide(request, context, { decision: "approved", by: principal.name });
}

async function reject(request: HttpRequest, context: InvocationContext, principal: Principal) {
  const body = RejectBody.parse(await readJsonBody(request));
  return decide(request, context, { decision: "rejected", by: principal.name, reason: body.reason });
}

/** Cancel is possible while a person still has to decide (the requester or an Approver); after that the subscription is being built. */
async function cancel(request: HttpRequest, context: InvocationContext, principal: Principal) {
  return decide(request, context, { decision: "cancelled", by: principal.name }, (s) => requireOwnerOrApprover(principal, s.requestedBy, `vending request ${s.id}`));
}

/**
 * Resumes a Failed request from its failed step: the request goes back to Provisioning (a person
 * stepped in, so it no longer counts as self-service) and a new instance, named after the failure,
 * skips every step recorded as succeeded. Two concurrent retries start one instance.
 */
async function retry(request: HttpRequest, context: InvocationContext) {
  const id = request.params.id ?? "";
  const before = await load(id);
  if (before.status !== "Failed") throw new HttpError(409, "Conflict", `status: only a Failed request can be retried (it is ${before.status})`, "status");
  const instanceId = `${id}-retry-${Date.parse(before.failedAt)}`;
  const at = new Date().toISOString();
  const after = await updateRequest(getVendingDeps(), id, (s) =>
    s.status === "Failed" && s.failedAt === before.failedAt ? { ...s, status: "Provisioning", currentStep: before.failedStep, manualIntervention: true, updatedAt: at } : undefined,
  );
  const attempt = after.steps.length;
  await startOnce(df.getClient(context), instanceId, vendInputFor(id, after.request, getVendingConfig(), getVendingSettings(), attempt));
  return accepted(after, false);
}

const route = (action: string) => `vending/requests/{id}/${action}`;
const extraInputs = [df.input.durableClient()];
protectedRoute("vendingApprove", { route: route("approve"), methods: ["POST"], access: APP_ROLES.approver, extraInputs, handler: approve });
protectedRoute("vendingReject", { route: route("reject"), methods: ["POST"], access: APP_ROLES.approver, extraInputs, handler: reject });
protectedRoute("vendingCancel", { route: route("cancel"), methods: ["POST"], access: "owner", extraInputs, handler: cancel });
// Retrying resumes provisioning after a failure a person looked into: an operator's call.
protectedRoute("vendingRetry", { route: route("retry"), methods: ["POST"], access: APP_ROLES.operator, extraInputs, handler: retry });
