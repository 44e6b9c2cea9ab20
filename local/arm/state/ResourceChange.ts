import { z } from "zod";

// One change record as Azure Resource Graph's change analysis keeps them (the `resourcechanges`
// table, learn.microsoft.com/azure/governance/resource-graph/how-to/get-resource-changes): written as
// ARM writes and deletes happen, kept for 14 days. The row shape is built in kql/resourceChangeRows.ts.

/** How long Resource Graph keeps change records. */
export const CHANGE_RETENTION_MS = 14 * 86_400_000;

export const ResourceChange = z.object({
  /** The change resource's name (a GUID). */
  changeId: z.string().min(1),
  targetResourceId: z.string().min(1),
  changeType: z.enum(["Create", "Update", "Delete"]),
  timestamp: z.string().min(1),
  changedBy: z.string().optional(),
  changedByType: z.string().optional(),
  /** The ARM operation, e.g. `Microsoft.Compute/virtualMachines/write`. */
  operation: z.string().optional(),
  correlationId: z.string().optional(),
});
export type ResourceChange = z.infer<typeof ResourceChange>;
