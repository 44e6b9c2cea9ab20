import { z } from "zod";

export const sandboxLifecycleName = "sandboxLifecycle";

export const sandboxLifecycleParams = z
  .object({
    flagAfterDays: z.number().positive().default(14),
    decommissionAfterDays: z.number().positive().default(30),
    /** A sandbox is flagged at least this long before an inactivity decommission. */
    minNoticeDays: z.number().nonnegative().default(1),
    maxExtensions: z.number().int().nonnegative().default(2),
    expiresOnTag: z.string().default("expires-on"),
    flaggedTag: z.string().default("ailz-flagged"),
    /** Budget consumption (percent) at which a sandbox's compute is deallocated and the sandbox is CostCapped. */
    budgetCapPercent: z.number().positive().default(100),
    /** What crosses the cap: month-to-date spend, or the period's forecast (acts before the money is spent; cost data lags a day). */
    capOn: z.enum(["actual", "forecast"]).default("actual"),
    /** A sandbox's tag (on its subscription or resource group) with its monthly budget, e.g. `ailz-budget: "300"`. */
    budgetTag: z.string().default("ailz-budget"),
    /** The monthly budget of a sandbox with neither the tag nor an Azure budget of its own; none: such sandboxes have no cap. */
    defaultSandboxBudget: z.number().positive().optional(),
  })
  .strict()
  .refine((p) => p.decommissionAfterDays > p.flagAfterDays, {
    message: "decommissionAfterDays must be greater than flagAfterDays",
    path: ["decommissionAfterDays"],
  });

export const sandboxLifecycleExample = `
sandboxLifecycle:
  mode: enforce          # flag at 14 days idle, decommission at 30
  params:
    flagAfterDays: 14
    decommissionAfterDays: 30
    maxExtensions: 2
    capOn: forecast      # deallocate compute when the month's forecast reaches the budget
    defaultSandboxBudget: 300   # sandboxes without an ailz-budget tag or an Azure budget
`;
