import { z } from "zod";
import { InventoryItem } from "../sweep/InventoryItem";
import { ScorecardCounts } from "../sweep/ScorecardCounts";
import { GpuTeamSpend } from "./GpuTeamSpend";
import { GpuUtilisationRow } from "./GpuUtilisationRow";
import { ReportItem } from "./ReportItem";
import { SandboxRow } from "./SandboxRow";

/** One batch's contribution to the report, kept in the sweep's scratch space until the report is built. */
export const BatchDetail = z.object({
  index: z.number().int(),
  subscriptions: z.number().int(),
  items: z.array(ReportItem),
  inventory: z.array(InventoryItem),
  counts: ScorecardCounts,
  sandboxes: z.array(SandboxRow),
  gpu: z.array(GpuUtilisationRow).default([]),
  gpuByTeam: z.array(GpuTeamSpend).default([]),
});
export type BatchDetail = z.infer<typeof BatchDetail>;
