import * as df from "durable-functions";
import type { OrchestrationContext, Task } from "durable-functions";
import { BatchSummary, SweepInput, type SweepStatus } from "./types";
import { SweepActivity } from "./names";

/** Batch retries: Azure's throttling is absorbed by the adapters; this covers what outlasts it. */
const BATCH_RETRY = { firstRetryMs: 5_000, maxAttempts: 4, backoff: 2 } as const;

function retry(): df.RetryOptions {
  const r = new df.RetryOptions(BATCH_RETRY.firstRetryMs, BATCH_RETRY.maxAttempts);
  r.backoffCoefficient = BATCH_RETRY.backoff;
  return r;
}

/**
 * The nightly sweep, as its runbook: scope and shared facts (cost, quota allocations) -> batches,
 * `concurrency` at a time -> start reclaims for idle allocations -> report. Instance id is the
 * sweep's date, so a rerun continues the same history and never repeats a completed activity.
 * Deterministic: time only from context.df.currentUtcDateTime, I/O only in activities.
 */
export function* nightlySweep(context: OrchestrationContext): Generator<Task, unknown, any> {
  const input = SweepInput.parse(context.df.getInput());
  const instanceId = context.df.instanceId;
  const now = () => context.df.currentUtcDateTime.toISOString();
  const startedAt = now();
  const status: SweepStatus = { phase: "scope", batchesDone: 0, batchesTotal: 0, failedBatches: [], dryRun: input.dryRun };
  const report = (s: Partial<SweepStatus>) => context.df.setCustomStatus(Object.assign(status, s));
  report({});

  // The shared facts (cost, quota allocations) do not depend on the scope: both read at once.
  const scopeTask = context.df.callActivityWithRetry(SweepActivity.listScope, retry(), { instanceId, now: now() });
  const sharedTask = context.df.callActivityWithRetry(SweepActivity.collectShared, retry(), { instanceId, now: now() });
  yield context.df.Task.all([scopeTask, sharedTask]);
  const scope = scopeTask.result as { batches: number; concurrency: number; subscriptions: number };

  // A sliding window, not waves: a batch starts the moment another ends, so Resource Graph's
  // quota is not left idle while a wave waits for its slowest batch.
  report({ phase: "batches", batchesTotal: scope.batches });
  const summaries: BatchSummary[] = [];
  const running = new Map<Task, number>();
  let next = 0;
  while (next < scope.batches || running.size > 0) {
    while (running.size < scope.concurrency && next < scope.batches) {
      running.set(context.df.callActivityWithRetry(SweepActivity.sweepBatch, retry(), { instanceId, index: next, now: now(), dryRun: input.dryRun }), next++);
    }
    // Task.any hands back the first task to finish, faulted or not (a batch that failed after its retries).
    const done: Task = yield context.df.Task.any([...running.keys()]);
    const index = running.get(done)!;
    running.delete(done);
    if (done.isFaulted) status.failedBatches.push(index);
    else summaries.push(BatchSummary.parse(done.result));
    report({ batchesDone: status.batchesDone + 1 });
  }
  summaries.sort((a, b) => a.index - b.index);
  status.failedBatches.sort((a, b) => a - b);

  report({ phase: "reclaims" });
  const reclaims = summaries.flatMap((s) => s.reclaims);
  let started = { started: [] as string[], running: [] as string[] };
  if (reclaims.length > 0 && !input.dryRun) {
    started = yield context.df.callActivityWithRetry(SweepActivity.startReclaims, retry(), { instanceId, reclaims });
  }

  report({ phase: "report" });
  const published: unknown = yield context.df.callActivityWithRetry(SweepActivity.publishReport, retry(), {
    instanceId,
    date: input.date,
    startedAt,
    now: now(),
    dryRun: input.dryRun,
    summaries,
    failedBatches: status.failedBatches,
    reclaimsStarted: started.started,
    reclaimsRunning: started.running,
  });
  report({ phase: "done" });
  return published;
}
