import type { OrchestrationContext, Task, TimerTask } from "durable-functions";
import type { VendingStepName } from "../../shared/vending/VendingStepName";
import type { AliasState } from "../../shared/azure/subscriptions/createAlias";
import type { LoadedRequest } from "./activities/loadRequest";
import type { ProviderStates } from "./activities/providers";
import { VENDING_DECISION_EVENT, VendingActivity } from "./names";
import { failureOf } from "./failureKind";
import { VendInput, VendingDecision, type RetrySpec } from "./VendInput";


/** A failure the orchestrator decided on (timeouts), as opposed to an activity's. */
class StepFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

interface Compensation {
  activity: string;
  input: unknown;
}

/**
 * Subscription vending as its runbook. Instance id: the request id (a `retry` starts
 * `<id>:retry-<n>`, which skips the steps the request records as succeeded). Deterministic: time
 * only from context.df.currentUtcDateTime, I/O only in activities, policy values fixed in the input.
 */
export function* vendSubscription(context: OrchestrationContext): Generator<Task, unknown, any> {
  const input = VendInput.parse(context.df.getInput());
  const { requestId } = input;
  const now = () => context.df.currentUtcDateTime;
  const at = (offsetMs = 0) => new Date(now().getTime() + offsetMs);
  // The orchestrator's own retry loop on durable timers: a permanent failure (failureKind.ts,
  // read from the recorded activity error) is not retried; a retryable one until maxAttempts.
  function* call(activity: string, payload: unknown, r: RetrySpec = input.retry): Generator<Task, any, any> {
    let waitMs = r.firstRetryMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return yield context.df.callActivity(activity, payload);
      } catch (e) {
        const failure = failureOf(e);
        if (failure.kind === "permanent" || attempt >= r.maxAttempts) throw e;
        status({ step, retrying: activity, attempt, after: failure.code ?? "error" });
        yield context.df.createTimer(at(waitMs));
        waitMs = Math.min(waitMs * r.backoff, r.maxRetryMs);
      }
    }
  }
  const status = (s: Record<string, unknown>) => context.df.setCustomStatus({ requestId, attempt: input.attempt, ...s });
  let step: VendingStepName | "approval" = "approval";

  const loaded: LoadedRequest = yield* call(VendingActivity.loadRequest, { requestId });
  const done = loaded.completed;

  // 1. Approval gate.
  if (!("approval" in done)) {
    if (input.approvalReasons.length > 0) {
      const deadline = at(input.approvalTimeoutMs);
      status({ step: "approval", deadline: deadline.toISOString() });
      yield* call(VendingActivity.awaitApproval, { requestId, reasons: input.approvalReasons, deadline: deadline.toISOString() });
      const timer: TimerTask = context.df.createTimer(deadline);
      const event = context.df.waitForExternalEvent(VENDING_DECISION_EVENT);
      const winner: Task = yield context.df.Task.any([event, timer]);
      if (winner === timer) {
        yield* call(VendingActivity.recordDecision, { requestId, decision: "expired", at: now().toISOString() });
        status({ step: "approval", outcome: "Expired" });
        return { requestId, status: "Expired" };
      }
      timer.cancel();
      const decision = VendingDecision.parse(event.result);
      yield* call(VendingActivity.recordDecision, { requestId, ...decision, at: now().toISOString() });
      if (decision.decision !== "approved") {
        status({ step: "approval", outcome: decision.decision });
        return { requestId, status: decision.decision === "rejected" ? "Rejected" : "Cancelled" };
      }
    } else {
      yield* call(VendingActivity.recordDecision, { requestId, decision: "notRequired", at: now().toISOString() });
    }
  } else if (loaded.status !== "Provisioning") {
    yield* call(VendingActivity.recordDecision, { requestId, decision: "approved", by: "retry", at: now().toISOString() });
  }

  const compensations: Compensation[] = [];
  let subscriptionId = (done.subscription as AliasState | undefined)?.subscriptionId;
  const forSub = () => ({ requestId, subscriptionId: subscriptionId! });
  const begin = (s: VendingStepName) => {
    step = s;
    status({ step: s, subscriptionId });
    return !(s in done);
  };

  try {
    // 2. Subscription through an alias; Azure can take many minutes, so poll on durable timers.
    if (begin("subscription")) {
      let alias: AliasState = yield* call(VendingActivity.createSubscription, { requestId });
      const giveUpAt = at(input.aliasPollTimeoutMs);
      while (alias.provisioningState !== "Succeeded") {
        if (now() >= giveUpAt) throw new StepFailure("AliasTimeout", `alias still ${alias.provisioningState} after ${input.aliasPollTimeoutMs / 60_000} minutes`);
        yield context.df.createTimer(at(input.aliasPollIntervalMs));
        alias = yield* call(VendingActivity.checkSubscription, { requestId });
      }
      subscriptionId = alias.subscriptionId;
    }
    if (!subscriptionId) throw new StepFailure("SubscriptionIdMissing", "the alias succeeded without a subscription id");

    // 3. Management group reconcile and tags.
    if (begin("placement")) yield* call(VendingActivity.placeSubscription, forSub());

    // 4. Resource providers, waiting for Registered.
    if (begin("providers")) {
      let states: ProviderStates = yield* call(VendingActivity.registerProviders, forSub());
      const giveUpAt = at(input.providerPollTimeoutMs);
      while (!Object.values(states).every((v) => v === "Registered")) {
        if (now() >= giveUpAt) throw new StepFailure("ProviderRegistrationTimeout", `providers not registered: ${JSON.stringify(states)}`);
        yield context.df.createTimer(at(input.providerPollIntervalMs));
        states = yield* call(VendingActivity.checkProviders, forSub());
      }
    }

    // 5. RBAC: PrincipalNotFound while a principal replicates is retried with a longer backoff.
    if (begin("rbac")) yield* call(VendingActivity.assignOwners, forSub(), input.rbacRetry);

    // 6. Budget with actual + forecast notifications.
    if (begin("budget")) yield* call(VendingActivity.createBudget, forSub());

    // 7. Network. Its compensations are registered first: a partial network step is undone too.
    if (begin("network")) {
      compensations.push({ activity: VendingActivity.removePeerings, input: forSub() });
      compensations.push({ activity: VendingActivity.releaseAddressRange, input: { requestId } });
      yield* call(VendingActivity.configureNetwork, forSub());
    }

    // 8. GPU quota (never fails the request: shortfalls become pending increases).
    if (begin("quota")) {
      try {
        yield* call(VendingActivity.allocateGpuQuota, forSub());
      } catch (e) {
        yield* call(VendingActivity.allocateGpuQuota, { ...forSub(), unavailable: `quota service unavailable: ${(e as Error).message}` });
      }
    }

    // 9. Enforcement wiring.
    if (begin("eventGrid")) yield* call(VendingActivity.wireEventGrid, forSub());

    // 10. Catalog, Completed, notification.
    begin("record");
    yield* call(VendingActivity.recordCatalog, { ...forSub(), at: now().toISOString() });
    status({ step: "record", outcome: "Completed", subscriptionId });
    return { requestId, status: "Completed", subscriptionId };
  } catch (err) {
    const failedStep = step;
    // Saga: undo in reverse order; a compensation that fails is logged in the status, not rethrown.
    const compensationErrors: string[] = [];
    for (const c of compensations.reverse()) {
      try {
        yield* call(c.activity, c.input);
      } catch (e) {
        compensationErrors.push(`${c.activity}: ${(e as Error).message}`);
      }
    }
    const fallback = err instanceof StepFailure ? { code: err.code, message: err.message } : { code: failureOf(err).code ?? "VendingStepFailed", message: (err as Error).message };
    yield* call(VendingActivity.markFailed, { requestId, step: failedStep, at: now().toISOString(), fallback });
    status({ step: failedStep, outcome: "Failed", compensationErrors });
    return { requestId, status: "Failed", step: failedStep };
  }
}
