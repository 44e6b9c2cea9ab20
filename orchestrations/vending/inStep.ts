import type { VendingStepName } from "../../shared/vending/VendingStepName";
import { withStep } from "../../shared/vending/withStep";
import { errorOf } from "./errorOf";
import { markedError } from "./failureKind";
import { updateRequest } from "./requestState";
import type { VendingDeps } from "./VendingDeps";

/**
 * Runs one activity's work as (part of) a request step and keeps the step's record: running with
 * its start time, then succeeded with its result once `done(result)` says the step is finished
 * (polling steps span several activities), or the error Azure gave (kept for the Failed state,
 * rethrown marked permanent or retryable, failureKind.ts, for the orchestrator's retry loop).
 */
export async function inStep<T>(deps: VendingDeps, requestId: string, step: VendingStepName, work: () => Promise<T>, done: (result: T) => boolean = () => true): Promise<T> {
  const started = deps.now().toISOString();
  await updateRequest(deps, requestId, (s) => {
    const current = s.steps.find((x) => x.name === step);
    const base = s.status === "Provisioning" ? { ...s, currentStep: step } : s;
    return withStep(base, step, { status: "running", startedAt: current?.status === "running" ? (current.startedAt ?? started) : started, error: undefined, endedAt: undefined }, started);
  });
  let result: T;
  try {
    result = await work();
  } catch (e) {
    const at = deps.now().toISOString();
    await updateRequest(deps, requestId, (s) => withStep(s, step, { error: errorOf(e) }, at));
    throw markedError(e);
  }
  if (done(result)) {
    const at = deps.now().toISOString();
    await updateRequest(deps, requestId, (s) => withStep(s, step, { status: "succeeded", endedAt: at, result: result as unknown }, at));
  }
  return result;
}
