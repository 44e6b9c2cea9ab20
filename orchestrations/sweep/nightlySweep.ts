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
 * The nightly sweep, as its runbook: scope -> shared facts (cost, quota allocations) -> batches
 * in waves of `concurrency` -> start reclaims for idle allocations -> report. Instance id is the
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

  const scope: { batches: number; concurrency: number; subscriptions: number } = yield context.df.callActivityWithRetry(SweepActivity.listScope, retry(), { instanceId, now: now() });
  report({ phase: "shared", batchesTotal: scope.batches });
  yield context.df.callActivityWithRetry(SweepActivity.collectShared, retry(), { instanceId, now: now() });

  report({ phase: "batches" });
  const summaries: BatchSummary[] = [];
  for (let start = 0; start < scope.batches; start += scope.concurrency) {
    const wave = Array.from({ length: Math.min(scope.concurrency, scope.batches - start) }, (_, i) => start + i);
    const at = now();
    const tasks = wave.map((index) => context.df.callActivityWithRetry(SweepActivity.sweepBatch, retry(), { instanceId, index, now: at, dryRun: input.dryRun }));
    try {
      yield context.df.Task.all(tasks);
    } catch {
      // One batch failed after its retries: wait for the rest of the wave, then report the failure.
      for (const t of tasks) {
        if (!t.isCompleted) {
          try {
            yield t;
          } catch {
            /* recorded below */
          }
        }
      }
    }
    tasks.forEach((t, i) => {
      if (t.isFaulted) status.failedBatches.push(wave[i]!);
      else summaries.push(BatchSummary.parse(t.result));
    });
    report({ batchesDone: status.batchesDone + wave.length });
  }

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
