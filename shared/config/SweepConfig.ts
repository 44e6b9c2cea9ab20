import { z } from "zod";
import { CronExpressionParser } from "cron-parser";
import { Settings } from "luxon";

/**
 * cron-parser builds a luxon DateTime, and luxon's default locale is the system's: resolving it is
 * the process's first Intl call, which loads ICU (20 to 60 ms, most of start-up's policy check)
 * only to validate six fields. The parse runs with a fixed locale instead; it reads nothing
 * locale-sensitive (fields, ranges and steps), and the global default is restored after.
 */
function parseNcrontab(value: string): void {
  const systemDefault = Settings.defaultLocale;
  Settings.defaultLocale = "en-US";
  try {
    CronExpressionParser.parse(value);
  } finally {
    Settings.defaultLocale = systemDefault;
  }
}

/** Azure Functions timers use six-field NCRONTAB: second minute hour day month day-of-week. */
const Ncrontab = z.string().superRefine((value, ctx) => {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 6) {
    ctx.addIssue({ code: "custom", message: `NCRONTAB needs 6 fields (second minute hour day month weekday), got ${fields.length}` });
    return;
  }
  try {
    parseNcrontab(value);
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
