import { z } from "zod";
import { InventoryItem } from "../sweep/InventoryItem";
import { ScorecardCounts } from "../sweep/ScorecardCounts";
import { ReportItem } from "./ReportItem";

/** One batch's contribution to the report, kept in the sweep's scratch space until the report is built. */
export const BatchDetail = z.object({
  index: z.number().int(),
  subscriptions: z.number().int(),
  items: z.array(ReportItem),
  inventory: z.array(InventoryItem),
  counts: ScorecardCounts,
  sandboxes: z.array(z.object({ id: z.string(), status: z.string(), lastActivityAt: z.string(), flaggedAt: z.string().optional(), decommissionedAt: z.string().optional() })),
});
export type BatchDetail = z.infer<typeof BatchDetail>;
