import * as df from "durable-functions";
import type { OrchestrationContext, Task } from "durable-functions";
import { KEEP_EVENT, SweepActivity } from "./names";
import { KeepAnswer, ReclaimInput } from "./types";

const DAY = 86_400_000;

function retry(): df.RetryOptions {
  const r = new df.RetryOptions(5_000, 5);
  r.backoffCoefficient = 2;
  return r;
}

/**
 * Use it or lose it, two phases: notify the owner, then a durable timer for the grace period
 * raced with the owner's `keep` answer. Kept -> recorded until the end of the window; otherwise
 * the allocation is lowered (never below usage, re-read at that moment).
 */
export function* quotaReclaim(context: OrchestrationContext): Generator<Task, unknown, any> {
  const input = ReclaimInput.parse(context.df.getInput());
  const action = input.decision.action;
  if (action?.type !== "lowerQuotaAllocation") throw new Error("quotaReclaim: decision.action must be lowerQuotaAllocation");
  const notifiedAt = context.df.currentUtcDateTime;
  const graceEndsAt = new Date(notifiedAt.getTime() + action.graceDays * DAY);

  yield context.df.callActivityWithRetry(SweepActivity.reclaimNotify, retry(), { input, notifiedAt: notifiedAt.toISOString(), graceEndsAt: graceEndsAt.toISOString() });
  context.df.setCustomStatus({ phase: "grace", graceEndsAt: graceEndsAt.toISOString() });

  const timer = context.df.createTimer(graceEndsAt);
  const keep = context.df.waitForExternalEvent(KEEP_EVENT);
  const winner: Task = yield context.df.Task.any([timer, keep]);
  if (winner === keep) {
    timer.cancel();
    const answer = KeepAnswer.parse(keep.result);
    context.df.setCustomStatus({ phase: "kept" });
    return yield context.df.callActivityWithRetry(SweepActivity.reclaimKeep, retry(), { input, answer, at: context.df.currentUtcDateTime.toISOString() });
  }
  context.df.setCustomStatus({ phase: "lowering" });
  const result: unknown = yield context.df.callActivityWithRetry(SweepActivity.reclaimLower, retry(), { input, at: context.df.currentUtcDateTime.toISOString() });
  context.df.setCustomStatus({ phase: "done" });
  return result;
}
