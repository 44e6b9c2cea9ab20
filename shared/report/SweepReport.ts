import { z } from "zod";
import { GpuTeamSpend } from "./GpuTeamSpend";
import { GpuUtilisationRow } from "./GpuUtilisationRow";
import { CostAttribution } from "./CostAttribution";
import { InventoryItem } from "../sweep/InventoryItem";
import { ReportItem } from "./ReportItem";
import { SandboxRow } from "./SandboxRow";
import { ScorecardRow } from "./ScorecardRow";

export const InventorySummary = z.object({
  total: z.number().int(),
  governed: z.number().int(),
  shadow: z.number().int(),
  bySubscription: z.record(z.string(), z.object({ governed: z.number().int(), shadow: z.number().int() })),
  byRule: z.record(z.string(), z.number().int()),
  /** Shadow resources (capped at MAX_LISTED; `total`/`shadow` are exact). */
  shadowItems: z.array(InventoryItem),
  change: z
    .object({ previousDate: z.string(), shadowDelta: z.number().int(), governedDelta: z.number().int(), newShadow: z.array(z.string()), goneShadow: z.array(z.string()) })
    .optional(),
});
export type InventorySummary = z.infer<typeof InventorySummary>;

/** The morning report as stored in `reports/<date>/report.json` (Markdown and HTML render it). */
export const SweepReport = z.object({
  date: z.string(),
  sweepId: z.string(),
  generatedAt: z.string(),
  dryRun: z.boolean(),
  scope: z.object({ subscriptions: z.number().int(), batches: z.number().int(), failedBatches: z.array(z.number().int()) }),
  totals: z.object({ flagged: z.number().int(), done: z.number().int(), wouldDo: z.number().int(), skipped: z.number().int(), failed: z.number().int(), exempt: z.number().int().default(0) }),
  items: z.array(ReportItem),
  /** Items left out of `items` beyond the cap, by outcome. */
  omitted: z.number().int(),
  sandboxes: z.array(SandboxRow),
  reclaims: z.object({ started: z.array(z.string()), running: z.array(z.string()) }),
  inventory: InventorySummary,
  scorecard: z.array(ScorecardRow),
  /** GPU utilisation per subscription (reports from before it existed have none). */
  gpuUtilisation: z.array(GpuUtilisationRow).default([]),
  /** GPU compute's monthly run rate by team tag (reports from before it existed have none). */
  gpuByTeam: z.array(GpuTeamSpend).default([]),
  /** Spend per cost-center / project value with month-over-month change (absent when no tag group is queried). */
  costAttribution: CostAttribution.optional(),
});
export type SweepReport = z.infer<typeof SweepReport>;

export const MAX_LISTED = 2000;
