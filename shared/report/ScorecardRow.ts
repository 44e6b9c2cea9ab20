import { z } from "zod";

export const ScorecardRow = z.object({
  area: z.enum(["gpuReadiness", "networking", "security", "automation", "shadowAi", "multiRegion", "teamSkills"]),
  title: z.string(),
  /** 1-5, or null when the estate holds no facts for it (and no manual input was given). */
  rating: z.number().int().min(1).max(5).nullable(),
  measure: z.string(),
  /** How the rating follows from the measure (the documented thresholds). */
  thresholds: z.string(),
  callOut: z.boolean(),
});
export type ScorecardRow = z.infer<typeof ScorecardRow>;
