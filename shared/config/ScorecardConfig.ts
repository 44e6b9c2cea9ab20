import { z } from "zod";

/** Manual inputs to the readiness scorecard (facts the estate cannot tell). */
export const ScorecardConfig = z
  .object({ teamSkills: z.number().int().min(1).max(5).optional().describe("Self-assessed team skills, 1-5.") })
  .strict();
export type ScorecardConfig = z.infer<typeof ScorecardConfig>;
