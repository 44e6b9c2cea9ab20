import { z } from "zod";
import { CronExpressionParser } from "cron-parser";

/** Azure Functions timers use six-field NCRONTAB: second minute hour day month day-of-week. */
const Ncrontab = z.string().superRefine((value, ctx) => {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 6) {
    ctx.addIssue({ code: "custom", message: `NCRONTAB needs 6 fields (second minute hour day month weekday), got ${fields.length}` });
    return;
  }
  try {
    CronExpressionParser.parse(value);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `invalid NCRONTAB: ${(e as Error).message}` });
  }
});

export const SweepConfig = z
  .object({
    schedule: Ncrontab.default("0 0 2 * * *"),
    /** Subscriptions per batch: one Resource Graph query covers a batch. */
    batchSize: z.number().int().min(1).max(1000).default(500),
    /** Batches in flight at once; keep low enough for Resource Graph's per-user quota. */
    concurrency: z.number().int().min(1).max(32).default(4),
  })
  .strict();
export type SweepConfig = z.infer<typeof SweepConfig>;
