import { app, type HttpRequest, type InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { z } from "zod";
import { VendingRequestState } from "../shared/estate/VendingRequestState";
import { VENDING_DECISION_EVENT } from "../orchestrations/vending/names";
import type { VendingDecision } from "../orchestrations/vending/VendInput";
import { updateRequest } from "../orchestrations/vending/requestState";
import { handle } from "./http/handle";
import { HttpError } from "./http/HttpError";
import { jsonReply } from "./http/jsonReply";
import { readJsonBody } from "./http/readJsonBody";
import { getStores } from "./deps";
import { isApprover, vendingCallerOf } from "./vendingCaller";
import { getVendingConfig, getVendingDeps, getVendingSettings } from "./vendingDeps";
import { startOnce, vendInputFor } from "./vendingStart";
import { accepted } from "./vendingRequests";

const RejectBody = z.object({ reason: z.string().trim().min(1, "is required") });

async function load(id: string): Promise<VendingRequestState> {
  const v = await getStores().vendingRequests.get(id);
  if (!v) throw new HttpError(404, "NotFound", `id: no vending request ${id}`, "id");
  return VendingRequestState.parse(v.value);
}

function requireApprover(request: HttpRequest) {
  const caller = vendingCallerOf(request);
  const role = getVendingSettings().AILZ_VENDING_APPROVER_ROLE;
  if (!isApprover(caller, role, getVendingConfig().approval.approvers)) {
    throw new HttpError(403, "Forbidden", `x-ms-client-principal: approving needs the '${role}' role or a listed approver`, "x-ms-client-principal");
  }
  return caller;
}

/** The decision goes to the orchestration, which records it (so the request and the instance never disagree). */
async function decide(request: HttpRequest, context: InvocationContext, decision: VendingDecision) {
  const id = request.params.id ?? "";
  const s = await load(id);
  if (s.status !== "AwaitingApproval") throw new HttpError(409, "Conflict", `status: the request is ${s.status}, not AwaitingApproval`, "status");
  await df.getClient(context).raiseEvent(id, VENDING_DECISION_EVENT, decision);
  return jsonReply(202, { id, decision: decision.decision, statusUrl: `/api/vending/requests/${id}` });
}

async function approve(request: HttpRequest, context: InvocationContext) {
  const caller = requireApprover(request);
  return decide(request, context, { decision: "approved", by: caller.id });
}

async function reject(request: HttpRequest, context: InvocationContext) {
  const caller = requireApprover(request);
  const body = RejectBody.parse(await readJsonBody(request));
  return decide(request, context, { decision: "rejected", by: caller.id, reason: body.reason });
}

/** Cancel is possible while a person still has to decide; after that the subscription is being built. */
async function cancel(request: HttpRequest, context: InvocationContext) {
  return decide(request, context, { decision: "cancelled", by: vendingCallerOf(request).id });
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
app.http("vendingApprove", { route: route("approve"), methods: ["POST"], authLevel: "function", extraInputs, handler: handle(approve) });
app.http("vendingReject", { route: route("reject"), methods: ["POST"], authLevel: "function", extraInputs, handler: handle(reject) });
app.http("vendingCancel", { route: route("cancel"), methods: ["POST"], authLevel: "function", extraInputs, handler: handle(cancel) });
app.http("vendingRetry", { route: route("retry"), methods: ["POST"], authLevel: "function", extraInputs, handler: handle(retry) });
