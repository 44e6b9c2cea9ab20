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
    /** Budget consumption (percent) at which a sandbox's compute is deallocated. */
    budgetCapPercent: z.number().positive().default(100),
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
`;
